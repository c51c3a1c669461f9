/**
 * Typed domain errors. Services throw these; each adapter (JSON API, SvelteKit) maps them to its own
 * response in one place, so no service knows about HTTP.
 */
export type FieldErrors = Record<string, string>;

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

export class ValidationError extends DomainError {
  readonly code = 'validation_failed';
  constructor(readonly fields: FieldErrors) {
    super(
      `Invalid input: ${Object.entries(fields)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; ')}`,
    );
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'unauthenticated';
  constructor(message = 'Sign in to do that.') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = 'forbidden';
  constructor(message = 'You are not allowed to do that.') {
    super(message);
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'not_found';
  constructor(readonly entity: string) {
    super(`${entity} not found.`);
  }
}

export class ConflictError extends DomainError {
  readonly code = 'conflict';
}

export class PayloadTooLargeError extends DomainError {
  readonly code = 'payload_too_large';
  constructor(readonly limitBytes: number) {
    super(`The request body is larger than ${limitBytes} bytes.`);
  }
}

export class RateLimitedError extends DomainError {
  readonly code = 'rate_limited';
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests. Try again in ${retryAfterSeconds} seconds.`);
  }
}
