/** People and posts for the user actions: posts with a body, comments and followers, as a live board has them. */
import { hashSessionToken, newSessionToken, SESSION_TTL_SECONDS } from '../../shared/auth/session-token.ts';
import type { Post, User } from '../../shared/domain/types.ts';
import type { BenchContext } from './bench-setup.ts';
import type { WebRequests } from './web-requests.ts';

export const POST_BODY =
  'We export our feedback to a spreadsheet every week to share it with the product team. ' +
  'A CSV export of a board, with the title, status, votes, tags and the date of each post, would ' +
  'save us an hour of copying every Friday. Ideally the export would respect the filters of the ' +
  'board page, so that we can export only the planned posts, or only the ones with a given tag, ' +
  'and it would include the number of comments too. An API endpoint returning the same data as ' +
  'JSON would work as well, since we could schedule it from our own tooling.';
export const COMMENT_BODY =
  'Same here: we copy the board into a sheet by hand before every planning meeting. A filter for ' +
  'the status would be enough for us, the tags are a nice extra.';

/** The item at i, cycling through the list. */
export const at = <T>(list: T[], i: number): T => {
  const item = list[i % list.length];
  if (item === undefined) throw new Error('empty list');
  return item;
};

export async function actionFixtures({ runtime, user, viewer }: BenchContext, { handle }: WebRequests) {
  const { services, stores } = runtime;
  let personSeq = 0;
  /** A signed-in person: their user, a session as the sign-in would create it, and an address of their own. */
  const person = async (role: User['role'] = 'customer') => {
    const n = ++personSeq;
    const u = await user(`person-${n}`, role);
    const token = newSessionToken();
    const now = Date.now();
    await stores.sessions.create(hashSessionToken(token), {
      userId: u.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_TTL_SECONDS * 1000).toISOString(),
    });
    return { user: u, token, ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
  };
  type Person = Awaited<ReturnType<typeof person>>;
  const people = (n: number) => Promise.all(Array.from({ length: n }, () => person()));

  const newPost = async (author: Person, title: string) =>
    services.posts.create(await handle(author), 'large', { title, body: POST_BODY });
  const commenters = await people(8);
  const withComments = async (post: Post, by: Person[]) => {
    for (const c of by) await services.comments.create(await handle(c), post.id, { body: COMMENT_BODY });
    return post;
  };
  const voteTarget = await newPost(await person(), 'Dark mode for the board');
  // 8 comments and 2 votes from others: 11 followers (the author, 8 commenters, 2 voters).
  const popular = await withComments(await newPost(await person(), 'Export a board to CSV'), commenters);
  for (const v of await people(2)) await services.votes.vote(await handle(v), popular.id);
  // As many comments, all by its author: 1 follower.
  const loneAuthor = await person();
  const quiet = await withComments(
    await newPost(loneAuthor, 'Keyboard shortcuts for voting'),
    Array<Person>(8).fill(loneAuthor),
  );
  const commentTargets = await Promise.all(
    Array.from({ length: 6 }, async (_, i) =>
      withComments(await newPost(await person(), `Slack notifications for board ${i}`), commenters),
    ),
  );
  // Search postings for the newest 400 bulk posts, so that common words reach the 200 postings a
  // query term reads at most (shared/adapters/dynamodb/search-index.ts): searches read their most.
  let cursor: string | undefined;
  for (let page = 0; page < 4; page++) {
    const list = await services.posts.list(viewer, 'large', { sort: 'new', limit: 100, cursor });
    for (const p of list.posts) await stores.search.index(p);
    cursor = list.nextCursor ?? undefined;
  }

  /** A post no one but its author has voted for yet. */
  const freshPost = async (title: string) => newPost(await person(), title);

  return { person, people, voteTarget, popular, quiet, commentTargets, freshPost };
}
