/**
 * Domain errors in SvelteKit terms: in a load they become error pages; in a form action they become
 * `fail(status, …)` with one message per field, so the form re-renders with what the user typed.
 * Status codes come from the same table the JSON API uses.
 */
import { error, fail, isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { DomainError, ValidationError } from '$shared/domain/errors.ts';
import { statusFor } from '$shared/http/error-status.ts';
import type { FormFailure } from '$lib/forms.ts';

export type { FormFailure };

export async function loadOrError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof DomainError) error(statusFor(e), e.message);
    throw e;
  }
}

export async function actionOrFail<T>(
  work: () => Promise<T>,
  values?: Record<string, string>,
  scope?: string,
): Promise<T | ActionFailure<FormFailure>> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return fail(statusFor(e), {
      message: e instanceof ValidationError ? 'Please fix the highlighted fields.' : e.message,
      ...(e instanceof ValidationError ? { fields: e.fields } : {}),
      ...(values ? { values } : {}),
      ...(scope ? { scope } : {}),
    });
  }
}

export function formValues(data: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, String(data.get(n) ?? '')]));
}

/** Every value of a repeated field (checkboxes), as strings. */
export function formList(data: FormData, name: string): string[] {
  return data.getAll(name).map(String);
}

/** Narrows what actionOrFail returned: true for a failure to hand back to the form. */
export function failed<T>(result: T | ActionFailure<FormFailure>): result is ActionFailure<FormFailure> {
  return isActionFailure(result);
}
