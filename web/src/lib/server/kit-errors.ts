/**
 * Domain errors in SvelteKit terms: in a load they become error pages; in a form action they become
 * `fail(status, …)` with one message per field, so the form re-renders with what the user typed.
 * Status codes come from the same table the JSON API uses.
 */
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { DomainError, ValidationError } from '$shared/domain/errors.ts';
import { statusFor } from '$shared/http/error-status.ts';

export interface FormFailure {
  message: string;
  fields?: Record<string, string>;
  values?: Record<string, string>;
}

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
): Promise<T | ActionFailure<FormFailure>> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return fail(statusFor(e), {
      message: e instanceof ValidationError ? 'Please fix the highlighted fields.' : e.message,
      ...(e instanceof ValidationError ? { fields: e.fields } : {}),
      ...(values ? { values } : {}),
    });
  }
}

export function formValues(data: FormData, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, String(data.get(n) ?? '')]));
}
