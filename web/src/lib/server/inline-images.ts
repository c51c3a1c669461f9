/**
 * The local mailbox shows an email's HTML in a sandboxed frame, where `cid:` references (the images a
 * mail client takes from the message's own parts) point nowhere: they become data: URIs of those parts,
 * which the site's CSP allows for images.
 */
export interface InlinePart {
  cid: string;
  contentType: string;
  /** Base64. */
  content: string;
}

// Only images, and only what can sit in an attribute as it is: the parts come from files on disk.
const IMAGE_TYPE = /^image\/[a-z0-9.+-]+$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The HTML with every `cid:` reference to one of `parts` replaced by that part as a data: URI. */
export function inlineImagesAsDataUris(html: string, parts: readonly InlinePart[]): string {
  const uris = new Map<string, string>();
  for (const part of parts)
    if (IMAGE_TYPE.test(part.contentType) && BASE64.test(part.content))
      uris.set(part.cid, `data:${part.contentType.toLowerCase()};base64,${part.content}`);
  if (uris.size === 0) return html;
  // A cid: URL is the Content-ID, percent-encoded where a URL needs it (RFC 2392).
  return html.replace(/\bcid:([^"'\s<>()]+)/gi, (match, id: string) => uris.get(decode(id)) ?? match);
}

function decode(id: string): string {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
}
