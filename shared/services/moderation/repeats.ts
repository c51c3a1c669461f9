/**
 * Spam basics (issue 17): the same post or comment from the same person again within
 * REPEAT_WINDOW_HOURS is refused. What counts as the same is contentFingerprintText (case, spacing and
 * punctuation do not); the stores put its hash in the create's transaction (adapters/dynamodb/
 * content-hash.ts), so two identical posts racing each other cannot both get in.
 */
import { createHash } from 'node:crypto';
import { contentFingerprintText } from '../../domain/moderation.ts';
import type { ContentFingerprint } from '../../ports/index.ts';

/**
 * Shorter than this once normalised, a text is something people say again honestly ("Thanks!", "+1",
 * an emoji, which normalises to nothing): no repeat check.
 */
export const REPEAT_MIN_LENGTH = 20;

/**
 * Posts and comments are told apart: a title-less post never matches a comment with its words. A
 * comment is a repeat only on the same post: the same answer on two threads is often the right one.
 * Undefined: too short to check.
 */
export function contentFingerprint(
  userId: string,
  what: { kind: 'post'; title: string; body: string } | { kind: 'comment'; postId: string; body: string },
  at: string,
): ContentFingerprint | undefined {
  const text = contentFingerprintText(what.kind === 'post' ? what.title : '', what.body);
  if (text.length < REPEAT_MIN_LENGTH) return undefined;
  const where = what.kind === 'comment' ? `comment ${what.postId}` : 'post';
  const sha256 = createHash('sha256').update(`${where}\n${text}`).digest('hex');
  return { userId, sha256, at };
}
