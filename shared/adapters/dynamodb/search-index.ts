/**
 * Full-text search over posts as an inverted index in the table itself, read with a bounded number of
 * Queries and never a Scan.
 *
 * Each distinct term of a post's title and body is one posting item, pk `TERM#<first two letters>`,
 * sk `<term>#<postId>` (see table/keys.ts). A term's postings are one contiguous range of sk, ordered
 * by post id and so by age (ids are ULIDs), and every term starting with a typed prefix is in the same
 * partition. A search is one Query per query term plus one for the prefix, run in parallel: at most
 * MAX_QUERY_TERMS + 1 requests of one page of 200 postings each, whatever the table holds.
 *
 * How far this goes:
 * - Each term's query reads only the newest POSTINGS_PER_TERM (200) postings. A word in more posts than
 *   that finds only the newest 200 of them, so recall of older posts for common words falls off once
 *   a word passes about 200 posts; rare words, which are what people search for, are not affected.
 * - The prefix query reads 200 postings in descending sk order: when a short prefix begins more than
 *   that many postings, the alphabetically later words crowd out the earlier ones until more is typed.
 * - Scores come from those postings only (idf from how many came back, capped at 200), not from
 *   statistics over the whole board, and board filtering happens after the read: a small board among
 *   busy ones can lose matches that fell outside a term's newest 200. Postings on boards the searcher
 *   may not see are dropped before anything is counted, ranked or cut to the limit, so neither a
 *   result's presence nor the order of the visible ones depends on hidden posts (beyond which 200
 *   postings a very common term reads).
 * - Partitions are by the first two letters of a term, so all postings of words starting "co" or "re"
 *   share one partition key, which gets a large share of the index's traffic and is subject to
 *   DynamoDB's per-partition limits (1,000 write and 3,000 read units a second). Indexing a post costs
 *   one write per distinct term, in batches of 25.
 * - Matching is by term and prefix only: no phrases, no typo tolerance, no stemming beyond plurals.
 *
 * Past that (common words routinely in far more than 200 posts, or a need for phrase, fuzzy or
 * faceted search), the next step is Amazon OpenSearch Serverless fed from this table by the DynamoDB
 * zero-ETL integration, or by a Lambda on DynamoDB Streams; the SearchIndex port stays the same and
 * these postings can then be dropped.
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../../domain/types.ts';
import type { SearchHit, SearchIndex } from '../../ports/index.ts';
import { MIN_TERM_LENGTH, queryTerms, terms } from '../../search/tokenize.ts';
import { partitionQuery } from '../../table/expressions.ts';
import { keys, type Key } from '../../table/keys.ts';
import { ServiceUnavailableError } from '../../domain/errors.ts';
import type { Db } from './client.ts';

/** Postings read per query term: the newest this many posts containing it. */
export const POSTINGS_PER_TERM = 200;
/** How much more a title occurrence counts than one in the body. */
const TITLE_TF = 3;
/** Multiplies a term's weight when it is in the title, on top of TITLE_TF. */
const TITLE_BONUS = 2;
/** A word still being typed may become something else, so its prefix matches weigh less. */
const PREFIX_WEIGHT = 0.6;
const BATCH_SIZE = 25;
const PARALLEL_BATCHES = 4;
const MAX_BATCH_ATTEMPTS = 8;

type Text = Pick<Post, 'title' | 'body'>;

interface TermStats {
  tf: number;
  inTitle: boolean;
}

interface Posting {
  postId: string;
  boardSlug: string;
  inTitle: boolean;
  tf: number;
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Key } };

function termStats({ title, body }: Text): Map<string, TermStats> {
  const stats = new Map<string, TermStats>();
  for (const [term, n] of terms(title)) stats.set(term, { tf: n * TITLE_TF, inTitle: true });
  for (const [term, n] of terms(body)) {
    const s = stats.get(term);
    stats.set(term, { tf: (s?.tf ?? 0) + n, inTitle: s?.inTitle ?? false });
  }
  return stats;
}

/**
 * The posting items of a post's text, title terms first and then by how often a term occurs: when a
 * new post's postings are split (post-store.ts), the ones that matter most travel with the post.
 */
export function postingItems(
  post: Pick<Post, 'id' | 'boardSlug' | 'title' | 'body'>,
): Record<string, unknown>[] {
  return [...termStats(post)]
    .sort(([, a], [, b]) => Number(b.inTitle) - Number(a.inTitle) || b.tf - a.tf)
    .map(([term, { tf, inTitle }]) => ({
      ...keys.searchTerm(term, post.id),
      type: 'posting',
      postId: post.id,
      boardSlug: post.boardSlug,
      term,
      inTitle,
      tf,
    }));
}

export class DynamoSearchIndex implements SearchIndex {
  constructor(private readonly db: Db) {}

  async index(post: Pick<Post, 'id' | 'boardSlug' | 'title' | 'body'>, previous?: Text): Promise<void> {
    const current = termStats(post);
    // A Put replaces the posting at the same key, so indexing the same text again leaves one per term.
    const requests: WriteRequest[] = postingItems(post).map((Item) => ({ PutRequest: { Item } }));
    if (previous) {
      for (const term of termStats(previous).keys()) {
        if (!current.has(term)) requests.push({ DeleteRequest: { Key: keys.searchTerm(term, post.id) } });
      }
    }
    await this.write(requests);
  }

