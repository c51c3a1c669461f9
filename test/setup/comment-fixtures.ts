/** Posts to comment on, and a check of a post's comment count, for the comment tests. */
import { expect } from 'vitest';
import type { Post, User } from '../../shared/domain/types.ts';
import { aBoard, aUser, as } from './fixtures.ts';
import type { TestTable } from './table.ts';

/** A post on a board of its own, by a customer of its own. */
export async function aCommentablePost(t: TestTable): Promise<{ post: Post; author: User }> {
  const board = await aBoard(t);
  const author = await aUser(t);
  const post = await t.services.posts.create(as(author), board.slug, { title: 'Export to CSV' });
  return { post, author };
}

/** The post's stored comment count, after checking that it equals the number of visible comments. */
export async function checkedCommentCount(t: TestTable, postId: string): Promise<number | undefined> {
  const [post, comments] = await Promise.all([
    t.stores.posts.get(postId),
    t.stores.comments.listByPost(postId),
  ]);
  expect(post?.commentCount).toBe(comments.filter((c) => !c.deleted && !c.hidden).length);
  return post?.commentCount;
}
