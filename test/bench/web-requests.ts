/**
 * What each request of the web app does, after web/src: hooks.server.ts, then the route's load or
 * action, as service calls (without SvelteKit's rendering).
 */
import { actorFor, type Actor } from '../../shared/domain/types.ts';
import type { Services } from '../../shared/runtime/services.ts';

export function webRequests(services: Services) {
  /** hooks.server.ts: the session cookie's user (no cookie, no lookup). */
  const handle = async (who?: { token?: string; ip: string }): Promise<Actor> =>
    actorFor(await services.auth.userForSession(who?.token), who?.ip ?? '192.0.2.1');
  /**
   * b/[slug]/+page.server.ts: board and tags (and the search, when there is a query, with them), then
   * the list, given the board read.
   */
  const boardPage = async (actor: Actor, slug: string, q = '') => {
    const [board, , found] = await Promise.all([
      services.boards.get(actor, slug),
      services.boards.tags(actor),
      q ? services.posts.search(actor, { q, board: slug, limit: 30 }) : undefined,
    ]);
    if (found) return found;
    const query = { sort: 'trending', status: undefined, kind: undefined, tag: undefined, cursor: undefined };
    return services.posts.list(actor, board.slug, query, { board });
  };
  /** p/[id]/+page.server.ts */
  const postPage = (actor: Actor, id: string) =>
    Promise.all([services.posts.get(actor, id), services.boards.tags(actor)]);
  /** lib/server/similar.ts, behind b/[slug]/similar/+server.ts */
  const similarPosts = (actor: Actor, q: string) =>
    Promise.all([services.posts.search(actor, { q, limit: 5 }), services.boards.list(actor)]);
  return { handle, boardPage, postPage, similarPosts };
}

export type WebRequests = ReturnType<typeof webRequests>;
