/**
 * A staff download as a streamed response: refusals (signed out, not staff, no such board or post) come
 * from the export's first step, before any byte, as the status the rest of the app gives them; then the
 * body streams a page of the store at a time (shared/http/text-stream.ts).
 */
import { primedTextStream } from '$shared/http/text-stream.ts';
import { loadOrError } from './kit-errors.ts';

export interface Download {
  /** What the export yields, as text. */
  pieces: AsyncGenerator<string>;
  contentType: 'text/csv' | 'application/json' | 'text/markdown';
  /** Without the date and extension: `<name>-YYYY-MM-DD.<ext>`. */
  name: string;
}

const EXTENSIONS = { 'text/csv': 'csv', 'application/json': 'json', 'text/markdown': 'md' } as const;

export async function download({ pieces, contentType, name }: Download, now = new Date()): Promise<Response> {
  const body = await loadOrError(() => primedTextStream(pieces));
  const day = now.toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      'content-type': `${contentType}; charset=utf-8`,
      'content-disposition': `attachment; filename="${name}-${day}.${EXTENSIONS[contentType]}"`,
      'cache-control': 'private, no-store',
    },
  });
}
