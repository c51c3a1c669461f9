/** Flags: once each, weighed by the flagger's trust and record; past the threshold they withhold the item. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type User } from '../../shared/domain/types.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { auditLines, MEMBER, rawUser, TRUSTED, withStanding } from '../setup/moderation-fixtures.ts';

let t: TestTable;
beforeAll(async () => (t = await createTestTable()));
afterAll(() => t.drop());

async function aPost() {
  const board = await aBoard(t);
  const author = await aUser(t);
  const post = await t.services.posts.create(as(author), board.slug, { title: 'Cheap watches here' });
  return { board, author, post };
}

const listed = async (slug: string) =>
  (await t.services.posts.list(ANONYMOUS, slug, {})).posts.map((p) => p.id);

const flagOf = (postId: string, user: User, commentId?: string) =>
  t.stores.moderation.getFlag({ postId, ...(commentId ? { commentId } : {}) }, user.id);

describe('flag weights', () => {
  it('GIVEN flaggers of each trust level WHEN they flag THEN each flag weighs by their trust: new 1, member 2, trusted 3', async () => {
    const { post } = await aPost();
    const fresh = await aUser(t);
    const member = await withStanding(t, await aUser(t), MEMBER);
    const trusted = await withStanding(t, await aUser(t), TRUSTED);
    await t.services.moderation.flag(as(fresh), { postId: post.id }, { reason: 'spam' });
    // 1 so far: under the threshold of 4, the post stays listed.
    expect((await t.stores.posts.get(post.id))?.flagWeight).toBe(1);
    await t.services.moderation.flag(as(member), { postId: post.id }, { reason: 'off_topic' });
    expect((await flagOf(post.id, fresh))?.weight).toBe(1);
    expect((await flagOf(post.id, member))?.weight).toBe(2);
    const last = await t.services.moderation.flag(as(trusted), { postId: post.id }, { reason: 'spam' });
    expect((await flagOf(post.id, trusted))?.weight).toBe(3);
    expect(last).toEqual({ flagged: true, withheld: true });
  });

  it('GIVEN flags under the threshold WHEN one more passes it THEN the post is hidden pending review and leaves the board list', async () => {
    const { board, post, author } = await aPost();
    const [a, b] = [await aUser(t), await aUser(t)];
    const member = await withStanding(t, await aUser(t), MEMBER);
    expect(await listed(board.slug)).toContain(post.id);
    expect(await t.services.moderation.flag(as(a), { postId: post.id }, { reason: 'spam' })).toEqual({
      flagged: true,
      withheld: false,
    });
    await t.services.moderation.flag(as(b), { postId: post.id }, { reason: 'spam' });
    expect(await listed(board.slug)).toContain(post.id);
    const passing = await t.services.moderation.flag(as(member), { postId: post.id }, { reason: 'abusive' });
    expect(passing.withheld).toBe(true);
    const stored = await t.stores.posts.get(post.id);
    expect(stored?.moderation?.state).toBe('flagged');
    expect(stored?.flagWeight).toBe(4);
    expect(await listed(board.slug)).not.toContain(post.id);
    // Nobody else can flag it now: for them it does not exist; for its author there is nothing to flag.
    await expect(
      t.services.moderation.flag(as(await aUser(t)), { postId: post.id }, { reason: 'spam' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      t.services.moderation.flag(as(author), { postId: post.id }, { reason: 'spam' }),
    ).rejects.toThrow(ForbiddenError);
    // One audit line per flag, the last one recording the withholding.
    const lines = (await auditLines(t)).filter((l) => l.target.postId === post.id && l.action === 'flag');
    expect(lines.map((l) => l.actorId).sort()).toEqual([a.id, b.id, member.id].sort());
    expect(lines.find((l) => l.actorId === member.id)?.after).toEqual({ flagWeight: 4, state: 'flagged' });
  });

  it('GIVEN a staff member WHEN they flag THEN the item is withheld at once', async () => {
    const { board, post } = await aPost();
    const staff = await aUser(t, { role: 'staff' });
    const result = await t.services.moderation.flag(as(staff), { postId: post.id }, { reason: 'spam' });
    expect(result).toEqual({ flagged: true, withheld: true });
    expect((await t.stores.posts.get(post.id))?.moderation?.state).toBe('flagged');
    expect(await listed(board.slug)).not.toContain(post.id);
    // A flag on withheld content is pointless, even for staff.
    const other = await aUser(t, { role: 'staff' });
    await expect(
      t.services.moderation.flag(as(other), { postId: post.id }, { reason: 'spam' }),
    ).rejects.toThrow(ConflictError);
  });

  it('GIVEN a flag WHEN the same person flags again, flags their own post, is anonymous or gives no note for other THEN it is refused', async () => {
    const { post, author } = await aPost();
    const flagger = await aUser(t);
    await t.services.moderation.flag(as(flagger), { postId: post.id }, { reason: 'spam' });
    await expect(
      t.services.moderation.flag(as(flagger), { postId: post.id }, { reason: 'abusive' }),
    ).rejects.toThrow(ConflictError);
    await expect(
      t.services.moderation.flag(as(author), { postId: post.id }, { reason: 'spam' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(
      t.services.moderation.flag(ANONYMOUS, { postId: post.id }, { reason: 'spam' }),
    ).rejects.toThrow(UnauthenticatedError);
    await expect(
      t.services.moderation.flag(as(await aUser(t)), { postId: post.id }, { reason: 'other' }),
    ).rejects.toThrow(ValidationError);
    expect((await t.stores.posts.get(post.id))?.flagWeight).toBe(1);
  });

  it('GIVEN a comment WHEN flags pass the threshold THEN it is hidden with a moderation record and leaves the count', async () => {
    const { post } = await aPost();
    const commenter = await aUser(t);
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Buy now' });
    const [x, y] = [
      await withStanding(t, await aUser(t), MEMBER),
      await withStanding(t, await aUser(t), MEMBER),
    ];
    const target = { postId: post.id, commentId: comment.id };
    expect((await t.services.moderation.flag(as(x), target, { reason: 'spam' })).withheld).toBe(false);
    expect((await t.services.moderation.flag(as(y), target, { reason: 'spam' })).withheld).toBe(true);
    const stored = await t.stores.comments.get(post.id, comment.id);
    expect(stored?.hidden).toBe(true);
    expect(stored?.moderation?.state).toBe('flagged');
    expect((await t.stores.posts.get(post.id))?.commentCount).toBe(0);
    // To anyone but staff and its author a hidden comment is a placeholder: flagging it finds nothing.
    await expect(t.services.moderation.flag(as(await aUser(t)), target, { reason: 'spam' })).rejects.toThrow(
      NotFoundError,
    );
  });

  it('GIVEN a flagger whose flag staff disagreed with WHEN they flag again THEN their flag weighs less', async () => {
    const staff = await aUser(t, { role: 'staff' });
    const flagger = await withStanding(t, await aUser(t), MEMBER);
    const first = await aPost();
    await t.services.moderation.flag(as(flagger), { postId: first.post.id }, { reason: 'spam' });
    expect((await flagOf(first.post.id, flagger))?.weight).toBe(2);
    const { items } = await t.services.moderation.queue(as(staff), { limit: 50 });
    const item = items.find((i) => i.target.postId === first.post.id);
    expect(item).toBeDefined();
    await t.services.moderation.decide(as(staff), item?.id ?? '', { decision: 'disagree' });
    expect(await rawUser(t, flagger.id)).toMatchObject({ flagsDisagreed: 1 });
    expect((await flagOf(first.post.id, flagger))?.outcome).toBe('disagreed');

    const second = await aPost();
    await t.services.moderation.flag(as(flagger), { postId: second.post.id }, { reason: 'spam' });
    // 2 × (0 + 1) / (0 + 1 + 2) × 2 = 1.33
    expect((await flagOf(second.post.id, flagger))?.weight).toBe(1.33);
  });
});
