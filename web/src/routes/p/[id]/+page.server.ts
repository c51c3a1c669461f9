import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { renderMarkdown } from '$shared/domain/markdown.ts';
import { isStaff, POST_STATUSES } from '$shared/domain/types.ts';
import { NotFoundError } from '$shared/domain/errors.ts';
import type { FlagReason } from '$shared/domain/moderation.ts';
import type { CommentView } from '$shared/services/comment-view.ts';
import type { PostDetail } from '$shared/services/post-service.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';
import { jsonForScript } from '$lib/server/json-ld.ts';
import { postJsonLd } from '$lib/server/post-json-ld.ts';
import { postActions } from '$lib/server/post-actions.ts';
import { guidelinesToAccept } from '$lib/server/guidelines-consent.ts';
import { storyActions } from './story-actions.ts';
import type { Thread, ViewComment } from '$lib/comments.ts';
import { isUlid } from '$lib/post-id.ts';
import { acceptedAnswerOf, countAnsweredView } from '$lib/server/answered-view.ts';
import { answeredHelpful, rememberHelpful } from '$lib/server/helpful-cookie.ts';

export const load: PageServerLoad = async ({ params, url, locals, cookies, isDataRequest }) => {
  // A mistyped address is a page that does not exist, not a bad request.
  if (!isUlid(params.id)) error(404, 'Not found');
  const { services, config } = runtime();
  // A later page of comments, from the "Show more comments" link; an empty value is the first page.
  const commentsCursor = url.searchParams.get('comments') || undefined;
  // A later page of voters, from their "Load more" link.
  const votersCursor = url.searchParams.get('voters') || undefined;
  const readVoters = () =>
    loadOrError(() =>
      services.demand.voters(locals.actor, params.id, votersCursor ? { cursor: votersCursor } : {}),
    );
  // Staff always see the voters, so theirs are read alongside the post; a customer's only once the
  // post's board says it shows them.
  const staff = isStaff(locals.actor);
  const [detail, tags, staffVoters] = await Promise.all([
    loadOrError(() => services.posts.get(locals.actor, params.id, { commentsCursor })),
    services.boards.tags(locals.actor),
    staff ? readVoters() : null,
  ]);
  const { post } = detail;
  // The author's reputation beside their name, where the post names them (a story's consent may not).
  const [voters, authorReputation] = await Promise.all([
    staffVoters ?? (detail.board.votersVisible ? readVoters() : null),
    post.authorId
      ? services.reputation.profile(locals.actor, post.authorId).then(
          (p) => p.reputation,
          // An author whose account is gone has no reputation to show; the post still reads.
          (e: unknown) => (e instanceof NotFoundError ? null : Promise.reject(e)),
        )
      : null,
  ]);

  // A merged post sends its visitors on to the one it became part of, unless they asked to read it.
  if (post.status === 'merged' && detail.mergedInto && url.searchParams.get('view') !== 'merged') {
    redirect(303, `/p/${detail.mergedInto.id}?from=${post.id}`);
  }
  const fromId = url.searchParams.get('from');
  const mergedFromVisit = detail.mergedFrom.find((p) => p.id === fromId) ?? null;

  const now = Date.now();
  const view = (c: CommentView): ViewComment => ({
    ...c,
    bodyHtml: c.body ? renderMarkdown(c.body) : '',
  });
  const byParent = new Map<string, ViewComment[]>();
  const threads: Thread[] = [];
  for (const c of detail.comments.map(view)) {
    if (c.parentId) byParent.set(c.parentId, [...(byParent.get(c.parentId) ?? []), c]);
    else threads.push({ comment: c, replies: [] });
  }
  for (const t of threads) t.replies = byParent.get(t.comment.id) ?? [];
  // Replies whose thread start is missing still show, as threads of their own.
  const known = new Set(threads.map((t) => t.comment.id));
  for (const [parentId, replies] of byParent) {
    if (!known.has(parentId)) threads.push(...replies.map((r) => ({ comment: r, replies: [] })));
  }
  // A question's answers come by votes (comment-pages.ts): that order stands. Other posts' threads read
  // oldest first, replies whose thread start is missing among them.
  if (post.kind !== 'question') {
    threads.sort((a, b) => a.comment.createdAt.localeCompare(b.comment.createdAt));
  }

  // A question's accepted answer (or the thread holding it) comes first.
  const accepted = post.kind === 'question' ? post.acceptedCommentId : undefined;
  if (accepted) {
    const index = threads.findIndex(
      (t) => t.comment.id === accepted || t.replies.some((r) => r.id === accepted),
    );
    if (index > 0) threads.unshift(...threads.splice(index, 1));
  }

  const commentPage = pageOfComments(url, detail.comments, detail.commentsNextCursor, post.commentCount);
  // A story's audit trail is staff's proof of each consent and quote; the consent texts are what its
  // author chooses from.
  const story = post.kind === 'story' && post.story ? post.story : null;
  const storyAudit =
    story && staff ? await loadOrError(() => services.stories.auditTrail(locals.actor, post.id)) : null;
  const consentTexts = story?.consent ? services.stories.consentTexts() : null;

  // Analytics (issue 18): a visit to an answered question counts once per visit, from the comments'
  // first page, which its accepted answer leads (so its author, whose reach it is, is known there). Only
  // a page requested in full counts here: the page's script asks for this load on a mere hover over a
  // link (preload), so after a client-side navigation the page itself says it was read (`countView`).
  const answer = commentsCursor ? undefined : acceptedAnswerOf(detail);
  const counting = answer && !isDataRequest ? countAnsweredView(locals.actor, cookies, detail) : undefined;
  // "Did this answer your question?": for readers, not for staff, the asker (whose acceptance said so
  // already) or the answer's author, once per browser.
  const viewerId = locals.actor.kind === 'user' ? locals.actor.user.id : null;
  const askHelpful =
    !!accepted &&
    !staff &&
    !post.moderation &&
    (!viewerId || (viewerId !== post.authorId && viewerId !== answer?.authorId)) &&
    !answeredHelpful(cookies).includes(post.id);
  const [guidelines] = await Promise.all([loadOrError(() => guidelinesToAccept(locals.actor)), counting]);

  return {
    ...searchable(detail, config.siteUrl, !commentsCursor),
    board: detail.board,
    post: { ...post, bodyHtml: renderMarkdown(post.body) },
    statusNoteHtml: post.statusNote ? renderMarkdown(post.statusNote.body) : null,
    history: detail.history.map((h) => ({ ...h, noteHtml: h.note ? renderMarkdown(h.note) : null })),
    voteDays: detail.voteDays,
    authorReputation,
    today: new Date(now).toISOString().slice(0, 10),
    threads,
    acceptedCommentId: accepted,
    commentPage,
    mergedInto: detail.mergedInto,
    mergedFrom: detail.mergedFrom,
    mergedFromVisit,
    following: detail.following,
    voters: voters && { ...voters, more: votersLink(url, voters.nextCursor), first: !votersCursor },
    permissions: detail.permissions,
    tags,
    statuses: POST_STATUSES.filter((s) => s !== 'merged'),
    storyAudit,
    consentTexts,
    // One idempotency key per rendered comment form (suffixed per form): sending a form again, after
    // an error whose comment was in fact stored, answers with that comment instead of a second one.
    formToken: randomUUID(),
    // A first comment asks for the community guidelines to be accepted (issue 17).
    guidelines,
    askHelpful,
    countView: isDataRequest && !!answer,
  };
};

