/**
 * A small RFC 4180 reader: commas between fields, double quotes around fields that hold commas, quotes
 * or line breaks, a doubled quote for a quote inside one. Lenient where spreadsheets are sloppy (LF or
 * CRLF line ends, a leading byte-order mark, no line break at the end), strict where guessing would
 * shift data into the wrong column (a stray quote, an unclosed quote).
 */

export class CsvSyntaxError extends Error {
  /** The record (1 = the first line) where reading failed. */
  constructor(
    readonly record: number,
    message: string,
  ) {
    super(`Row ${record}: ${message}`);
  }
}

/** Every record, blank lines included (as one empty field), so record numbers match a spreadsheet's rows. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  /** The field was quoted: its content is final, so only a separator or a line end may follow. */
  let closed = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;

  const endField = () => {
    record.push(field);
    field = '';
    closed = false;
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else {
        quoted = false;
        closed = true;
      }
      i++;
      continue;
    }
    if (c === ',') endField();
    else if (c === '\r' || c === '\n') {
      endField();
      records.push(record);
      record = [];
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else if (closed) {
      throw new CsvSyntaxError(records.length + 1, 'a quoted field must end at a comma or a line end.');
    } else if (c === '"') {
      if (field !== '') {
        throw new CsvSyntaxError(records.length + 1, 'a quote inside an unquoted field (quote the field).');
      }
      quoted = true;
    } else field += c;
    i++;
  }
  if (quoted) throw new CsvSyntaxError(records.length + 1, 'a quoted field is never closed.');
  if (field !== '' || closed || record.length > 0) {
    endField();
    records.push(record);
  }
  return records;
}

/**
 * A cell a spreadsheet could run as a formula (`=HYPERLINK(…)`, `+1+cmd|…`, `-…`, `@SUM(…)`, or one
 * behind a tab or carriage return) is given a leading single quote, so it shows as the text it is.
 * Numbers we wrote ourselves are left alone.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field, quoted only when it holds a comma, a quote or a line break; parseCsv reads it back. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One record and its CRLF line end (RFC 4180). */
export const csvRecord = (fields: readonly (string | number | null | undefined)[]): string =>
  `${fields.map(csvField).join(',')}\r\n`;
