import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isAdmin, isStaff } from '$shared/domain/types.ts';
import { CSV_COLUMNS, MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '$shared/domain/company-csv.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, loadOrError } from '$lib/server/kit-errors.ts';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!isStaff(locals.actor)) {
    error(
      locals.user ? 403 : 401,
      locals.user ? 'Only staff can see companies.' : 'Sign in as staff to see companies.',
    );
  }
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const page = await loadOrError(() => runtime().services.companies.list(locals.actor, { cursor }));
  return {
    ...page,
    firstPage: cursor === undefined,
    canImport: isAdmin(locals.actor),
    columns: [...CSV_COLUMNS],
    limits: { bytes: MAX_IMPORT_BYTES, rows: MAX_IMPORT_ROWS },
  };
};

/**
 * Both actions take a file (`file`) or pasted text (`csv`); a chosen file wins. With JavaScript the page
 * posts a large file here in parts, as pasted text, one request each (see csv-chunks.ts).
 */
async function importAction({ request, locals }: RequestEvent, dryRun: boolean) {
  const data = await request.formData();
  const file = data.get('file');
  const csv = file instanceof File && file.size > 0 ? await file.text() : String(data.get('csv') ?? '');
  if (csv.trim() === '') {
    return fail(400, {
      message: 'Choose a CSV file or paste its rows, then try again.',
      fields: { csv: 'Choose a CSV file or paste its rows.' },
    });
  }
  const report = await actionOrFail(() =>
    runtime().services.companies.importCsv(locals.actor, csv, { dryRun }),
  );
  if (failed(report)) return report;
  // A plain preview hands the text back into the form, so Import sends the same rows without choosing
  // the file again (a page rendered afresh has an empty file input). Parts posted by script keep theirs.
  return { report, ...(dryRun && !data.has('part') ? { csv } : {}) };
}

export const actions: Actions = {
  preview: (event) => importAction(event, true),
  import: (event) => importAction(event, false),
};
