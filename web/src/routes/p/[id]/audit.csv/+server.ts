/** GET /p/<id>/audit.csv: a story's audit trail (consent, quote sign-off, curation), for staff. */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { download } from '$lib/server/download.ts';

export const GET: RequestHandler = ({ params, locals }) =>
  download({
    pieces: runtime().services.storyExports.auditCsv(locals.actor, params.id),
    contentType: 'text/csv',
    name: `story-${params.id}-audit`,
  });
