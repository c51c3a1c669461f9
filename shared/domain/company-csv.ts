/**
 * Reads an admin's company CSV into upserts: header `id,name,mrr,plan,owner` (any order; mrr, plan and
 * owner may be left out), one company a row. Every problem is reported against its row and field rather
 * than failing the file, so one pass over a preview fixes them all. Row numbers are a spreadsheet's:
 * the header is row 1.
 */
import { CsvSyntaxError, parseCsv } from './csv.ts';
import { PayloadTooLargeError, ValidationError } from './errors.ts';
import { companyIdSchema, companyInputSchema, type CompanyInput } from './schemas.ts';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10_000;
export const CSV_COLUMNS = ['id', 'name', 'mrr', 'plan', 'owner'] as const;
type Column = (typeof CSV_COLUMNS)[number];

export interface CsvRowError {
  row: number;
  /** A column name, or `row` for the row as a whole. */
  field: string;
  message: string;
}

export interface CsvCompanyRow {
  row: number;
  id: string;
  input: CompanyInput;
}

export interface CompanyCsv {
  rows: CsvCompanyRow[];
  errors: CsvRowError[];
}

/** A 413 that says which limit, in words an admin can act on. */
export class ImportTooLargeError extends PayloadTooLargeError {
  constructor(message: string) {
    super(MAX_IMPORT_BYTES);
    this.message = message;
  }
}

export function readCompanyCsv(text: string): CompanyCsv {
  // A UTF-16 unit is at least one UTF-8 byte: a text too long in units is too large without encoding it.
  if (text.length > MAX_IMPORT_BYTES || new TextEncoder().encode(text).length > MAX_IMPORT_BYTES) {
    throw new ImportTooLargeError(
      `The file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB: split it and import each part.`,
    );
  }
  let records: string[][];
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ValidationError({ csv: error.message });
    throw error;
  }
  const [header = [], ...data] = records;
  const columns = readHeader(header);
  if (data.length > MAX_IMPORT_ROWS) {
    throw new ImportTooLargeError(
      `The file has ${data.length.toLocaleString('en')} rows; at most ${MAX_IMPORT_ROWS.toLocaleString('en')} ` +
        'are imported at once: split it and import each part.',
    );
  }
  const out: CompanyCsv = { rows: [], errors: [] };
  const firstRowOf = new Map<string, number>();
  data.forEach((cells, index) => {
    const row = index + 2;
    if (cells.every((c) => c.trim() === '')) return;
    if (cells.length !== columns.length) {
      out.errors.push({
        row,
        field: 'row',
        message: `Expected ${columns.length} fields (${columns.join(',')}), found ${cells.length}.`,
      });
      return;
    }
    const read = readRow(row, columns, cells);
    if ('errors' in read) return void out.errors.push(...read.errors);
    const first = firstRowOf.get(read.id);
    if (first !== undefined) {
      out.errors.push({ row, field: 'id', message: `Company id ${read.id} is already on row ${first}.` });
      return;
    }
    firstRowOf.set(read.id, row);
    out.rows.push(read);
  });
  return out;
}

function readHeader(header: string[]): Column[] {
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(CSV_COLUMNS as readonly string[]).includes(n));
  const problem =
    unknown.length > 0
      ? `Unknown column${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`
      : !names.includes('id') || !names.includes('name')
        ? 'The first row must name the columns, with at least id and name.'
        : new Set(names).size !== names.length
          ? 'A column is named twice.'
          : undefined;
  if (problem) {
    throw new ValidationError({ header: `${problem} Expected the header row ${CSV_COLUMNS.join(',')}.` });
  }
  return names as Column[];
}

/** An empty cell leaves the stored value as it is, as a field left out of an API call does. */
function readRow(row: number, columns: Column[], cells: string[]): CsvCompanyRow | { errors: CsvRowError[] } {
  const raw: Record<string, unknown> = {};
  columns.forEach((column, i) => {
    const cell = (cells[i] ?? '').trim();
    if (cell === '') return;
    raw[column] = column === 'mrr' ? (/^\d+$/.test(cell) ? Number(cell) : cell) : cell;
  });
  const errors: CsvRowError[] = [];
  const id = companyIdSchema.safeParse(raw.id);
  if (!id.success) errors.push({ row, field: 'id', message: id.error.issues[0]?.message ?? 'Not valid.' });
  const { id: _id, ...fields } = raw;
  const input = companyInputSchema.safeParse(fields);
  if (!input.success) {
    for (const issue of input.error.issues) {
      const field = String(issue.path[0] ?? 'row');
      const message =
        field === 'mrr' && typeof fields.mrr === 'string'
          ? 'MRR must be a whole number (whole currency units, no cents).'
          : issue.message;
      if (!errors.some((e) => e.field === field)) errors.push({ row, field, message });
    }
  }
  return id.success && input.success ? { row, id: id.data, input: input.data } : { errors };
}
