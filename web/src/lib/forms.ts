/** What a failed form action returns (see server/kit-errors.ts), and how a page with many forms reads it. */
export interface FormFailure {
  message: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
  /** Which of the page's forms failed, for pages with several (e.g. `reply:<commentId>`). */
  scope?: string;
}

/** The failure, if the page's `form` is one and came from the form with this scope. */
export function failureFor(form: unknown, scope: string): FormFailure | null {
  if (!form || typeof form !== 'object' || !('message' in form)) return null;
  const failure = form as FormFailure;
  return failure.scope === scope ? failure : null;
}

/** The failure, whichever form it came from (single-form pages). */
export function anyFailure(form: unknown): FormFailure | null {
  return form && typeof form === 'object' && 'message' in form ? (form as FormFailure) : null;
}

/**
 * aria attributes for an input whose error, if any, sits in an element with id `${id}-error`; a hint
 * that always describes it (`hintId`) comes after the error.
 */
export function invalidProps(failure: FormFailure | null, field: string, id: string, hintId?: string) {
  const bad = !!failure?.fields?.[field];
  const describedBy = [bad ? `${id}-error` : undefined, hintId].filter(Boolean).join(' ');
  return {
    'aria-invalid': bad ? ('true' as const) : undefined,
    'aria-describedby': describedBy || undefined,
  };
}
