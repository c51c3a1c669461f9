/**
 * `npm start` as a user runs it (minus the web build, which `npm test` has done): the real CLI, its
 * own DynamoDB Local on disk, demo data, the printed sign-in token, a clean SIGTERM, and a restart
 * that keeps what was written.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const tsxCli = createRequire(import.meta.url).resolve('tsx/cli');
const dataDir = mkdtempSync(join(tmpdir(), 'hearth-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcessWithoutNullStreams;
  url: string;
  token: string;
  output: string;
}

function startCli(): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: '0', DATA_DIR: dataDir };
  delete env.AWS_ENDPOINT_URL_DYNAMODB;
  delete env.SSO_SECRET;
  delete env.TABLE_NAME;
  delete env.HEARTH_LOCAL;
  const child = spawn(process.execPath, [tsxCli, 'infra/local/start.ts'], { env });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`start timed out:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const url = /Hearth is running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      const token = /"token":"([\w.-]+)"/.exec(output)?.[1];
      if (url && token) {
        clearTimeout(timer);
        resolve({ child, url, token, output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`start exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

const dynamoRunningFor = (dir: string) =>
  spawnSync('pgrep', ['-f', `DynamoDBLocal.jar.*${dir}`], { encoding: 'utf8' }).stdout.trim() !== '';

describe('npm start', () => {
  it('serves the seeded board, stops cleanly on SIGTERM, and keeps data across a restart', async () => {
    const first = await startCli();
    let postId: string;
    try {
      expect(first.output).toContain('demo data seeded');
      const board = await fetch(`${first.url}/b/feature-requests`);
      expect(board.status).toBe(200);
      expect(await board.text()).toContain('Export reports as CSV');

      const signIn = await fetch(`${first.url}/api/auth/sso`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: first.token }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      const created = await fetch(`${first.url}/api/boards/feature-requests/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, origin: first.url },
        body: JSON.stringify({ title: 'Survives a restart' }),
      });
      expect(created.status).toBe(201);
      postId = ((await created.json()) as { post: { id: string } }).post.id;
    } finally {
      expect(await stop(first.child)).toBe(0);
    }
    expect(dynamoRunningFor(dataDir)).toBe(false);

    const second = await startCli();
    try {
      expect(second.output).not.toContain('demo data seeded');
      const post = await fetch(`${second.url}/api/posts/${postId}`);
      expect(post.status).toBe(200);
      expect(((await post.json()) as { post: { title: string } }).post.title).toBe('Survives a restart');
      const boards = (await (await fetch(`${second.url}/api/boards`)).json()) as { boards: unknown[] };
      expect(boards.boards).toHaveLength(4);
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
    // Two cold starts of DynamoDB Local and the server, each allowed a minute: slow on a loaded box, not red.
  }, 180_000);

  it('says what to install when Java is missing', () => {
    // A PATH with node and nothing else (on Debian, java sits beside node in /usr/bin).
    const bin = mkdtempSync(join(tmpdir(), 'hearth-nojava-'));
    symlinkSync(process.execPath, join(bin, 'node'));
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: bin,
      PORT: '0',
      DATA_DIR: dataDir,
    };
    delete env.AWS_ENDPOINT_URL_DYNAMODB;
    const result = spawnSync(process.execPath, [tsxCli, 'infra/local/start.ts'], {
      env,
      encoding: 'utf8',
      timeout: 30_000,
    });
    rmSync(bin, { recursive: true, force: true });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/needs Java 17/);
    expect(result.stderr).toMatch(/apt-get install -y openjdk-17-jre-headless/);
  });
});
