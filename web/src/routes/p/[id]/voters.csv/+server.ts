/** GET /p/<id>/voters.csv: who voted for the post, their companies and how each vote was added, for staff. */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { download } from '$lib/server/download.ts';

export const GET: RequestHandler = ({ params, locals }) =>
  download({
    pieces: runtime().services.exports.votersCsv(locals.actor, params.id),
    contentType: 'text/csv',
    name: `post-${params.id}-voters`,
  });
