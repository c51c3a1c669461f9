/** The one table from domain errors to HTTP status codes, used by the JSON API and the web app alike. */
import type { DomainError } from '../domain/errors.ts';
import {
  ConflictError,
  ForbiddenError,
  IdempotencyKeyReusedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  ServiceUnavailableError,
  UnauthenticatedError,
  ValidationError,
} from '../domain/errors.ts';

const STATUS: ReadonlyArray<readonly [abstract new (...args: never[]) => DomainError, number]> = [
  [ValidationError, 400],
  [UnauthenticatedError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
  [ConflictError, 409],
  [PayloadTooLargeError, 413],
  [IdempotencyKeyReusedError, 422],
  [RateLimitedError, 429],
  [ServiceUnavailableError, 503],
];

export function statusFor(error: DomainError): number {
  return STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
}

/** Seconds for a Retry-After header, for the errors that say when to come back (429, 503). */
export function retryAfterFor(error: DomainError): number | undefined {
  return error instanceof RateLimitedError || error instanceof ServiceUnavailableError
    ? error.retryAfterSeconds
    : undefined;
}
