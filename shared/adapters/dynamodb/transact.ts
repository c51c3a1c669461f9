/**
 * TransactWriteItems with the retry real DynamoDB needs: under contention it cancels transactions with
 * TransactionConflict (DynamoDB Local never does, so the retry path is proven by injected failures),
 * and under load it cancels them for throttling, which the SDK does not retry (a cancellation is a 400).
 */
import { TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import type { Db } from './client.ts';

export type TransactOutcome = { ok: true } | { ok: false; reasons: CancellationReason[] };

export interface RetryOptions {
  attempts?: number;
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Cancellation reasons that say "try again": a racing transaction, or a throttled item. */
const TRANSIENT = new Set([
  'TransactionConflict',
  'ThrottlingError',
  'ProvisionedThroughputExceeded',
  'RequestLimitExceeded',
]);

/** Runs the transaction; a cancellation for a failed condition is returned, not thrown, for the caller to read. */
export async function transact(
  db: Db,
  items: NonNullable<TransactWriteCommandInput['TransactItems']>,
  { attempts = 5, baseDelayMs = 20, sleep = defaultSleep }: RetryOptions = {},
): Promise<TransactOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      // A failed condition is an answer, even when another item was also throttled.
      const conditionFailed = reasons.some((r) => r.Code === 'ConditionalCheckFailed');
      const transient = reasons.some((r) => TRANSIENT.has(r.Code ?? ''));
      if (conditionFailed || !transient) return { ok: false, reasons };
      // Nothing was written: the caller may safely try the whole request again a little later.
      if (attempt >= attempts) throw new ServiceUnavailableError(1);
      // Full jitter: contending writers spread out instead of colliding again in step.
      await sleep(Math.random() * baseDelayMs * 2 ** attempt);
    }
  }
}

export const conditionFailedAt = (outcome: TransactOutcome, index: number): boolean =>
  !outcome.ok && outcome.reasons[index]?.Code === 'ConditionalCheckFailed';
