/** GET /b/<slug>/export.json: the board's posts as one JSON array, for staff. */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { download } from '$lib/server/download.ts';

export const GET: RequestHandler = ({ params, locals }) =>
  download({
    pieces: runtime().services.exports.boardJson(locals.actor, params.slug),
    contentType: 'application/json',
    name: `${params.slug}-posts`,
  });
