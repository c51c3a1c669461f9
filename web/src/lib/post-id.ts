import { ULID_PATTERN as ULID } from '$shared/domain/schemas.ts';

const POST_PATH = /\/p\/([0-9A-HJKMNP-TV-Z]{26})(?:[/?#]|$)/i;

/**
 * The post id in what staff typed or pasted: a bare id, or a link to a post (absolute or
 * root-relative, with any query or hash). Null when there is none.
 */
export function extractPostId(input: string): string | null {
  const text = input.trim();
  if (ULID.test(text.toUpperCase())) return text.toUpperCase();
  let path: string;
  try {
    path = new URL(text, 'http://hearth.invalid').pathname;
  } catch {
    return null;
  }
  const match = POST_PATH.exec(path);
  return match?.[1] ? match[1].toUpperCase() : null;
}

/** Whether this could be an id at all (posts, users and comments all have ULIDs). */
export function isUlid(value: string): boolean {
  return ULID.test(value);
}
