/**
 * What a browser fetches before a server-rendered page can run: the stylesheets and module scripts its
 * HTML names (link rel=stylesheet, script src, the inline start-up script's `import(...)`), those of
 * its Link header (SvelteKit sends its modulepreloads there, not in the HTML, for pages it renders on
 * request), and every module those import statically, fetched from a running gateway with gzip
 * accepted, so the bytes are those on the wire (files under the gateway's 1 KB floor come uncompressed,
 * as CloudFront sends them). Dynamic imports other than the start-up script's are left out: SvelteKit
 * loads the other routes' code only on navigation.
 */
import { request } from 'node:http';

export interface PageAssets {
  /** Bytes of JS and CSS on the wire, gzip accepted. */
  wireBytes: number;
  /** The same files uncompressed. */
  rawBytes: number;
  files: number;
  /** Stylesheet links in the page, each of which holds up the first paint. */
  blockingStylesheets: number;
  /** Bytes of CSS the HTML carries itself in <style> elements. */
  inlineCssBytes: number;
  /** The HTML on the wire, gzip accepted. */
  htmlWireBytes: number;
}

interface Fetched {
  body: Buffer;
  wireBytes: number;
}

export async function measurePageAssets(origin: string, path: string): Promise<PageAssets> {
  const pageUrl = new URL(path, origin);
  const page = await fetchBytes(pageUrl.href, 'identity');
  const htmlWire = await fetchBytes(pageUrl.href, 'gzip');
  const links = htmlAssets(page.body.toString('utf8'), pageUrl);

  const seen = new Map<string, Fetched>();
  const queue = [...links.stylesheets, ...links.scripts, ...linkHeaderAssets(page.link, pageUrl)];
  while (queue.length > 0) {
    const url = queue.shift()!;
    if (seen.has(url)) continue;
    const raw = await fetchBytes(url, 'identity');
    const wire = await fetchBytes(url, 'gzip');
    seen.set(url, { body: raw.body, wireBytes: wire.wireBytes });
    if (new URL(url).pathname.endsWith('.js'))
      for (const spec of staticImports(raw.body.toString('utf8'))) queue.push(new URL(spec, url).href);
  }
  let wireBytes = 0;
  let rawBytes = 0;
  for (const file of seen.values()) {
    wireBytes += file.wireBytes;
    rawBytes += file.body.byteLength;
  }
  return {
    wireBytes,
    rawBytes,
    files: seen.size,
    blockingStylesheets: links.stylesheets.length,
    inlineCssBytes: links.inlineCssBytes,
    htmlWireBytes: htmlWire.wireBytes,
  };
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag)?.slice(1).find(Boolean);

/** The stylesheets and scripts the HTML asks for, as absolute URLs. */
export function htmlAssets(
  html: string,
  base: URL,
): { stylesheets: string[]; scripts: string[]; inlineCssBytes: number } {
  const stylesheets: string[] = [];
  const scripts: string[] = [];
  for (const [tag] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = attr(tag, 'rel')?.toLowerCase().split(/\s+/) ?? [];
    const href = attr(tag, 'href');
    if (!href) continue;
    // A stylesheet for print (or any media that does not match) does not hold up the first paint.
    const media = attr(tag, 'media');
    // SvelteKit leaves a disabled link for each stylesheet it inlined; browsers do not fetch those.
    const disabled = /\sdisabled[\s>=/]/i.test(tag);
    if (rel.includes('stylesheet') && !disabled && (!media || media === 'all' || media === 'screen'))
      stylesheets.push(new URL(href, base).href);
    else if (rel.includes('modulepreload')) scripts.push(new URL(href, base).href);
  }
  let inlineCssBytes = 0;
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const src = attr(match[1] ?? '', 'src');
    if (src) scripts.push(new URL(src, base).href);
    for (const [, spec] of (match[2] ?? '').matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g))
      scripts.push(new URL(spec!, base).href);
  }
  for (const [, css = ''] of html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi))
    inlineCssBytes += Buffer.byteLength(css);
  return { stylesheets, scripts, inlineCssBytes };
}

/** The modules and stylesheets a Link header preloads, as absolute URLs. */
export function linkHeaderAssets(header: string | undefined, base: URL): string[] {
  const urls: string[] = [];
  for (const [, href, params = ''] of (header ?? '').matchAll(/<([^>]*)>([^,]*)/g)) {
    const rel = /\brel\s*=\s*"?([^";]*)/i.exec(params)?.[1]?.toLowerCase().split(/\s+/) ?? [];
    const as = /\bas\s*=\s*"?([^";]*)/i.exec(params)?.[1]?.toLowerCase();
    if (rel.includes('modulepreload') || (rel.includes('preload') && (as === 'style' || as === 'script')))
      urls.push(new URL(href!, base).href);
  }
  return urls;
}

/** The specifiers of a built module's static imports and re-exports (minified ESM, as Vite writes it). */
export function staticImports(code: string): string[] {
  const specs = new Set<string>();
  for (const [, spec] of code.matchAll(
    /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?["']([^"']+)["']/g,
  ))
    specs.add(spec!);
  return [...specs];
}

function fetchBytes(
  url: string,
  acceptEncoding: string,
): Promise<{ body: Buffer; wireBytes: number; link: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        if ((res.statusCode ?? 0) >= 400) reject(new Error(`${url}: ${res.statusCode}`));
        else {
          const body = Buffer.concat(chunks);
          const link = res.headers.link;
          resolve({ body, wireBytes: body.byteLength, link: Array.isArray(link) ? link.join(', ') : link });
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}
