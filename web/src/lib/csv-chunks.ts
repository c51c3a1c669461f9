/**
 * Splits a CSV file into parts small enough for one page request each, for the companies import's
 * progress bar: every part repeats the header row, and a row's number in its part plus the part's
 * `rowOffset` is its number in the whole file, so errors still name the row the admin sees in their
 * spreadsheet. The file is read once with the same reader the server uses: a quoted field holding a
 * line break stays one row, and a syntax error names the file's own row, before anything is sent.
 */
// Relative, not $shared: the unit tests import this module outside SvelteKit's aliases.
import { parseCsv } from '../../../shared/domain/csv.ts';

/**
 * A part's data rows at most: a few seconds of writes, far under the API's 29 s, and a progress bar
 * that moves. Rows the server skips (blank lines) count too, so that numbering stays the file's.
 */
export const CHUNK_ROWS = 500;
/**
 * A part's size at most, with room to spare under the page body limit (MAX_PAGE_BODY_BYTES, 128 KB, in
 * web/lambda/sveltekit-handler.ts) for the multipart envelope; long rows make smaller parts.
 */
export const CHUNK_BYTES = 64 * 1024;

export interface CsvChunk {
  /** The header row, then this part's rows, as CSV. */
  text: string;
  /** Data rows in this part. */
  rows: number;
  /** Add to a row number of this part (header = 1) to get the row number in the whole file. */
  rowOffset: number;
}

export interface SplitCsv {
  chunks: CsvChunk[];
  /** Data rows in the whole file, blank ones included. */
  totalRows: number;
}

export function splitCsv(
  text: string,
  { maxRows = CHUNK_ROWS, maxBytes = CHUNK_BYTES }: { maxRows?: number; maxBytes?: number } = {},
): SplitCsv {
  const [header, ...data] = parseCsv(text).map(writeRecord);
  if (header === undefined) return { chunks: [], totalRows: 0 };
  const headerBytes = byteLength(header) + 1;
  const chunks: CsvChunk[] = [];
  let part: string[] = [];
  let partBytes = headerBytes;
  let firstRecord = 1;
  const flush = () => {
    if (part.length === 0) return;
    chunks.push({ text: [header, ...part].join('\n'), rows: part.length, rowOffset: firstRecord - 1 });
    firstRecord += part.length;
    part = [];
    partBytes = headerBytes;
  };
  for (const record of data) {
    const bytes = byteLength(record) + 1;
    // A single row over the byte budget still goes, alone: the server's own limits judge it.
    if (part.length >= maxRows || (part.length > 0 && partBytes + bytes > maxBytes)) flush();
    part.push(record);
    partBytes += bytes;
  }
  flush();
  return { chunks, totalRows: data.length };
}

/** Quotes only the fields that need it; parseCsv reads the result back as the same fields. */
function writeRecord(fields: string[]): string {
  return fields.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',');
}

const encoder = new TextEncoder();
const byteLength = (s: string) => encoder.encode(s).length;
