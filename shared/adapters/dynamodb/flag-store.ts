/**
 * Flags in DynamoDB: one item per person and flagged post or comment, in the target's own partition
 * (keys.flag), beside the pointer to the target's review item. A decision settles each flag once: its
 * outcome and its flagger's record move together, conditioned on the flag not being settled yet.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../table/keys.ts';
import { ITEM_ABSENT, ITEM_EXISTS, partitionQuery, updateInput } from '../../table/expressions.ts';
import type { Flag, FlagOutcome, ModerationTarget } from '../../ports/index.ts';
import type { FlagReason } from '../../domain/moderation.ts';
import type { Db } from './client.ts';
import { transact } from './transact.ts';

export function flagPut(tableName: string, flag: Flag) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...keys.flag(flag.postId, flag.commentId, flag.userId), type: 'flag', ...flag },
      // Once each: a second flag from the same person cancels the whole transaction.
      ConditionExpression: ITEM_ABSENT,
    },
  };
}

export function toFlag(item: Record<string, unknown>): Flag {
  return {
    postId: item.postId as string,
    ...(typeof item.commentId === 'string' ? { commentId: item.commentId } : {}),
    userId: item.userId as string,
    userName: item.userName as string,
    reason: item.reason as FlagReason,
    ...(typeof item.note === 'string' ? { note: item.note } : {}),
    weight: Number(item.weight ?? 0),
    at: item.at as string,
    ...(item.outcome === 'agreed' || item.outcome === 'disagreed' ? { outcome: item.outcome } : {}),
  };
}

/** The target's review pointer (its first item, '#' sorting first) and its first `limit` flags: one Query. */
export async function flagsOf(
  db: Db,
  target: ModerationTarget,
  limit: number,
): Promise<{ reviewId?: string; flags: Flag[] }> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      ...partitionQuery({ partition: keys.flagsPartition(target.postId, target.commentId) }),
      ConsistentRead: true,
      Limit: limit + 1,
    }),
  );
  const items = out.Items ?? [];
  const pointer = items.find((item) => item.type === 'reviewPointer');
  return {
    ...(pointer ? { reviewId: pointer.reviewKey as string } : {}),
    flags: items
      .filter((item) => item.type === 'flag')
      .slice(0, limit)
      .map(toFlag),
  };
}

/**
 * The flag's outcome and one more on its flagger's agreed or disagreed count, in one transaction that
 * holds only while the flag has no outcome: a retried decision counts nobody twice. False when settled.
 */
export async function settleFlag(db: Db, flag: Flag, outcome: FlagOutcome): Promise<boolean> {
  const t = db.tableName;
  const flagUpdate = {
    Update: {
      TableName: t,
      Key: keys.flag(flag.postId, flag.commentId, flag.userId),
      ...updateInput({ set: { outcome } }, `${ITEM_EXISTS} AND attribute_not_exists(#outcome)`),
    },
  };
  const counter = outcome === 'agreed' ? 'flagsAgreed' : 'flagsDisagreed';
  const result = await transact(db, [
    flagUpdate,
    {
      Update: {
        TableName: t,
        Key: keys.user(flag.userId),
        ...updateInput({ add: { [counter]: 1 } }, ITEM_EXISTS),
      },
    },
  ]);
  if (result.ok) return true;
  const [flagReason, userReason] = result.reasons;
  if (flagReason?.Code === 'ConditionalCheckFailed') return false;
  // The flagger's account is gone: the flag still gets its outcome, so the decision can finish.
  if (userReason?.Code === 'ConditionalCheckFailed') return (await transact(db, [flagUpdate])).ok;
  throw new Error(`Flag settlement cancelled: ${result.reasons.map((r) => r.Code).join(', ')}`);
}
