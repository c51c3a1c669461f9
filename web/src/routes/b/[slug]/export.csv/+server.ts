/** GET /b/<slug>/export.csv: every post on the board with its votes and demand, for staff. */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { download } from '$lib/server/download.ts';

export const GET: RequestHandler = ({ params, locals }) =>
  download({
    pieces: runtime().services.exports.boardCsv(locals.actor, params.slug),
    contentType: 'text/csv',
    name: `${params.slug}-posts`,
  });
