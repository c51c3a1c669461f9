import { randomUUID } from 'node:crypto';
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formList, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';
import { findSimilar } from '$lib/server/similar.ts';
import { shownFirst, wasLeft } from '$lib/server/form-signals.ts';
import { isUlid } from '$lib/post-id.ts';
import { CONSENT_FIELDS, guidelinesToAccept, withGuidelinesConsent } from '$lib/server/guidelines-consent.ts';
import type { Actor } from '$shared/domain/types.ts';

/** The hidden field that says this form's suggestions were counted as shown already. */
const SHOWN = 'suggestionsShown';

// A story's own fields travel with the others; other kinds ignore them.
const FIELDS = [
  'title',
  'body',
  'kind',
  'idempotencyKey',
  'outcome',
  'role',
  'quote',
  'consent',
  'consentVersion',
  // Analytics (issue 18): this form's suggestions were counted as shown already; kept across a failure.
  SHOWN,
  ...CONSENT_FIELDS,
] as const;

/** The longest title a post takes (schemas.ts newPostSchema). */
const TITLE_MAX = 140;

export const load: PageServerLoad = async ({ params, url, locals }) => {
  const { services } = runtime();
  const board = await loadOrError(() => services.boards.get(locals.actor, params.slug));
  const stories = board.kinds.includes('story');
  return {
    board,
    // One key per rendered form: sending the same form again (a double click, a retry after an error
    // whose post was in fact stored) answers with the post it made instead of posting it twice.
    formToken: randomUUID(),
    // A first post asks for the community guidelines to be accepted (the box on the form).
    guidelines: await loadOrError(() => guidelinesToAccept(locals.actor)),
    story: stories
      ? {
          consent: services.stories.consentTexts(),
          tags: await services.boards.tags(locals.actor),
          from: await storyPrefill(locals.actor, url.searchParams.get('from')),
        }
      : null,
  };
};

/**
 * `?from=<postId>`: a story about a post that shipped, started from that post's title and tags. A post
 * the viewer may not see (or no post at all) starts an empty story, saying nothing about why.
 */
async function storyPrefill(actor: Actor, from: string | null) {
  if (!from || !isUlid(from)) return null;
  const detail = await runtime()
    .services.posts.get(actor, from)
    .catch(() => null);
  if (!detail) return null;
  const room = TITLE_MAX - 'How  helped us'.length;
  const title =
    detail.post.title.length > room ? `${detail.post.title.slice(0, room - 1)}…` : detail.post.title;
  return { title: `How ${title} helped us`, tags: detail.post.tags };
}

export const actions: Actions = {
  /** Without JavaScript, the "Check for similar posts" button: the suggestions, and the form as it was. */
  similar: async ({ request, locals, cookies }) => {
    const data = await request.formData();
    const values: Record<string, string> = {
      ...formValues(data, FIELDS),
      storyTags: formList(data, 'storyTags').join(','),
    };
    const similar = await findSimilar(locals.actor, values.title ?? '');
    // Suggestions shown count once per form (analytics, issue 18): the form carries back that they did,
    // whether this check or the page's script counted them, and the visit remembers the form's token.
    const shownBefore = values[SHOWN] === '1';
    if (similar.length > 0 && !shownBefore && shownFirst(cookies, values.idempotencyKey)) {
      await runtime().services.analytics.suggestionsShown(locals.actor);
    }
    if (similar.length > 0 || shownBefore) values[SHOWN] = '1';
    return { similar, values };
  },
  post: async ({ request, params, locals, cookies }) => {
    const data = await request.formData();
    const values = formValues(data, FIELDS);
    const storyTags = formList(data, 'storyTags');
    const typed: Record<string, string> = { ...values, storyTags: storyTags.join(',') };
    // A post the service made just now, not the answer to this form sent before (its key replayed): the
    // service's clock is the system's, and a replay answers with a post made before this request.
    const asked = Date.now();
    const result = await actionOrFail(
      () =>
        withGuidelinesConsent(locals.actor, values, (actor) =>
          runtime().services.posts.create(
            actor,
            params.slug,
            { ...values, storyTags },
            { idempotencyKey: values.idempotencyKey || undefined },
          ),
        ),
      typed,
    );
    if (failed(result)) return result;
    // Posted from a form that was left for a suggestion (/go/ remembered its token in the visit): not
    // abandoned after all (analytics, issue 18). A replay of the same form counted when it was made.
    if (wasLeft(cookies, values.idempotencyKey) && Date.parse(result.createdAt) >= asked) {
      await runtime().services.analytics.postedAfterSuggestion(locals.actor);
    }
    setFlash(
      cookies,
      result.kind === 'story'
        ? 'Thank you for your story. We use it only as you chose; you can change that below at any time.'
        : 'Your post is up. You follow it: we will email you when its status changes.',
    );
    redirect(303, `/p/${result.id}`);
  },
};
