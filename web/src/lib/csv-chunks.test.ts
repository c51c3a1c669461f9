import { describe, expect, it } from 'vitest';
import { parseCsv, CsvSyntaxError } from '../../../shared/domain/csv.ts';
import { splitCsv } from './csv-chunks.ts';

/** Every data row of the parts, numbered as in the whole file (header = row 1). */
function rowsByFileNumber(text: string, opts?: Parameters<typeof splitCsv>[1]) {
  const out = new Map<number, string[]>();
  for (const chunk of splitCsv(text, opts).chunks) {
    const [, ...rows] = parseCsv(chunk.text);
    rows.forEach((row, i) => out.set(i + 2 + chunk.rowOffset, row));
  }
  return out;
}

describe('splitCsv', () => {
  it('repeats the header in every part and keeps the rows in order', () => {
    const lines = ['id,name', ...Array.from({ length: 7 }, (_, i) => `c${i},Company ${i}`)];
    const { chunks, totalRows } = splitCsv(lines.join('\n'), { maxRows: 3 });
    expect(totalRows).toBe(7);
    expect(chunks.map((c) => c.rows)).toEqual([3, 3, 1]);
    expect(chunks.map((c) => c.rowOffset)).toEqual([0, 3, 6]);
    for (const chunk of chunks) expect(chunk.text.split('\n')[0]).toBe('id,name');
    expect(chunks[1]?.text).toBe('id,name\nc3,Company 3\nc4,Company 4\nc5,Company 5');
  });

  it('keeps a quoted field with line breaks, commas and quotes in one row', () => {
    const text = 'id,name\r\na,"Line one\r\nline two"\r\nb,"Smith, ""Jones"" & Co"\r\nc,Plain\r\n';
    const rows = rowsByFileNumber(text, { maxRows: 1 });
    expect([...rows.entries()]).toEqual([
      [2, ['a', 'Line one\r\nline two']],
      [3, ['b', 'Smith, "Jones" & Co']],
      [4, ['c', 'Plain']],
    ]);
  });

  it('numbers rows as the file does, blank lines included, so errors name the right row', () => {
    const text = 'id,name\na,A\n\nb,B\nc,C\n';
    const rows = rowsByFileNumber(text, { maxRows: 2 });
    expect(rows.get(4)).toEqual(['b', 'B']);
    expect(rows.get(5)).toEqual(['c', 'C']);
    expect(splitCsv(text).totalRows).toBe(4);
  });

  it('makes smaller parts of long rows, and sends a row over the budget alone', () => {
    const long = 'x'.repeat(100);
    const text = ['id,name', `a,${long}`, `b,${long}`, `c,${'y'.repeat(300)}`, 'd,D'].join('\n');
    const { chunks } = splitCsv(text, { maxRows: 10, maxBytes: 250 });
    expect(chunks.map((c) => c.rows)).toEqual([2, 1, 1]);
  });

  it('drops a byte-order mark and gives nothing for an empty file', () => {
    expect(splitCsv('\uFEFFid,name\na,A').chunks[0]?.text).toBe('id,name\na,A');
    expect(splitCsv('')).toEqual({ chunks: [], totalRows: 0 });
    expect(splitCsv('id,name\n').chunks).toEqual([]);
  });

  it('reports a syntax error with the row number of the whole file', () => {
    const text = ['id,name', 'a,A', 'b,B', 'c,"never closed'].join('\n');
    expect(() => splitCsv(text, { maxRows: 1 })).toThrow(CsvSyntaxError);
    expect(() => splitCsv(text)).toThrow(/^Row 4:/);
  });
});
