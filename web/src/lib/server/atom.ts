/** A minimal Atom 1.0 (RFC 4287) writer for the changelog feed. Every text goes through xml(). */

export interface AtomEntry {
  id: string;
  title: string;
  /** ISO 8601. */
  updated: string;
  link: string;
  /** HTML, written as escaped text in a type="html" content element. */
  html: string;
  author?: string;
}

export interface AtomFeed {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  selfLink: string;
  alternateLink: string;
  author: string;
  entries: AtomEntry[];
}

// Characters XML 1.0 does not allow at all (escaping cannot save them), including lone surrogates.
const INVALID_XML =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for XML content and attribute values, and drops characters XML cannot carry. */
export function xml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** RFC 3339 as Atom wants it; a date that does not parse becomes the epoch rather than invalid XML. */
const rfc3339 = (iso: string) => {
  const time = Date.parse(iso);
  return new Date(Number.isNaN(time) ? 0 : time).toISOString();
};

export function atomFeed(feed: AtomFeed): string {
  const entries = feed.entries.map(
    (e) => `  <entry>
    <id>${xml(e.id)}</id>
    <title type="text">${xml(e.title)}</title>
    <updated>${rfc3339(e.updated)}</updated>
    <link rel="alternate" type="text/html" href="${xml(e.link)}"/>
${e.author ? `    <author><name>${xml(e.author)}</name></author>\n` : ''}    <content type="html">${xml(e.html)}</content>
  </entry>
`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${xml(feed.id)}</id>
  <title type="text">${xml(feed.title)}</title>
${feed.subtitle ? `  <subtitle type="text">${xml(feed.subtitle)}</subtitle>\n` : ''}  <updated>${rfc3339(feed.updated)}</updated>
  <link rel="self" type="application/atom+xml" href="${xml(feed.selfLink)}"/>
  <link rel="alternate" type="text/html" href="${xml(feed.alternateLink)}"/>
  <author><name>${xml(feed.author)}</name></author>
${entries.join('')}</feed>
`;
}
