/** Staff hide, remove and restore posts and comments with a reason; the author is told, privately. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANONYMOUS, type User } from '../../shared/domain/types.ts';
import { ForbiddenError, ValidationError } from '../../shared/domain/errors.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { apiClient } from '../setup/api-client.ts';
import { auditLines, withheldCount } from '../setup/moderation-fixtures.ts';

let t: TestTable;
let runtime: Runtime;
const { call, signIn } = apiClient(() => runtime);
let staff: User;
beforeAll(async () => {
  t = await createTestTable();
  runtime = t.runtime();
  staff = await aUser(t, { role: 'staff' });
});
afterAll(() => t.drop());

const listed = async (slug: string) =>
  (await t.services.posts.list(ANONYMOUS, slug, {})).posts.map((p) => p.id);

async function aPost() {
  const board = await aBoard(t);
  const author = await aUser(t);
  const post = await t.services.posts.create(as(author), board.slug, { title: 'Buy followers' });
  return { board, author, post };
}

describe('staff hide, remove and restore', () => {
  it('GIVEN a post WHEN staff hide then restore it THEN it leaves and rejoins the board list, each step audited, the author notified', async () => {
    const { board, author, post } = await aPost();
    await expect(
      t.services.moderation.hide(as(author), { postId: post.id }, { reason: 'x' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(t.services.moderation.hide(as(staff), { postId: post.id }, {})).rejects.toThrow(
      ValidationError,
    );
    expect(
      await t.services.moderation.hide(as(staff), { postId: post.id }, { reason: 'Spam links' }),
    ).toEqual({
      state: 'hidden',
    });
    expect((await t.stores.posts.get(post.id))?.moderation).toMatchObject({
      state: 'hidden',
      reason: 'Spam links',
      byId: staff.id,
    });
    expect(await listed(board.slug)).not.toContain(post.id);
    expect(await withheldCount(t, author.id)).toBe(1);

    expect(await t.services.moderation.restore(as(staff), { postId: post.id })).toEqual({
      state: 'published',
    });
    expect((await t.stores.posts.get(post.id))?.moderation).toBeUndefined();
    expect(await listed(board.slug)).toContain(post.id);

    const lines = (await auditLines(t)).filter((l) => l.target.postId === post.id);
    expect(lines.map((l) => [l.action, l.before, l.after])).toEqual([
      ['hide', { state: 'published' }, { state: 'hidden' }],
      ['restore', { state: 'hidden' }, { state: 'published' }],
    ]);
    expect(lines[0]).toMatchObject({ actorId: staff.id, reason: 'Spam links', target: { kind: 'post' } });

    await t.drainEvents();
    const inbox = await t.stores.inbox.page(author.id, 10);
    expect(inbox.items.map((i) => i.kind)).toEqual(['moderation', 'moderation']);
  });

  it('GIVEN a comment WHEN staff remove then restore it THEN it is deleted for others meanwhile and the count follows', async () => {
    const { post } = await aPost();
    const commenter = await aUser(t);
    const comment = await t.services.comments.create(as(commenter), post.id, { body: 'Rude' });
    const target = { postId: post.id, commentId: comment.id };
    await t.services.moderation.hide(as(staff), target, { reason: 'Tone' });
    expect(await t.stores.comments.get(post.id, comment.id)).toMatchObject({ hidden: true, deleted: false });
    // Hidden, then removed: one flag at a time, and the count stays down.
    await t.services.moderation.remove(as(staff), target, { reason: 'Abuse' });
    expect(await t.stores.comments.get(post.id, comment.id)).toMatchObject({
      hidden: false,
      deleted: true,
      moderation: { state: 'removed', reason: 'Abuse' },
    });
    expect((await t.stores.posts.get(post.id))?.commentCount).toBe(0);
    // Counted once per item, when first withheld by a decision.
    expect(await withheldCount(t, commenter.id)).toBe(1);
    await t.services.moderation.restore(as(staff), target, { reason: 'On appeal' });
    const back = await t.stores.comments.get(post.id, comment.id);
    expect(back).toMatchObject({ hidden: false, deleted: false });
    expect(back?.moderation).toBeUndefined();
    expect((await t.stores.posts.get(post.id))?.commentCount).toBe(1);
    const lines = (await auditLines(t)).filter((l) => l.target.commentId === comment.id);
    expect(lines.map((l) => l.action)).toEqual(['hide', 'remove', 'restore']);
  });

  it('GIVEN a flagged item in the queue WHEN staff restore it directly THEN it leaves the queue', async () => {
    const { post } = await aPost();
    await t.services.moderation.flag(as(staff), { postId: post.id }, { reason: 'spam' });
    const inQueue = async () =>
      (await t.services.moderation.queue(as(staff), { limit: 50 })).items.some(
        (i) => i.target.postId === post.id,
      );
    expect(await inQueue()).toBe(true);
    await t.services.moderation.restore(as(staff), { postId: post.id });
    expect(await inQueue()).toBe(false);
    expect((await t.stores.posts.get(post.id))?.flagWeight).toBeUndefined();
  });
});

describe('the API', () => {
  it('GIVEN staff WHEN they DELETE someone’s post THEN it is removed with the reason, not deleted; without a reason 400', async () => {
    const staffCookies = await signIn('api-staff', 'staff');
    const { board, post } = await aPost();
    const bare = await call({ method: 'DELETE', path: `/api/posts/${post.id}`, cookies: staffCookies });
    expect(bare.status).toBe(400);
    const res = await call({
      method: 'DELETE',
      path: `/api/posts/${post.id}`,
      body: { reason: 'Spam' },
      cookies: staffCookies,
    });
    expect(res.status).toBe(204);
    expect((await t.stores.posts.get(post.id))?.moderation).toMatchObject({
      state: 'removed',
      reason: 'Spam',
    });
    expect(await listed(board.slug)).not.toContain(post.id);
  });

  it('GIVEN a member WHEN they flag through the API THEN 201, then 409 on a repeat; staff read the queue and decide', async () => {
    const member = await signIn('api-member');
    const staffCookies = await signIn('api-staff-2', 'staff');
    const { post } = await aPost();
    const flag = {
      method: 'POST',
      path: `/api/posts/${post.id}/flags`,
      body: { reason: 'spam' },
      cookies: member,
    };
    expect(await call(flag)).toMatchObject({ status: 201, json: { flagged: true, withheld: false } });
    expect((await call(flag)).status).toBe(409);
    const queue = await call({ path: '/api/moderation/queue', cookies: staffCookies });
    expect(queue.status).toBe(200);
    const item = (queue.json.items as { id: string; target: { postId: string } }[]).find(
      (i) => i.target.postId === post.id,
    );
    const decided = await call({
      method: 'POST',
      path: `/api/moderation/queue/${encodeURIComponent(item?.id ?? '')}/decision`,
      body: { decision: 'agree', reason: 'Spam' },
      cookies: staffCookies,
    });
    expect(decided).toMatchObject({ status: 200, json: { state: 'hidden' } });
    const settings = await call({ path: '/api/moderation/settings', cookies: staffCookies });
    expect(settings.json).toEqual({ flagThreshold: 4, holdLinksFromNewMembers: true });
  });

  it('GIVEN an admin WHEN they change the threshold THEN it applies and is audited; out of range is refused', async () => {
    const admin = await aUser(t, { role: 'admin' });
    await expect(
      t.services.moderation.updateSettings(as(admin), { flagThreshold: 0, holdLinksFromNewMembers: true }),
    ).rejects.toThrow(ValidationError);
    await expect(
      t.services.moderation.updateSettings(as(staff), { flagThreshold: 2, holdLinksFromNewMembers: true }),
    ).rejects.toThrow(ForbiddenError);
    await t.services.moderation.updateSettings(as(admin), {
      flagThreshold: 1,
      holdLinksFromNewMembers: false,
    });
    const { post } = await aPost();
    const result = await t.services.moderation.flag(
      as(await aUser(t)),
      { postId: post.id },
      { reason: 'spam' },
    );
    expect(result.withheld).toBe(true);
    const line = (await auditLines(t)).find((l) => l.action === 'settings');
    expect(line).toMatchObject({
      before: { flagThreshold: 4 },
      after: { flagThreshold: 1, holdLinksFromNewMembers: false },
    });
    await t.services.moderation.updateSettings(as(admin), {
      flagThreshold: 4,
      holdLinksFromNewMembers: true,
    });
  });
});
