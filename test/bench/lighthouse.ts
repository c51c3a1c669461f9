/**
 * Lighthouse (mobile, its default config: simulated slow 4G and a slowed CPU) on the board page and a
 * post page of a local stack with the seeded demo data, and on a trivial SvelteKit page built in the
 * same run (trivial-kit-server.ts), so the ratios say what Hearth adds to SvelteKit's own cost on this
 * machine. The median of three runs each; Debian's Chromium, headless. Nothing here asserts a figure.
 */
import { launch, type LaunchedChrome } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { startBenchStack } from './bench-stack.ts';
import { startTrivialKit } from './trivial-kit-server.ts';

const RUNS = 3;
let version = '';
const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';

interface Figures {
  performance: number;
  accessibility: number;
  lcpMs: number;
}

async function audit(chrome: LaunchedChrome, url: string): Promise<Figures> {
  const result = await lighthouse(url, {
    port: chrome.port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: ['performance', 'accessibility'],
  });
  if (!result) throw new Error(`Lighthouse gave no result for ${url}`);
  const { categories, audits, runtimeError } = result.lhr;
  if (runtimeError) throw new Error(`Lighthouse on ${url}: ${runtimeError.message}`);
  version = result.lhr.lighthouseVersion;
  return {
    performance: (categories.performance?.score ?? 0) * 100,
    accessibility: (categories.accessibility?.score ?? 0) * 100,
    lcpMs: audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
  };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function medianOf(chrome: LaunchedChrome, url: string): Promise<Figures> {
  const runs: Figures[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await audit(chrome, url));
  return {
    performance: median(runs.map((r) => r.performance)),
    accessibility: median(runs.map((r) => r.accessibility)),
    lcpMs: median(runs.map((r) => r.lcpMs)),
  };
}

export async function benchLighthouse(): Promise<void> {
  const stack = await startBenchStack('bench-lighthouse');
  let trivial: Awaited<ReturnType<typeof startTrivialKit>> | undefined;
  let chrome: LaunchedChrome | undefined;
  try {
    trivial = await startTrivialKit();
    const list = (await (await fetch(`${stack.url}/api/boards/feature-requests/posts`)).json()) as {
      posts: { id: string }[];
    };
    const postId = list.posts[0]?.id;
    if (!postId) throw new Error('The demo board has no posts');
    chrome = await launch({ chromePath: CHROME_PATH, chromeFlags: ['--headless=new', '--no-sandbox'] });

    const pages = [
      ['trivial SvelteKit page', `${trivial.url}/`],
      ['board page (/b/feature-requests)', `${stack.url}/b/feature-requests`],
      ['post page (/p/<id>)', `${stack.url}/p/${postId}`],
    ] as const;
    const figures: Figures[] = [];
    for (const [, url] of pages) figures.push(await medianOf(chrome, url));

    const floor = figures[0]!;
    console.log(
      `\nLighthouse ${version}, mobile, median of ${RUNS} runs (local gateway, seeded demo data)\n`,
    );
    const rows = [['', 'performance', 'LCP', 'accessibility', 'perf ratio', 'LCP ratio']];
    pages.forEach(([label], i) => {
      const f = figures[i]!;
      rows.push([
        label,
        f.performance.toFixed(0),
        `${(f.lcpMs / 1000).toFixed(2)} s`,
        f.accessibility.toFixed(0),
        i === 0 ? '' : `${(f.performance / floor.performance).toFixed(2)}x`,
        i === 0 ? '' : `${(f.lcpMs / floor.lcpMs).toFixed(2)}x`,
      ]);
    });
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    for (const row of rows)
      console.log(
        row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
      );
  } finally {
    chrome?.kill();
    await trivial?.stop();
    await stack.stop();
  }
}
