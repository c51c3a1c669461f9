/**
 * The "I accept the community guidelines" box of the new-post and comment forms. Ticked, the action
 * accepts the version the person saw before it posts; unticked, the service's refusal becomes an error
 * by the box (a field error, the form kept), not a message about the whole form.
 */
import { GuidelinesNotAcceptedError, ValidationError } from '$shared/domain/errors.ts';
import type { Actor } from '$shared/domain/types.ts';
import { runtime } from './runtime.ts';

export const CONSENT_FIELDS = ['acceptGuidelines', 'guidelinesVersion'] as const;

export async function withGuidelinesConsent<T>(
  actor: Actor,
  values: Record<string, string>,
  work: (actor: Actor) => Promise<T>,
): Promise<T> {
  let acting = actor;
  if (values.acceptGuidelines === 'yes' && actor.kind === 'user') {
    const accepted = await runtime().services.guidelines.accept(actor, {
      version: Number(values.guidelinesVersion),
    });
    // The session's copy of the person predates the acceptance: the post is checked against this one.
    acting = { ...actor, user: { ...actor.user, guidelinesAccepted: accepted } };
  }
  try {
    return await work(acting);
  } catch (e) {
    if (e instanceof GuidelinesNotAcceptedError) throw new ValidationError({ acceptGuidelines: e.message });
    throw e;
  }
}

/** What the forms need to show the box: the current version, when the person has yet to accept it. */
export async function guidelinesToAccept(actor: Actor): Promise<{ version: number } | null> {
  if (actor.kind === 'anonymous') return null;
  const pending = await runtime().services.guidelines.needsAcceptance(actor);
  return pending ? { version: pending.version } : null;
}
