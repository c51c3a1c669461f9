/**
 * Spam basics (issue 17): the same post or comment from the same person within REPEAT_WINDOW_HOURS is
 * refused (409), and new members meet tighter rate limits for posts, comments and votes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Board, User } from '../../shared/domain/types.ts';
import { RateLimitedError, RepeatedContentError } from '../../shared/domain/errors.ts';
import { REPEAT_WINDOW_HOURS, NEW_MEMBER_RATE_SHARE } from '../../shared/domain/moderation.ts';
import { RATE_LIMITS } from '../../shared/domain/rate-limits.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aStoredPost, aUser, as } from '../setup/fixtures.ts';
import { MEMBER, withStanding } from '../setup/moderation-fixtures.ts';
import { offsetClock } from '../setup/offset-clock.ts';

const { clock, advanceMinutes } = offsetClock();
let t: TestTable;
let board: Board;
beforeAll(async () => {
  t = await createTestTable({ clock, newMemberLimits: true });
  board = await aBoard(t, { kinds: ['idea', 'question'] });
});
afterAll(() => t.drop());

const aMember = async (): Promise<User> => withStanding(t, await aUser(t), MEMBER);

describe('repeated content', () => {
  it('GIVEN a post WHEN its author posts the same again (case and punctuation aside) THEN 409, until the window has passed', async () => {
    const author = await aMember();
    await t.services.posts.create(as(author), board.slug, { title: 'Buy cheap pills', body: 'At example' });
    await expect(
      t.services.posts.create(as(author), board.slug, { title: 'buy CHEAP pills!', body: 'at example.' }),
    ).rejects.toThrow(RepeatedContentError);
    await expect(
      t.services.posts.create(as(author), board.slug, { title: 'Buy cheap pills', body: 'At example' }),
    ).rejects.toThrow('You already posted this.');
    // Something else is fine, and someone else may say the same.
    await t.services.posts.create(as(author), board.slug, { title: 'Buy cheap pills', body: 'Elsewhere' });
    await t.services.posts.create(as(await aMember()), board.slug, {
      title: 'Buy cheap pills',
      body: 'At example',
    });
    // Only the first post is stored, once.
    const mine = await t.stores.posts.listByAuthor(author.id, 10);
    expect(mine.items.filter((p) => p.body === 'At example')).toHaveLength(1);

    advanceMinutes(REPEAT_WINDOW_HOURS * 60 + 1);
    await t.services.posts.create(as(author), board.slug, { title: 'Buy cheap pills', body: 'At example' });
  });

  it('GIVEN a comment WHEN its author writes the same on that post again THEN 409; on another post, short or by staff it is fine', async () => {
    const [author, commenter, staff] = [await aMember(), await aMember(), await aUser(t, { role: 'staff' })];
    const [one, two] = [await aStoredPost(t, board.slug, author), await aStoredPost(t, board.slug, author)];
    await t.services.comments.create(as(commenter), one.id, { body: 'Visit my site for great deals!' });
    await expect(
      t.services.comments.create(as(commenter), one.id, { body: 'visit my  site for great deals' }),
    ).rejects.toThrow(RepeatedContentError);
    const count = (await t.stores.posts.get(one.id))?.commentCount ?? 0;
    expect(count).toBe(1);
    // The same answer on another thread, and short replies anywhere, are what people honestly repeat.
    await t.services.comments.create(as(commenter), two.id, { body: 'Visit my site for great deals!' });
    await t.services.comments.create(as(commenter), one.id, { body: 'Thanks!' });
    await t.services.comments.create(as(commenter), one.id, { body: 'Thanks!' });
    await t.services.comments.create(as(commenter), one.id, { body: '🎉' });
    await t.services.comments.create(as(commenter), one.id, { body: '🎉' });
    await t.services.comments.create(as(staff), one.id, { body: 'Thanks, fixed!' });
    await t.services.comments.create(as(staff), two.id, { body: 'Thanks, fixed!' });
  });

  it('GIVEN a comment retried with the same Idempotency-Key THEN it answers the first, not 409', async () => {
    const [author, commenter] = [await aMember(), await aMember()];
    const post = await aStoredPost(t, board.slug, author);
    const first = await t.services.comments.create(
      as(commenter),
      post.id,
      { body: 'Once only' },
      {
        idempotencyKey: 'retry-key-0001',
      },
    );
    const again = await t.services.comments.create(
      as(commenter),
      post.id,
      { body: 'Once only' },
      {
        idempotencyKey: 'retry-key-0001',
      },
    );
    expect(again.id).toBe(first.id);
  });
});

describe('new members’ rate limits', () => {
  const share = (action: 'post' | 'comment' | 'vote') =>
    Math.max(
      1,
      Math.floor((RATE_LIMITS[action].find((r) => r.scope === 'user')?.limit ?? 0) * NEW_MEMBER_RATE_SHARE),
    );

  it('GIVEN a new account WHEN it posts more than its share THEN 429, while a member may go on', async () => {
    const [newcomer, member] = [await aUser(t), await aMember()];
    const limit = share('post');
    for (let i = 0; i < limit; i++) {
      await t.services.posts.create(as(newcomer), board.slug, { title: `New idea ${i} ${newcomer.id}` });
      await t.services.posts.create(as(member), board.slug, { title: `Member idea ${i} ${member.id}` });
    }
    await expect(
      t.services.posts.create(as(newcomer), board.slug, { title: `One more ${newcomer.id}` }),
    ).rejects.toThrow(RateLimitedError);
    await t.services.posts.create(as(member), board.slug, { title: `One more ${member.id}` });
  });

  it('GIVEN a new account WHEN it votes more than its share THEN 429', async () => {
    const [newcomer, author] = [await aUser(t), await aMember()];
    const limit = share('vote');
    const posts = await Promise.all(
      Array.from({ length: limit + 1 }, () => aStoredPost(t, board.slug, author)),
    );
    for (const post of posts.slice(0, limit)) await t.services.votes.vote(as(newcomer), post.id);
    await expect(t.services.votes.vote(as(newcomer), posts[limit]?.id ?? '')).rejects.toThrow(
      RateLimitedError,
    );
  });

  it('GIVEN a new account WHEN it comments more than its share THEN 429', async () => {
    const [newcomer, author] = [await aUser(t), await aMember()];
    const post = await aStoredPost(t, board.slug, author);
    const limit = share('comment');
    for (let i = 0; i < limit; i++) {
      await t.services.comments.create(as(newcomer), post.id, { body: `Thought number ${i}` });
    }
    await expect(
      t.services.comments.create(as(newcomer), post.id, { body: 'One thought too many' }),
    ).rejects.toThrow(RateLimitedError);
  });
});
