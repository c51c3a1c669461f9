/**
 * The form actions of a post page: comments and replies, the author's edits, following, and the staff
 * controls. Each one calls a service, and on success sets a one-shot message and redirects (303) back
 * to the post, so a reload never posts twice; on failure it returns the typed values and field errors,
 * scoped to the form that sent them.
 */
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { runtime } from './runtime.ts';
import { actionOrFail, failed, formList, formValues } from './kit-errors.ts';
import { setFlash } from './flash.ts';
import { voteActions } from './vote-actions.ts';
import { CONSENT_FIELDS, withGuidelinesConsent } from './guidelines-consent.ts';
import { extractPostId } from '$lib/post-id.ts';
import { STATUS_LABELS } from '$lib/format.ts';
import { STAFF_HIDE_REASON } from '$shared/domain/moderation.ts';

type Event = RequestEvent;

const postHref = (id: string, hash = '') => `/p/${id}${hash}`;

/** Back to a comment, on the page of comments that shows it (the first, unless the post has many). */
async function commentHref(actor: Event['locals']['actor'], postId: string, commentId: string) {
  // The change is made: failing to find its page must not turn it into an error, the first page will do.
  const cursor = await runtime()
    .services.comments.pageOf(actor, postId, commentId)
    .catch(() => null);
  return `/p/${postId}${cursor ? `?comments=${cursor}` : ''}#comment-${commentId}`;
}

export const postActions = {
  ...voteActions,

  comment: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), [
      'body',
      'parentId',
      'idempotencyKey',
      ...CONSENT_FIELDS,
    ]);
    const scope = values.parentId ? `reply:${values.parentId}` : 'comment';
    const result = await actionOrFail(
      // A first comment accepts the community guidelines first, when its box is ticked.
      () =>
        withGuidelinesConsent(locals.actor, values, (actor) =>
          runtime().services.comments.create(actor, id, values, {
            idempotencyKey: values.idempotencyKey || undefined,
          }),
        ),
      values,
      scope,
    );
    if (failed(result)) return result;
    setFlash(cookies, values.parentId ? 'Your reply is posted.' : 'Your comment is posted.');
    redirect(303, await commentHref(locals.actor, id, result.id));
  },

  editComment: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['commentId', 'body']);
    const result = await actionOrFail(
      () => runtime().services.comments.edit(locals.actor, id, values.commentId ?? '', { body: values.body }),
      values,
      `edit:${values.commentId}`,
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Your comment is updated.');
    redirect(303, await commentHref(locals.actor, id, result.id));
  },

  deleteComment: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['commentId']);
    const result = await actionOrFail(
      () => runtime().services.comments.delete(locals.actor, id, values.commentId ?? ''),
      values,
      `delete:${values.commentId}`,
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Your comment is deleted.');
    redirect(303, await commentHref(locals.actor, id, values.commentId ?? ''));
  },

  hideComment: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['commentId', 'hidden', 'reason']);
    const hidden = values.hidden === 'true';
    // A moderators' hide like any other (issue 17): its audit line, the author's notice, the queue.
    const target = { postId: id, commentId: values.commentId ?? '' };
    const moderation = runtime().services.moderation;
    const result = await actionOrFail(
      () =>
        hidden
          ? moderation.hide(locals.actor, target, { reason: values.reason || STAFF_HIDE_REASON })
          : moderation.restore(locals.actor, target, {}),
      values,
      `hide:${values.commentId}`,
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      hidden ? 'The comment is hidden from everyone but staff.' : 'The comment is visible again.',
    );
    redirect(303, await commentHref(locals.actor, id, values.commentId ?? ''));
  },

  acceptAnswer: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['commentId']);
    const result = await actionOrFail(
      () => runtime().services.posts.acceptAnswer(locals.actor, id, values),
      values,
      `accept:${values.commentId}`,
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      values.commentId ? 'The answer is marked as accepted.' : 'The answer is no longer accepted.',
    );
    redirect(303, postHref(id, values.commentId ? `#comment-${values.commentId}` : ''));
  },

  edit: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['title', 'body']);
    const result = await actionOrFail(
      () => runtime().services.posts.edit(locals.actor, id, values),
      values,
      'edit',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'The post is updated.');
    redirect(303, postHref(id));
  },

  delete: async ({ params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const { services } = runtime();
    const post = await actionOrFail(() => services.posts.get(locals.actor, id), undefined, 'delete');
    if (failed(post)) return post;
    const result = await actionOrFail(() => services.posts.delete(locals.actor, id), undefined, 'delete');
    if (failed(result)) return result;
    setFlash(cookies, `“${post.post.title}” is deleted.`);
    redirect(303, `/b/${post.board.slug}`);
  },

  follow: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const following = (await request.formData()).get('following') === 'true';
    const result = await actionOrFail(
      () => runtime().services.posts.follow(locals.actor, id, { following }),
      undefined,
      'follow',
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      following
        ? 'You follow this post: we will email you when its status changes.'
        : 'You no longer follow this post.',
    );
    redirect(303, postHref(id));
  },

  status: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['status', 'note']);
    const result = await actionOrFail(
      () => runtime().services.posts.changeStatus(locals.actor, id, values),
      values,
      'status',
    );
    if (failed(result)) return result;
    setFlash(cookies, `Status: ${STATUS_LABELS[result.status]}. Followers are notified.`);
    redirect(303, postHref(id));
  },

  tags: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const tags = formList(await request.formData(), 'tags');
    const result = await actionOrFail(
      () => runtime().services.posts.setTags(locals.actor, id, { tags }),
      { tags: tags.join(',') },
      'tags',
    );
    if (failed(result)) return result;
    setFlash(cookies, result.tags.length > 0 ? 'Tags saved.' : 'Tags removed.');
    redirect(303, postHref(id));
  },

  merge: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['into']);
    const into = extractPostId(values.into ?? '');
    if (!into) {
      return fail(400, {
        message: 'Please fix the highlighted fields.',
        fields: { into: 'Enter the id of a post, or paste its link (…/p/01J…).' },
        values,
        scope: 'merge',
      });
    }
    const result = await actionOrFail(
      () => runtime().services.posts.merge(locals.actor, id, { into }),
      values,
      'merge',
    );
    if (failed(result)) return result;
    setFlash(cookies, `Merged into “${result.into.title}”: its votes and followers moved here.`);
    redirect(303, `/p/${result.into.id}?from=${id}`);
  },

  onBehalf: async ({ request, params, locals, cookies, getClientAddress }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['email', 'name', 'source']);
    const result = await actionOrFail(
      () => runtime().services.votes.voteOnBehalf(locals.actor, id, values, { ip: getClientAddress() }),
      values,
      'onBehalf',
    );
    if (failed(result)) return result;
    setFlash(cookies, `Vote recorded for ${values.email}. The post has ${result.voteCount} votes.`);
    redirect(303, postHref(id));
  },
};
