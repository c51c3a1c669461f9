/**
 * One report for a file imported in parts (see csv-chunks.ts): each part's rows renumbered to the
 * file's rows, and the counts added up.
 */
import type { ImportReport } from '../../../shared/services/company-service.ts';

export type { ImportReport };

export const emptyReport = (dryRun: boolean): ImportReport => ({
  dryRun,
  rows: [],
  counts: { created: 0, updated: 0, unchanged: 0, error: 0 },
});

export function addPart(total: ImportReport, part: ImportReport, rowOffset: number): ImportReport {
  const counts = { ...total.counts };
  for (const outcome of Object.keys(counts) as (keyof typeof counts)[])
    counts[outcome] += part.counts[outcome];
  return {
    dryRun: total.dryRun,
    rows: [...total.rows, ...part.rows.map((r) => ({ ...r, row: r.row + rowOffset }))],
    counts,
  };
}
