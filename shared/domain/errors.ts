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

/**
 * The database is throttling us or failing, even after the client's retries: the request may be
 * repeated (with the same Idempotency-Key for creations) after `retryAfterSeconds`. Never a 500,
 * which would say the request itself broke something.
 */
export class ServiceUnavailableError extends DomainError {
  readonly code = 'unavailable';
  /** `cause`: the database's own error, for the logs. */
  constructor(
    readonly retryAfterSeconds = 1,
    options?: { cause?: unknown },
  ) {
    super(
      `We are busy right now. Try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? '' : 's'}.`,
      options,
    );
  }
}

/** An Idempotency-Key sent again with a different request than the one it was first used for. */
export class IdempotencyKeyReusedError extends DomainError {
  readonly code = 'idempotency_key_reused';
  constructor() {
    super('This Idempotency-Key was already used for a different request. Use a new key for a new request.');
  }
}

/** A member's first post or comment before they accepted the community guidelines (issue 17). */
export class GuidelinesNotAcceptedError extends ConflictError {
  constructor() {
    super('Accept the community guidelines before your first post or comment.');
  }
}

/** A vote, comment, status change or merge on a post moderators withheld: restore it first (issue 17). */
export class WithheldError extends ConflictError {
  constructor() {
    super('This post is withheld by moderators.');
  }
}

/** The same post or comment again from the same person within the repeat window (issue 17). */
export class RepeatedContentError extends ConflictError {
  constructor() {
    super('You already posted this.');
  }
}
