/** GET /staff/stories/export.json: the workspace's stories, with its filters, as the consent allows (staff). */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { download } from '$lib/server/download.ts';

export const GET: RequestHandler = ({ url, locals }) =>
  download({
    pieces: runtime().services.storyExports.json(locals.actor, Object.fromEntries(url.searchParams)),
    contentType: 'application/json',
    name: 'stories',
  });