  /** Writes postings made by postingItems (a new post's that did not fit in its transaction). */
  async putPostings(items: readonly Record<string, unknown>[]): Promise<void> {
    await this.write(items.map((Item) => ({ PutRequest: { Item } })));
  }

  async remove(post: Pick<Post, 'id' | 'title' | 'body'>): Promise<void> {
    await this.write(
      [...termStats(post).keys()].map((term) => ({ DeleteRequest: { Key: keys.searchTerm(term, post.id) } })),
    );
  }

  async search(
    query: string,
    opts: { boardSlug?: string; boards?: readonly string[]; limit: number },
  ): Promise<SearchHit[]> {
    const parsed = queryTerms(query);
    const prefix = parsed.prefix && parsed.prefix.length >= MIN_TERM_LENGTH ? parsed.prefix : undefined;
    if (parsed.terms.length === 0 || opts.limit <= 0) return [];

    const [prefixPostings, ...termPostings] = await Promise.all([
      prefix ? this.postings(prefix) : Promise.resolve([]),
      ...parsed.terms.map((term) => this.postings(`${term}#`)),
    ]);

    // One slot per query term; the prefix competes for the slot of the word it was typed as.
    const slots = parsed.terms.length;
    const matches = new Map<string, number[]>();
    const allowed = opts.boards ? new Set(opts.boards) : undefined;
    const credit = (read: Posting[], slot: number, weight: number) => {
      // Hidden boards' postings are dropped before idf too: otherwise how many hidden posts hold a term
      // would show in the order of the visible results.
      const postings = allowed ? read.filter((p) => allowed.has(p.boardSlug)) : read;
      const idf = Math.log(1 + POSTINGS_PER_TERM / Math.max(postings.length, 1));
      for (const p of postings) {
        if (opts.boardSlug !== undefined && p.boardSlug !== opts.boardSlug) continue;
        const score = weight * idf * (1 + Math.log(Math.max(p.tf, 1))) * (p.inTitle ? TITLE_BONUS : 1);
        const slotScores = matches.get(p.postId) ?? Array<number>(slots).fill(0);
        slotScores[slot] = Math.max(slotScores[slot] ?? 0, score);
        matches.set(p.postId, slotScores);
      }
    };
    termPostings.forEach((postings, slot) => credit(postings, slot, 1));
    if (prefix && prefixPostings) credit(prefixPostings, slots - 1, PREFIX_WEIGHT);

    const hits: SearchHit[] = [];
    for (const [postId, slotScores] of matches) {
      const matched = slotScores.filter((s) => s > 0).length;
      const relevance = slotScores.reduce((sum, s) => sum + s, 0);
      // Matching more of the query always wins; relevance orders within the same count, squeezed into
      // [0, 1) so that the one number sorts both ways.
      hits.push({ postId, score: matched + relevance / (1 + relevance) });
    }
    // Ties go to the newer post (ULIDs sort by time).
    hits.sort((a, b) => b.score - a.score || (a.postId < b.postId ? 1 : a.postId > b.postId ? -1 : 0));
    return hits.slice(0, opts.limit);
  }

  /** One page of the newest postings whose sk starts with `skPrefix`, never more. */
  private async postings(skPrefix: string): Promise<Posting[]> {
    const out = await this.db.doc.send(
      new QueryCommand({
        TableName: this.db.tableName,
        ...partitionQuery({ partition: keys.searchPartition(skPrefix), sortPrefix: skPrefix }),
        ProjectionExpression: 'postId, boardSlug, inTitle, tf',
        ScanIndexForward: false,
        Limit: POSTINGS_PER_TERM,
      }),
    );
    return (out.Items ?? []).map((item) => ({
      postId: item.postId as string,
      boardSlug: item.boardSlug as string,
      inTitle: item.inTitle === true,
      tf: Number(item.tf ?? 1),
    }));
  }

  private async write(requests: WriteRequest[]): Promise<void> {
    const batches: WriteRequest[][] = [];
    for (let i = 0; i < requests.length; i += BATCH_SIZE) batches.push(requests.slice(i, i + BATCH_SIZE));
    for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
      await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((batch) => this.writeBatch(batch)));
    }
  }

  private async writeBatch(batch: WriteRequest[]): Promise<void> {
    let pending = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      // Still throttled after backing off: a 503, and the writes are Puts, so a retry completes them.
      if (attempt === MAX_BATCH_ATTEMPTS) throw new ServiceUnavailableError(1);
      // Unprocessed items mean the partition is throttled: back off before sending them again.
      if (attempt > 0) await sleep(Math.min(50 * 2 ** attempt, 2000) * (0.5 + Math.random() / 2));
      const out = await this.db.doc.send(
        new BatchWriteCommand({ RequestItems: { [this.db.tableName]: pending } }),
      );
      pending = (out.UnprocessedItems?.[this.db.tableName] ?? []) as WriteRequest[];
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
