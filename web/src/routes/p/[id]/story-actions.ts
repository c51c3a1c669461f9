/**
 * The form actions of a story's page: the author's consent and quote sign-off, staff's quote proposal
 * and curation. Like the other post actions they answer a failure to the form that sent it (its scope)
 * and redirect back to the post on success, so a reload never sends twice.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';

type Event = RequestEvent;

export const storyActions = {
  /** A new consent level, or "Withdraw consent" (the button sends level=withdrawn). */
  consent: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['level', 'version']);
    const result = await actionOrFail(
      () => runtime().services.stories.changeConsent(locals.actor, id, values),
      values,
      'consent',
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      values.level === 'withdrawn'
        ? 'Your consent is withdrawn: the story is no longer shown or quoted outside the company.'
        : 'Your choice is saved: we use your story only as it now says.',
    );
    redirect(303, `/p/${id}`);
  },

  quoteDecision: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['proposalId', 'decision']);
    const result = await actionOrFail(
      () => runtime().services.stories.decideQuote(locals.actor, id, values),
      values,
      'quoteDecision',
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      values.decision === 'approve'
        ? 'Quote approved: it may be used word for word, as your consent allows.'
        : 'Quote declined: it will not be used.',
    );
    redirect(303, `/p/${id}`);
  },

  proposeQuote: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const values = formValues(await request.formData(), ['text']);
    const result = await actionOrFail(
      () => runtime().services.stories.proposeQuote(locals.actor, id, values),
      values,
      'proposeQuote',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Quote proposed: the author is asked to approve the exact words.');
    redirect(303, `/p/${id}`);
  },

  curate: async ({ request, params, locals, cookies }: Event) => {
    const id = params.id ?? '';
    const data = await request.formData();
    const values = formValues(data, ['note', 'incentive']);
    const featured = data.get('featured') === 'true';
    // An empty incentive field leaves the recorded one as it is: an incentive given stays disclosed.
    const input = {
      featured,
      note: values.note,
      ...(values.incentive?.trim() ? { incentive: values.incentive } : {}),
    };
    const result = await actionOrFail(
      () => runtime().services.stories.curate(locals.actor, id, input),
      { ...values, featured: String(featured) },
      'curate',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Curation saved.');
    redirect(303, `/p/${id}`);
  },
};
