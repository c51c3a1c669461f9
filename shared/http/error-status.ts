/** The one table from domain errors to HTTP status codes, used by the JSON API and the web app alike. */
import type { DomainError } from '../domain/errors.ts';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
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
  [RateLimitedError, 429],
];

export function statusFor(error: DomainError): number {
  return STATUS.find(([type]) => error instanceof type)?.[1] ?? 400;
}
