import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryAll } from '../../shared/adapters/dynamodb/query-all.ts';
import { ANONYMOUS, type Board, type Post, type User } from '../../shared/domain/types.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../shared/domain/errors.ts';
import { keys } from '../../shared/table/keys.ts';
import { createTestTable, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';

/** Real time plus an offset the tests push forward, to step past the 30-minute edit window. */
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const advanceMinutes = (minutes: number) => void (offsetMs += minutes * 60_000);

let t: TestTable;
let staff: User;
let admin: User;
beforeAll(async () => {
  t = await createTestTable({ clock });
  staff = await aUser(t, { role: 'staff' });
  admin = await aUser(t, { role: 'admin' });
});
afterAll(() => t.drop());

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('Expected the call to fail');
    },
    (error: unknown) => error,
  );
}

async function aPost(
  input: { title?: string; body?: string; kind?: string } = {},
  board?: Board,
): Promise<{ post: Post; author: User; board: Board }> {
  const b = board ?? (await aBoard(t, { kinds: ['idea', 'question'] }));
  const author = await aUser(t);
  const post = await t.services.posts.create(as(author), b.slug, { title: 'Export to CSV', ...input });
  return { post, author, board: b };
}

const searchIds = async (q: string) => (await t.services.posts.search(ANONYMOUS, { q })).map((p) => p.id);

