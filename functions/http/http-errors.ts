/** Turns any error into the JSON API's error response; status codes come from shared/http/error-status. */
import { DomainError, ValidationError } from '../../shared/domain/errors.ts';
import { retryAfterFor, statusFor } from '../../shared/http/error-status.ts';

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

/** An error of the HTTP layer itself (no route, bad JSON, wrong media type), never thrown by services. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export function mapError(error: unknown): MappedError {
  if (error instanceof HttpError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message } },
      headers: error.headers,
    };
  }
  if (error instanceof DomainError) {
    const status = statusFor(error);
    const retryAfter = retryAfterFor(error);
    return {
      status,
      body: {
        error: {
          code: error.code,
          message: error.message,
          ...(error instanceof ValidationError ? { fields: error.fields } : {}),
        },
      },
      ...(retryAfter !== undefined ? { headers: { 'retry-after': String(retryAfter) } } : {}),
    };
  }
  console.error(
    JSON.stringify({
      level: 'error',
      message: 'Unhandled error',
      error: String(error),
      stack: (error as Error)?.stack,
    }),
  );
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side.' } } };
}