export const actions: Actions = {
  ...postActions,
  ...storyActions,
  // "Did this answer your question?" (issue 18): counted, never who said it; the browser remembers it
  // answered, so that it is not asked again.
  helpful: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['answer']);
    // Answered already (a second click, the form sent again): thanked again, not counted again.
    if (answeredHelpful(cookies).includes(params.id)) {
      return { helpful: values.answer === 'yes' ? 'yes' : 'no' };
    }
    const result = await actionOrFail(
      () => runtime().services.analytics.helpful(locals.actor, params.id, { answer: values.answer }),
      values,
      'helpful',
    );
    if (failed(result)) return result;
    rememberHelpful(cookies, params.id, runtime().config.secureCookies);
    return { helpful: values.answer === 'yes' ? 'yes' : 'no' };
  },
  // An upvote on a comment or answer, or taking it back (`voted=false`); like the post's vote, it answers
  // with data and no redirect, so an enhanced form stays in place and a plain one re-renders the page.
  voteComment: async ({ request, params, locals }) => {
    const values = formValues(await request.formData(), ['commentId', 'voted']);
    const { commentVotes } = runtime().services;
    const postId = params.id;
    const commentId = values.commentId ?? '';
    return actionOrFail(
      () =>
        values.voted === 'false'
          ? commentVotes.unvote(locals.actor, postId, commentId)
          : commentVotes.vote(locals.actor, postId, commentId),
      values,
      `vote:${commentId}`,
    );
  },
  // Moderation (issue 17): a member's flag, and staff hiding, removing or restoring directly.
  flag: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['commentId', 'reason', 'note']);
    const { services } = runtime();
    const commentId = values.commentId || undefined;
    const scope = `flag:${commentId ?? 'post'}`;
    // Read first: a flag that hides the post takes it out of the flagger's sight, so they go to its board.
    const detail = commentId
      ? null
      : await actionOrFail(() => services.posts.get(locals.actor, params.id), values, scope);
    if (detail && failed(detail)) return detail;
    const result = await actionOrFail(
      () =>
        services.moderation.flag(
          locals.actor,
          { postId: params.id, ...(commentId ? { commentId } : {}) },
          {
            reason: values.reason as FlagReason,
            ...(values.note?.trim() ? { note: values.note } : {}),
          },
        ),
      values,
      scope,
    );
    if (failed(result)) return result;
    const noun = commentId ? 'comment' : 'post';
    setFlash(
      cookies,
      result.withheld
        ? `Thank you: the ${noun} is hidden until the moderators review it.`
        : `Thank you: the moderators will review this ${noun}.`,
    );
    if (detail && result.withheld) redirect(303, `/b/${detail.board.slug}`);
    redirect(303, `/p/${params.id}${commentId ? `#comment-${commentId}` : ''}`);
  },
  moderate: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['commentId', 'change', 'reason']);
    const { moderation } = runtime().services;
    const commentId = values.commentId || undefined;
    const target = { postId: params.id, ...(commentId ? { commentId } : {}) };
    const scope = `moderate:${commentId ?? 'post'}`;
    const reason = values.reason?.trim() ?? '';
    const action = values.change;
    if (action !== 'hide' && action !== 'remove' && action !== 'restore') {
      return fail(400, { message: 'Choose hide, remove or restore.', values, scope });
    }
    const result = await actionOrFail(
      () =>
        action === 'restore'
          ? moderation.restore(locals.actor, target, reason ? { reason } : {})
          : moderation[action](locals.actor, target, { reason }),
      values,
      scope,
    );
    if (failed(result)) return result;
    const noun = commentId ? 'comment' : 'post';
    setFlash(
      cookies,
      action === 'restore'
        ? `The ${noun} is published again.`
        : `The ${noun} is ${action === 'hide' ? 'hidden' : 'removed'}: only its author and staff can read it, and its author is told why.`,
    );
    redirect(303, `/p/${params.id}${commentId ? `#comment-${commentId}` : ''}`);
  },
};

