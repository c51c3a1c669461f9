/**
 * Response compression for the local gateway, as CloudFront does it on AWS: brotli or gzip for text
 * bodies of 1 KB or more when the client accepts it, `Vary: Accept-Encoding` on whatever could be
 * compressed, and nothing touched that is already encoded, empty by definition, or streamed.
 */
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** CloudFront's own floor: below it the saving does not pay for the work. */
export const MIN_COMPRESS_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

// Event streams are left out: compressing them would hold events back until a block fills.
const COMPRESSIBLE =
  /^(text\/(?!event-stream)|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml|[^;]*\+json|[^;]*\+xml)/i;

export function isCompressibleType(contentType: string | undefined): boolean {
  return contentType !== undefined && COMPRESSIBLE.test(contentType.trim());
}

/** The encoding to send for an Accept-Encoding header: br over gzip, whatever the client's q order. */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (!token) continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(token, Number.isFinite(weight) ? weight : 0);
  }
  const wildcard = weights.get('*') ?? 0;
  const accepts = (encoding: Encoding) => (weights.get(encoding) ?? wildcard) > 0;
  if (accepts('br')) return 'br';
  if (accepts('gzip')) return 'gzip';
  return undefined;
}

/**
 * Dynamic answers are compressed on every request, so quality is traded for speed there (brotli 4 is
 * about gzip's speed at a smaller size); static files are compressed once, so they get the best.
 */
export function compressBody(body: Buffer, encoding: Encoding, kind: 'dynamic' | 'static'): Promise<Buffer> {
  if (encoding === 'gzip') return gzipAsync(body, { level: kind === 'static' ? 9 : 6 });
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: kind === 'static' ? constants.BROTLI_MAX_QUALITY : 4,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
    },
  });
}

export interface ResponseFacts {
  method: string;
  status: number;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  cacheControl: string | undefined;
}

/** Whether this response could come out compressed for some client, and so must say `Vary`. */
export function mayCompress(r: ResponseFacts): boolean {
  return (
    r.status !== 204 &&
    r.status !== 304 &&
    !r.contentEncoding &&
    !/(^|,)\s*no-transform\s*(,|$)/i.test(r.cacheControl ?? '') &&
    isCompressibleType(r.contentType)
  );
}

/** The encoding to apply to this body for this request, if any. */
export function encodingFor(
  r: ResponseFacts,
  acceptEncoding: string | undefined,
  bodyBytes: number,
): Encoding | undefined {
  if (r.method === 'HEAD' || bodyBytes < MIN_COMPRESS_BYTES || !mayCompress(r)) return undefined;
  return chooseEncoding(acceptEncoding);
}

/** A Vary value with Accept-Encoding in it, keeping whatever the response varied on already. */
export function varyWithAcceptEncoding(vary: string | undefined): string {
  if (!vary) return 'Accept-Encoding';
  const names = vary.split(',').map((s) => s.trim().toLowerCase());
  return names.includes('*') || names.includes('accept-encoding') ? vary : `${vary}, Accept-Encoding`;
}

/** Compressed static files, by path and encoding; a rebuilt file (new mtime or size) replaces its entry. */
export class StaticCompressionCache {
  private readonly entries = new Map<string, { version: string; body: Promise<Buffer> }>();

  get(file: string, version: string, encoding: Encoding, read: () => Buffer): Promise<Buffer> {
    const key = `${encoding}:${file}`;
    const hit = this.entries.get(key);
    if (hit?.version === version) return hit.body;
    const body = compressBody(read(), encoding, 'static');
    // A failure is not cached: the next request tries again.
    body.catch(() => this.entries.delete(key));
    this.entries.set(key, { version, body });
    return body;
  }
}
