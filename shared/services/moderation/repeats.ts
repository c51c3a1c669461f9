/**
 * Spam basics (issue 17): the same post or comment from the same person again within
 * REPEAT_WINDOW_HOURS is refused. What counts as the same is contentFingerprintText (case, spacing and
 * punctuation do not); the stores put its hash in the create's transaction (adapters/dynamodb/
 * content-hash.ts), so two identical posts racing each other cannot both get in.
 */
import { createHash } from 'node:crypto';
import { contentFingerprintText } from '../../domain/moderation.ts';
import type { ContentFingerprint } from '../../ports/index.ts';

/** Posts and comments are told apart: a title-less post never matches a comment with its words. */
export function contentFingerprint(
  userId: string,
  what: { kind: 'post'; title: string; body: string } | { kind: 'comment'; body: string },
  at: string,
): ContentFingerprint {
  const text = contentFingerprintText(what.kind === 'post' ? what.title : '', what.body);
  const sha256 = createHash('sha256').update(`${what.kind}\n${text}`).digest('hex');
  return { userId, sha256, at };
}