/**
 * The canonical address and structured data of a page anyone may read, as search engines should see
 * it. Whether an anonymous reader may read it is the service's rule, applied here without a second
 * read for signed-in viewers: every post on a public board but a story (whose consent decides, and
 * which has its own structured data on the stories wall). Hidden and deleted comments never go in. A
 * merged post sends its visitors on, so it is no page to index; one withheld by moderators (only its
 * author and staff read it) is none either. Later pages of comments share the
 * first page's address; the structured data goes on the first only.
 */
function searchable(detail: PostDetail, siteUrl: string, firstCommentsPage: boolean) {
  const { post, board } = detail;
  if (board.private || post.kind === 'story' || post.status === 'merged' || post.moderation) {
    return { canonicalUrl: null, jsonLd: null };
  }
  const origin = siteUrl.replace(/\/+$/, '');
  const data = firstCommentsPage ? postJsonLd(post, detail.comments, origin) : null;
  return { canonicalUrl: `${origin}/p/${post.id}`, jsonLd: data && jsonForScript(data) };
}

/**
 * Where this page of comments sits among them all, and the links to the next and the first. The number
 * of comments shown on earlier pages travels in the link (`shown`), so that a page read alone can say
 * which comments it holds without reading the earlier ones; it only labels the page, so a tampered one
 * is merely clamped, and a page reached otherwise (back to a comment) does without it.
 */
function pageOfComments(
  url: URL,
  comments: readonly CommentView[],
  nextCursor: string | null,
  total: number,
) {
  const cursor = url.searchParams.get('comments') || null;
  const claimed = Number.parseInt(url.searchParams.get('shown') ?? '', 10);
  const known = Number.isSafeInteger(claimed) ? Math.min(Math.max(claimed, 0), total) : null;
  const shownBefore = cursor ? known : 0;
  // The post's count counts visible comments only, so the page does too.
  const visible = comments.filter((c) => !c.deleted && !c.hidden).length;
  // Other parameters stay: `view=merged` keeps a merged post's own comments in view.
  const query = new URLSearchParams(url.searchParams);
  let next: string | null = null;
  if (nextCursor) {
    query.set('comments', nextCursor);
    if (shownBefore === null) query.delete('shown');
    else query.set('shown', String(shownBefore + visible));
    next = `?${query.toString()}`;
  }
  query.delete('comments');
  query.delete('shown');
  const first = `${url.pathname}${query.size > 0 ? `?${query.toString()}` : ''}`;
  return { cursor, shownBefore, visible, total, next, first };
}

/** The "Load more" link of the voters: the next page's cursor, the page's other parameters kept. */
function votersLink(url: URL, nextCursor: string | null): string | null {
  if (!nextCursor) return null;
  const query = new URLSearchParams(url.searchParams);
  query.set('voters', nextCursor);
  return `?${query.toString()}`;
}
