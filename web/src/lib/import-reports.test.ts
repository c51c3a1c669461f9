import { describe, expect, it } from 'vitest';
import { addPart, emptyReport } from './import-reports.ts';

describe('addPart', () => {
  it('renumbers a part’s rows to the file’s and adds up the counts', () => {
    const first = addPart(
      emptyReport(false),
      {
        dryRun: false,
        rows: [{ row: 2, id: 'a', name: 'A', outcome: 'created' }],
        counts: { created: 1, updated: 0, unchanged: 0, error: 0 },
      },
      0,
    );
    const both = addPart(
      first,
      {
        dryRun: false,
        rows: [
          { row: 2, id: 'b', name: 'B', outcome: 'updated' },
          { row: 3, outcome: 'error', errors: [{ field: 'mrr', message: 'MRR must be a number.' }] },
        ],
        counts: { created: 0, updated: 1, unchanged: 0, error: 1 },
      },
      500,
    );
    expect(both.rows.map((r) => [r.row, r.outcome])).toEqual([
      [2, 'created'],
      [502, 'updated'],
      [503, 'error'],
    ]);
    expect(both.counts).toEqual({ created: 1, updated: 1, unchanged: 0, error: 1 });
    expect(both.dryRun).toBe(false);
  });
});
