/**
 * Turns post text and search queries into index terms. Index and query go through the same
 * normalisation and stemming, so whatever a post was indexed under, the same word typed in a query
 * finds it.
 *
 * Built for languages that put spaces between words: text without them (Chinese, Japanese, Thai)
 * becomes one long token per run, cut at MAX_TERM_LENGTH, and is found only by its start.
 */

export const MIN_TERM_LENGTH = 2;
export const MAX_TERM_LENGTH = 40;
/** Each query term costs one DynamoDB Query; the cap bounds a search's cost whatever is typed. */
export const MAX_QUERY_TERMS = 8;

// Words so common in feedback that they would match nearly every post, so they only cost reads.
// "not" and "no" stay searchable on purpose: "no dark mode" is not "dark mode".
const STOPWORDS: ReadonlySet<string> = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'be',
  'but',
  'by',
  'can',
  'do',
  'does',
  'for',
  'from',
  'has',
  'have',
  'how',
  'i',
  'if',
  'in',
  'is',
  'it',
  'its',
  'me',
  'my',
  'of',
  'on',
  'or',
  'our',
  'so',
  'that',
  'the',
  'their',
  'them',
  'there',
  'they',
  'this',
  'to',
  'was',
  'we',
  'what',
  'when',
  'where',
  'which',
  'who',
  'why',
  'will',
  'with',
  'would',
  'you',
  'your',
]);

// Plurals the suffix rules below get wrong, where it matters for software feedback.
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['statuses', 'status'],
  ['caches', 'cache'],
  ['niches', 'niche'],
  ['aches', 'ache'],
  ['headaches', 'headache'],
  ['cliches', 'cliche'],
]);

/**
 * A light plural stemmer (after Harman's S-stemmer, with the -es cases English spells that way).
 * It only ever rewrites the last three letters of a word: `queryTerms` relies on that for prefixes.
 */
export function stem(word: string): string {
  const irregular = IRREGULAR.get(word);
  if (irregular) return irregular;
  // Short words are mostly not plurals (bus, gas, yes), and numbers and codes (v2, utf8s) are not words.
  if (word.length <= 3 || !/^\p{L}+$/u.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(?:ss|sh|ch|x|zz)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Lowercase, without diacritics, split on anything that is not a letter or digit (Markdown included). */
function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u);
}

const isKept = (word: string) => word.length >= MIN_TERM_LENGTH && !STOPWORDS.has(word);

function words(text: string): string[] {
  return tokens(text).filter(isKept);
}

function toTerm(word: string): string {
  return stem(word).slice(0, MAX_TERM_LENGTH);
}

/** The terms of a text, each with how often it occurs. */
export function terms(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const word of words(text)) {
    const term = toTerm(word);
    counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

export interface QueryTerms {
  /** Distinct terms, at most MAX_QUERY_TERMS. When `prefix` is set, the last one is the word it came from. */
  terms: string[];
  /**
   * Set when the query does not end in whitespace: the last word, as a prefix of the terms it may be
   * the start of (search while typing). Stopwords and single characters give no prefix.
   */
  prefix?: string;
}

export function queryTerms(query: string): QueryTerms {
  const all = [...new Set(words(query).map(toTerm))];
  // The last token decides, not the last kept word: after "export to", the user is not typing "export".
  const lastWord = /\s$/u.test(query) ? undefined : tokens(query).at(-1);
  if (lastWord === undefined || !isKept(lastWord)) return { terms: all.slice(0, MAX_QUERY_TERMS) };
  const lastTerm = toTerm(lastWord);
  const others = all.filter((t) => t !== lastTerm).slice(0, MAX_QUERY_TERMS - 1);
  return { terms: [...others, lastTerm], prefix: typedPrefix(lastWord) };
}

/**
 * The index stores stemmed terms, so a word that starts with what was typed may be stored with its
 * last letters rewritten: "categori" is on its way to "categories", stored as "category", and "boxe" to
 * "boxes", stored as "box". Stemming touches at most the last three letters, and a typed word plus at
 * least one more letter loses at most these, so dropping them keeps every such term a match.
 */
function typedPrefix(word: string): string {
  const trimmed = /^\p{L}+$/u.test(word) ? word.replace(/(?:ie|i|e)$/, '') : word;
  return (trimmed.length >= MIN_TERM_LENGTH ? trimmed : word).slice(0, MAX_TERM_LENGTH);
}
