/**
 * The repeat check of spam basics (issue 17) in DynamoDB: one small item per person and text, put with
 * the post or comment in its transaction only if no live one is there, so the same text twice within
 * REPEAT_WINDOW_HOURS cancels the second write. TTL clears it; an expired one that TTL has not yet
 * deleted (or never will, on DynamoDB Local) counts as gone.
 */
import { REPEAT_WINDOW_HOURS } from '../../domain/moderation.ts';
import { absentOrExpired, conditionInput } from '../../table/expressions.ts';
import { keys } from '../../table/keys.ts';
import { ATTR } from '../../table/names.ts';
import type { ContentFingerprint } from '../../ports/index.ts';

export function contentHashPut(tableName: string, fingerprint: ContentFingerprint) {
  const at = Math.floor(Date.parse(fingerprint.at) / 1000);
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.contentHash(fingerprint.userId, fingerprint.sha256),
        type: 'contentHash',
        userId: fingerprint.userId,
        at: fingerprint.at,
        [ATTR.ttl]: at + REPEAT_WINDOW_HOURS * 3600,
      },
      ...conditionInput(absentOrExpired(at)),
    },
  };
}
