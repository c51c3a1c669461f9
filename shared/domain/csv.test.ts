import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvRecord, parseCsv } from './csv.ts';

describe('parseCsv', () => {
  it('reads plain records, with LF or CRLF line ends and without a final line break', () => {
    expect(parseCsv('id,name\r\nacme,Acme\nglobex,Globex')).toEqual([
      ['id', 'name'],
      ['acme', 'Acme'],
      ['globex', 'Globex'],
    ]);
    expect(parseCsv('a,b\n')).toEqual([['a', 'b']]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    expect(parseCsv('"Acme, Inc.","say ""hi""","two\r\nlines"\n')).toEqual([
      ['Acme, Inc.', 'say "hi"', 'two\r\nlines'],
    ]);
  });

  it('keeps empty fields, empty quoted fields and blank lines, so record numbers match rows', () => {
    expect(parseCsv('a,,""\n\nb,c,')).toEqual([['a', '', ''], [''], ['b', 'c', '']]);
    expect(parseCsv('""')).toEqual([['']]);
  });

  it('skips a byte-order mark and reads nothing from an empty text', () => {
    expect(parseCsv('\ufeffid,name\n')).toEqual([['id', 'name']]);
    expect(parseCsv('')).toEqual([]);
  });

  it('refuses stray and unclosed quotes, naming the record', () => {
    const failure = (text: string) => {
      try {
        parseCsv(text);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    for (const [text, record] of [
      ['id,name\nacme,Ac"me', 2],
      ['id,name\n"acme"x,Acme', 2],
      ['id,name\nacme,"Acme', 2],
    ] as const) {
      const error = failure(text);
      expect(error, text).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).record, text).toBe(record);
    }
  });
});

describe('csvRecord', () => {
  it('quotes what needs it, makes formulas inert, and reads back as the same fields', () => {
    const fields = ['=1+1', '+x', '-y', '@z', '\tt', 'a,b', 'say "hi"', 'two\nlines', 'plain', ''];
    const line = csvRecord([...fields, 42, undefined]);
    expect(line.endsWith('\r\n')).toBe(true);
    expect(parseCsv(line)).toEqual([
      ["'=1+1", "'+x", "'-y", "'@z", "'\tt", 'a,b', 'say "hi"', 'two\nlines', 'plain', '', '42', ''],
    ]);
  });
});
