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
