/**
 * Builds test/bench/trivial-kit (one page, the repo's SvelteKit and adapter) in a temporary folder and
 * serves it through the same gateway and SvelteKit handler as Hearth's pages, so compression and
 * headers match and only the app differs.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { SSRManifest } from '@sveltejs/kit';
import { startGateway, type HttpHandler } from '../../infra/local/gateway.ts';
import { createSvelteKitHandler } from '../../web/lambda/sveltekit-handler.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = join(ROOT, 'test/bench/trivial-kit/');

export interface TrivialKit {
  url: string;
  stop(): Promise<void>;
}

export async function startTrivialKit(): Promise<TrivialKit> {
  const dir = mkdtempSync(join(tmpdir(), 'hearth-trivial-kit-'));
  try {
    // Kit reads svelte.config.js from the working folder and writes .svelte-kit/ and build/ there; its
    // generated modules import svelte and @sveltejs/kit, found through the linked node_modules.
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(dir, 'svelte.config.js'), `export { default } from '${APP}svelte.config.js';\n`);
    writeFileSync(
      join(dir, 'vite.config.js'),
      `import { sveltekit } from '@sveltejs/kit/vite';\nexport default { plugins: [sveltekit()], logLevel: 'warn' };\n`,
    );
    await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], {
      cwd: dir,
    });
    const serverDir = join(dir, 'build/server/');
    const { Server } = (await import(pathToFileURL(`${serverDir}index.js`).href)) as {
      Server: Parameters<typeof createSvelteKitHandler>[0];
    };
    const { manifest } = (await import(pathToFileURL(`${serverDir}manifest.js`).href)) as {
      manifest: SSRManifest;
    };
    const webHandler = (await createSvelteKitHandler(Server, manifest)) as HttpHandler;
    const notFound: HttpHandler = async () => ({ statusCode: 404, body: '' });
    const server = await startGateway({
      port: 0,
      apiHandler: notFound,
      webHandler,
      staticDir: join(dir, 'build/client'),
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}`,
      stop: async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
