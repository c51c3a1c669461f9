/**
 * Page weight on the wire: the board page's HTML and the API's post list, as the local gateway sends
 * them uncompressed, gzipped and in brotli (CloudFront's choice on AWS compresses harder than the
 * gateway's quick brotli, so the AWS figures are at most these). Then the JS and CSS the board page and
 * a post page load before they run (page-assets.ts), gzip accepted. On the seeded demo data, from a
 * local stack of its own.
 */
import { request } from 'node:http';
import { startBenchStack } from './bench-stack.ts';
import { measurePageAssets } from './page-assets.ts';

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
  const stack = await startBenchStack('bench-page-weight');
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
    printTable(rows);

    const list = (await (await fetch(`${stack.url}/api/boards/feature-requests/posts`)).json()) as {
      posts: { id: string }[];
    };
    const pages = [
      ['board page (/b/feature-requests)', '/b/feature-requests'],
      ['post page (/p/<id>)', `/p/${list.posts[0]?.id ?? ''}`],
    ] as const;
    console.log('\nJS and CSS a page loads before it runs (gzip accepted; inline CSS counts in its HTML)\n');
    const assetRows = [
      ['', 'JS+CSS gz', 'JS+CSS raw', 'files', 'render-blocking CSS', 'inline CSS', 'HTML gz'],
    ];
    for (const [label, path] of pages) {
      const a = await measurePageAssets(stack.url, path);
      assetRows.push([
        label,
        kib(a.wireBytes),
        kib(a.rawBytes),
        String(a.files),
        String(a.blockingStylesheets),
        kib(a.inlineCssBytes),
        kib(a.htmlWireBytes),
      ]);
    }
    printTable(assetRows);
  } finally {
    await stack.stop();
  }
}

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const row of rows)
    console.log(
      row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
    );
}
