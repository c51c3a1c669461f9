/**
 * Page weight on the wire: the board page's HTML and the API's post list, as the local gateway sends
 * them uncompressed, gzipped and in brotli (CloudFront's choice on AWS compresses harder than the
 * gateway's quick brotli, so the AWS figures are at most these). On the seeded demo data, from a local
 * stack of its own.
 */
import { request } from 'node:http';
import { startLocalStack } from '../../infra/local/stack.ts';

const TARGETS = [
  ['board page HTML (/b/feature-requests)', '/b/feature-requests'],
  ['API post list (/api/boards/feature-requests/posts)', '/api/boards/feature-requests/posts'],
] as const;
const ENCODINGS = ['identity', 'gzip', 'br'] as const;

function bytesOnTheWire(url: string, acceptEncoding: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
    });
    req.on('error', reject);
    req.end();
  });
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

export async function benchPageWeight(): Promise<void> {
  const stack = await startLocalStack({ port: 0, tableName: 'bench-page-weight', seed: true });
  try {
    console.log('\nPage weight on the wire (local gateway, seeded demo data)\n');
    const rows = [['', ...ENCODINGS]];
    for (const [label, path] of TARGETS) {
      const cells = [];
      for (const encoding of ENCODINGS) {
        const res = await bytesOnTheWire(`${stack.url}${path}`, encoding);
        if (res.encoding !== encoding) throw new Error(`${path} came back ${res.encoding}, not ${encoding}`);
        cells.push(kib(res.bytes));
      }
      rows.push([label, ...cells]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows)
      console.log(
        row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
      );
  } finally {
    await stack.stop();
  }
}
