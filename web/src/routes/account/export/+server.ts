import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { runtime } from '$lib/server/runtime.ts';

/** Everything Hearth holds about the signed-in person, as a JSON download. */
export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user) error(401, 'Sign in to download your data.');
  const data = await runtime().services.account.export(locals.actor);
  return json(data, {
    headers: {
      'content-disposition': `attachment; filename="hearth-data-${locals.user.id}.json"`,
      'cache-control': 'no-store',
    },
  });
};
