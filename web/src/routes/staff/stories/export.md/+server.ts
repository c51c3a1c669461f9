/** GET /staff/stories/export.md: the workspace's stories, with its filters, as the consent allows (staff). */
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { download } from '$lib/server/download.ts';

export const GET: RequestHandler = ({ url, locals }) =>
  download({
    pieces: runtime().services.storyExports.markdown(locals.actor, Object.fromEntries(url.searchParams)),
    contentType: 'text/markdown',
    name: 'stories',
  });