describe('editing posts', () => {
  it('GIVEN their post WHEN the author edits within 30 minutes THEN it changes; after 31 minutes ForbiddenError', async () => {
    const { post, author } = await aPost({ title: 'Export to CSV', body: 'For finance' });
    advanceMinutes(29);
    const edited = await t.services.posts.edit(as(author), post.id, {
      title: 'Export to Excel',
      body: 'For finance',
    });
    expect(edited).toMatchObject({ title: 'Export to Excel', body: 'For finance' });
    expect((await t.services.posts.get(ANONYMOUS, post.id)).post.title).toBe('Export to Excel');
    expect((await t.services.posts.get(as(author), post.id)).permissions.edit).toBe(true);

    advanceMinutes(2);
    expect((await t.services.posts.get(as(author), post.id)).permissions.edit).toBe(false);
    await expect(
      t.services.posts.edit(as(author), post.id, { title: 'Export to Numbers', body: '' }),
    ).rejects.toThrow(ForbiddenError);
    expect((await t.stores.posts.get(post.id))?.title).toBe('Export to Excel');
  });

  it('GIVEN any post WHEN staff edit it, however old THEN it changes; others and anonymous cannot', async () => {
    const { post } = await aPost();
    const other = await aUser(t);
    await expect(t.services.posts.edit(as(other), post.id, { title: 'Hijacked' })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(t.services.posts.edit(ANONYMOUS, post.id, { title: 'Hijacked' })).rejects.toThrow(
      UnauthenticatedError,
    );
    advanceMinutes(24 * 60);
    const edited = await t.services.posts.edit(as(staff), post.id, {
      title: 'Export reports to CSV',
      body: 'Tidied',
    });
    expect(edited.title).toBe('Export reports to CSV');
    expect(await t.stores.posts.get(post.id)).toMatchObject({
      title: 'Export reports to CSV',
      body: 'Tidied',
    });
  });

  it('GIVEN an edit WHEN searching THEN the new title is found and the old one is not', async () => {
    const { post, author } = await aPost({ title: 'Kangaroo integration', body: 'Hop hop' });
    expect(await searchIds('kangaroo')).toEqual([post.id]);
    await t.services.posts.edit(as(author), post.id, { title: 'Wombat integration', body: 'Dig dig' });
    expect(await searchIds('wombat')).toEqual([post.id]);
    expect(await searchIds('kangaroo')).toEqual([]);
    expect(await searchIds('hop')).toEqual([]);
    expect(await searchIds('dig')).toEqual([post.id]);
    const [hit] = await t.services.posts.search(ANONYMOUS, { q: 'wombat' });
    expect(hit?.title).toBe('Wombat integration');
  });
});

describe('deleting posts', () => {
  it('GIVEN a post with only its author’s vote WHEN the author deletes it THEN it is gone from reads, lists and search', async () => {
    const { post, author, board } = await aPost({ title: 'Platypus mode' });
    const detail = await t.services.posts.get(as(author), post.id);
    expect(detail.permissions.delete).toBe(true);
    await expect(t.services.posts.delete(as(staff), post.id)).rejects.toThrow(ForbiddenError);

    await t.services.posts.delete(as(author), post.id);
    await expect(t.services.posts.get(ANONYMOUS, post.id)).rejects.toThrow(NotFoundError);
    expect((await t.services.posts.list(ANONYMOUS, board.slug, {})).posts).toEqual([]);
    expect((await t.services.posts.list(ANONYMOUS, board.slug, { status: 'open' })).posts).toEqual([]);
    expect(await searchIds('platypus')).toEqual([]);
    expect(await t.stores.votes.get(post.id, author.id)).toBeNull();
    const leftovers = await queryAll(t.db, {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
      ExpressionAttributeValues: { ':pk': keys.postPartition(post.id), ':entry': keys.listEntryPrefix },
    });
    expect(leftovers).toEqual([]);
  });

  it('GIVEN a post someone else voted on WHEN the author deletes it THEN ForbiddenError, and again allowed once they unvote', async () => {
    const { post, author } = await aPost();
    const voter = await aUser(t);
    await t.services.votes.vote(as(voter), post.id);
    expect((await t.services.posts.get(as(author), post.id)).permissions.delete).toBe(false);
    await expect(t.services.posts.delete(as(author), post.id)).rejects.toThrow(ForbiddenError);
    expect(await t.stores.posts.get(post.id)).not.toBeNull();

    await t.services.votes.unvote(as(voter), post.id);
    await t.services.posts.delete(as(author), post.id);
    expect(await t.stores.posts.get(post.id)).toBeNull();
  });

  it('GIVEN a post someone else commented on WHEN the author deletes it THEN ForbiddenError', async () => {
    const { post, author } = await aPost();
    const commenter = await aUser(t);
    await t.services.comments.create(as(commenter), post.id, { body: 'I need this' });
    expect((await t.services.posts.get(as(author), post.id)).permissions.delete).toBe(false);
    await expect(t.services.posts.delete(as(author), post.id)).rejects.toThrow(ForbiddenError);
    expect(await t.stores.posts.get(post.id)).not.toBeNull();
  });

  it('GIVEN the author unvoted their own post WHEN they delete it THEN it goes', async () => {
    const { post, author } = await aPost();
    await t.services.votes.unvote(as(author), post.id);
    await t.services.posts.delete(as(author), post.id);
    expect(await t.stores.posts.get(post.id)).toBeNull();
  });

  it(
    'GIVEN a post deleted with its author’s own comment on it WHEN that comment is deleted or hidden THEN NotFoundError, promptly',
    { timeout: 15_000 },
    async () => {
      const { post, author } = await aPost();
      const comment = await t.services.comments.create(as(author), post.id, { body: 'Some context' });
      await t.services.posts.delete(as(author), post.id);
      expect(await t.stores.posts.get(post.id)).toBeNull();
      await expect(t.services.comments.delete(as(author), post.id, comment.id)).rejects.toThrow(
        NotFoundError,
      );
      await expect(t.services.comments.setHidden(as(staff), post.id, comment.id, true)).rejects.toThrow(
        NotFoundError,
      );
    },
  );
});

describe('accepted answers', () => {
  it('GIVEN a question WHEN its author or staff accept an answer THEN it is set; others are refused', async () => {
    const { post, author } = await aPost({ title: 'How do I export?', kind: 'question' });
    const [answerer, other] = [await aUser(t), await aUser(t)];
    const answer = await t.services.comments.create(as(answerer), post.id, { body: 'Settings → Export' });
    const better = await t.services.comments.create(as(staff), post.id, { body: 'Or use the API' });

    await expect(t.services.posts.acceptAnswer(as(other), post.id, { commentId: answer.id })).rejects.toThrow(
      ForbiddenError,
    );
    await expect(t.services.posts.acceptAnswer(ANONYMOUS, post.id, { commentId: answer.id })).rejects.toThrow(
      UnauthenticatedError,
    );
    expect((await t.stores.posts.get(post.id))?.acceptedCommentId).toBeUndefined();

    expect(
      (await t.services.posts.acceptAnswer(as(author), post.id, { commentId: answer.id })).acceptedCommentId,
    ).toBe(answer.id);
    expect((await t.services.posts.get(ANONYMOUS, post.id)).post.acceptedCommentId).toBe(answer.id);
    await t.services.posts.acceptAnswer(as(staff), post.id, { commentId: better.id });
    expect((await t.stores.posts.get(post.id))?.acceptedCommentId).toBe(better.id);
    // Clearing it.
    await t.services.posts.acceptAnswer(as(author), post.id, { commentId: null });
    expect((await t.stores.posts.get(post.id))?.acceptedCommentId).toBeUndefined();
  });

  it('GIVEN an idea WHEN its author accepts an answer THEN it is refused', async () => {
    const { post, author } = await aPost({ kind: 'idea' });
    const comment = await t.services.comments.create(as(author), post.id, { body: 'Not a question' });
    expect((await t.services.posts.get(as(author), post.id)).permissions.acceptAnswer).toBe(false);
    await expect(
      t.services.posts.acceptAnswer(as(author), post.id, { commentId: comment.id }),
    ).rejects.toThrow(ConflictError);
    expect((await t.stores.posts.get(post.id))?.acceptedCommentId).toBeUndefined();
  });

  it('GIVEN a comment of another post, or a hidden one WHEN accepting it THEN ValidationError on commentId', async () => {
    const { post, author, board } = await aPost({ title: 'Where is billing?', kind: 'question' });
    const { post: elsewhere } = await aPost({ title: 'Another question', kind: 'question' }, board);
    const foreign = await t.services.comments.create(as(author), elsewhere.id, { body: 'Over there' });
    const hidden = await t.services.comments.create(as(author), post.id, { body: 'Spam link' });
    await t.services.comments.setHidden(as(staff), post.id, hidden.id, true);
    for (const commentId of [foreign.id, hidden.id]) {
      const error = await errorOf(t.services.posts.acceptAnswer(as(author), post.id, { commentId }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields.commentId).toBeDefined();
    }
    expect((await t.stores.posts.get(post.id))?.acceptedCommentId).toBeUndefined();
  });
});

describe('boards', () => {
  it('GIVEN an admin WHEN they create and update boards THEN it works; staff and customers are refused', async () => {
    const customer = await aUser(t);
    const input = { slug: 'mobile-app', name: 'Mobile app', description: 'iOS and Android', kinds: ['idea'] };
    for (const actor of [as(staff), as(customer)]) {
      await expect(t.services.boards.create(actor, input)).rejects.toThrow(ForbiddenError);
    }
    await expect(t.services.boards.create(ANONYMOUS, input)).rejects.toThrow(UnauthenticatedError);
    const board = await t.services.boards.create(as(admin), input);
    expect(board).toMatchObject({ ...input, archived: false });
    await expect(t.services.boards.create(as(admin), input)).rejects.toThrow(ConflictError);

    const update = { name: 'Mobile apps', description: 'Phones', kinds: ['idea', 'question'] };
    for (const actor of [as(staff), as(customer)]) {
      await expect(t.services.boards.update(actor, board.slug, update)).rejects.toThrow(ForbiddenError);
    }
    expect((await t.services.boards.get(ANONYMOUS, board.slug)).name).toBe('Mobile app');
    await t.services.boards.update(as(admin), board.slug, update);
    expect(await t.services.boards.get(ANONYMOUS, board.slug)).toMatchObject({ ...update, archived: false });
  });

  it('GIVEN an archived board WHEN posting THEN ConflictError; customers no longer see it listed, staff do', async () => {
    const board = await aBoard(t, { name: 'Old ideas', description: 'Before v2' });
    const { post } = await aPost({}, board);
    const customer = await aUser(t);
    await t.services.boards.update(as(admin), board.slug, {
      name: board.name,
      description: board.description,
      kinds: board.kinds,
      archived: true,
    });
    await expect(
      t.services.posts.create(as(customer), board.slug, { title: 'One more idea' }),
    ).rejects.toThrow(ConflictError);

    const slugs = async (actor: Parameters<typeof t.services.boards.list>[0]) =>
      (await t.services.boards.list(actor)).map((b) => b.slug);
    expect(await slugs(as(customer))).not.toContain(board.slug);
    expect(await slugs(ANONYMOUS)).not.toContain(board.slug);
    expect(await slugs(as(staff))).toContain(board.slug);
    expect(await slugs(as(admin))).toContain(board.slug);
    // Still readable.
    expect((await t.services.posts.list(ANONYMOUS, board.slug, {})).posts.map((p) => p.id)).toEqual([
      post.id,
    ]);
    expect((await t.services.posts.get(ANONYMOUS, post.id)).board.archived).toBe(true);

    // Restored, it takes posts again.
    await t.services.boards.update(as(admin), board.slug, {
      name: board.name,
      kinds: board.kinds,
      archived: false,
    });
    await t.services.posts.create(as(customer), board.slug, { title: 'One more idea' });
    expect(await slugs(as(customer))).toContain(board.slug);
  });
});

describe('tags', () => {
  it('GIVEN staff WHEN they create tags THEN they exist; customers cannot create tags', async () => {
    const customer = await aUser(t);
    await expect(
      t.services.boards.putTag(as(customer), { slug: 'billing', name: 'Billing' }),
    ).rejects.toThrow(ForbiddenError);
    await expect(t.services.boards.putTag(ANONYMOUS, { slug: 'billing', name: 'Billing' })).rejects.toThrow(
      UnauthenticatedError,
    );
    expect((await t.services.boards.tags(ANONYMOUS)).map((tag) => tag.slug)).not.toContain('billing');
    await t.services.boards.putTag(as(staff), { slug: 'billing', name: 'Billing', color: '#ff0000' });
    expect(await t.services.boards.tags(ANONYMOUS)).toContainEqual({
      slug: 'billing',
      name: 'Billing',
      color: '#ff0000',
    });
  });

  it('GIVEN tags WHEN staff tag posts THEN lists filter by tag; unknown tags, customers and more than 5 tags are refused', async () => {
    const board = await aBoard(t);
    const [{ post: tagged, author }, { post: untagged }] = [await aPost({}, board), await aPost({}, board)];
    for (const slug of ['t-one', 't-two', 't-three', 't-four', 't-five', 't-six']) {
      await t.services.boards.putTag(as(staff), { slug, name: slug });
    }
    await t.services.posts.setTags(as(staff), tagged.id, { tags: ['t-one', 't-two'] });
    const tagList = async (filter: Record<string, string>) =>
      (await t.services.posts.list(ANONYMOUS, board.slug, filter)).posts.map((p) => p.id);
    expect(await tagList({ tag: 't-one' })).toEqual([tagged.id]);
    expect(await tagList({ tag: 't-two', status: 'open' })).toEqual([tagged.id]);
    expect(await tagList({ tag: 't-two', status: 'open', kind: 'idea' })).toEqual([tagged.id]);
    expect(await tagList({ tag: 't-two', kind: 'question' })).toEqual([]);
    expect(await tagList({ tag: 't-two', status: 'planned' })).toEqual([]);
    expect(await tagList({ tag: 't-three' })).toEqual([]);
    expect((await tagList({})).sort()).toEqual([tagged.id, untagged.id].sort());

    await expect(t.services.posts.setTags(as(author), tagged.id, { tags: ['t-three'] })).rejects.toThrow(
      ForbiddenError,
    );
    const unknown = await errorOf(
      t.services.posts.setTags(as(staff), tagged.id, { tags: ['t-one', 'no-such-tag'] }),
    );
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).fields.tags).toContain('no-such-tag');
    const tooMany = await errorOf(
      t.services.posts.setTags(as(staff), tagged.id, {
        tags: ['t-one', 't-two', 't-three', 't-four', 't-five', 't-six'],
      }),
    );
    expect(tooMany).toBeInstanceOf(ValidationError);
    expect((tooMany as ValidationError).fields.tags).toBeDefined();
    expect((await t.stores.posts.get(tagged.id))?.tags).toEqual(['t-one', 't-two']);

    // Five is fine; a tag taken off leaves its list.
    await t.services.posts.setTags(as(staff), tagged.id, {
      tags: ['t-two', 't-three', 't-four', 't-five', 't-six'],
    });
    expect(await tagList({ tag: 't-one' })).toEqual([]);
    expect(await tagList({ tag: 't-six' })).toEqual([tagged.id]);
    // A status change reaches the tag lists' filters too.
    await t.services.posts.changeStatus(as(staff), tagged.id, { status: 'planned' });
    expect(await tagList({ tag: 't-six', status: 'planned' })).toEqual([tagged.id]);
    expect(await tagList({ tag: 't-six', status: 'open' })).toEqual([]);
    expect((await t.services.posts.get(ANONYMOUS, tagged.id)).post.tags).toEqual([
      't-two',
      't-three',
      't-four',
      't-five',
      't-six',
    ]);
  });
});
