/**
 * A visit to an answered question (analytics, issue 18): counted once per visit and question, for the
 * accepted answer's author's reach too. Two ways in, one count: the post page's load, when the page is
 * requested in full (with or without JavaScript), and `POST /p/<id>/viewed`, which the page sends after a
 * client-side navigation to it. Never from a load that answers the page's script: that load also runs
 * when a link to the post is merely hovered (the links preload), and nobody has read anything yet.
 */
import type { Cookies } from '@sveltejs/kit';
import type { Actor } from '$shared/domain/types.ts';
import type { PostDetail } from '$shared/domain/views.ts';
import { runtime } from './runtime.ts';
import { firstThisVisit } from './visit-once.ts';

/** The accepted answer, which leads the comments' first page (comment-pages.ts); none on a later page. */
export function acceptedAnswerOf(detail: Pick<PostDetail, 'post' | 'comments'>) {
  const accepted = detail.post.kind === 'question' ? detail.post.acceptedCommentId : undefined;
  return accepted ? detail.comments.find((c) => c.id === accepted) : undefined;
}

/** Counts the view if the question is answered and this is the visit's first view of it. */
export async function countAnsweredView(
  actor: Actor,
  cookies: Cookies,
  detail: Pick<PostDetail, 'post' | 'comments'>,
): Promise<void> {
  const answer = acceptedAnswerOf(detail);
  const { services, config } = runtime();
  if (!answer || !firstThisVisit(cookies, `v:${detail.post.id}`, config.secureCookies)) return;
  await services.analytics.viewedAnswered(actor, detail.post, answer.authorId || null);
}
