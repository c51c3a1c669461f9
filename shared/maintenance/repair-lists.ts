/**
 * Repairs list entries (domain/lists.ts) from the posts they list: writes missing entries, rewrites
 * stale ones (an exact count off, a rank bucket a failed rewrite left behind, an entry in an old
 * layout) and deletes extra ones (a list the post is no longer in, an entry whose post is gone).
 * Idempotent: a second run finds nothing to do.
 *
 * A maintenance job, not a request path: it Scans the whole table. Each post's fixes are one transaction
 * conditioned on the post being unchanged since it was read (rev and voteSeq, as a status change is), so
 * a vote landing meanwhile is never overwritten; that post is then read again and retried.
 */
import { ScanCommand, GetCommand, QueryCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { entryItems, RANK_SEQ } from '../adapters/dynamodb/list-entries.ts';
import type { Db } from '../adapters/dynamodb/client.ts';
import { transact } from '../adapters/dynamodb/transact.ts';
import type { Post } from '../domain/types.ts';
import { partitionQuery } from '../table/expressions.ts';
import { keys } from '../table/keys.ts';
import { ATTR } from '../table/names.ts';

type Item = Record<string, NativeAttributeValue>;
type ListedPost = Parameters<typeof entryItems>[0] & Pick<Post, 'rev'>;

export interface Fix {
  postId: string;
  listId: string;
  what: 'missing' | 'stale' | 'extra' | 'orphan';
}

export interface RepairReport {
  posts: number;
  fixes: Fix[];
  /** Posts that kept changing under the repair; run it again. */
  skipped: string[];
}

const ATTEMPTS = 3;
/** The fields of a post its entries are built from: its body is not needed. */
const POST_FIELDS = [
  'id',
  'boardSlug',
  'status',
  'kind',
  'tags',
  'shippedAt',
  'createdAt',
  'voteCount',
  'trendScore',
  'voteSeq',
  'rev',
  // A question is on its board's answered or unanswered list.
  'acceptedCommentId',
];

export async function repairLists(
  db: Db,
  opts: { dryRun?: boolean; onFix?: (fix: Fix) => void } = {},
): Promise<RepairReport> {
  const report: RepairReport = { posts: 0, fixes: [], skipped: [] };
  const partitions = await scanPostsAndEntries(db);
  for (const [, { post, entries }] of partitions) {
    const fixes = post
      ? await repairPost(db, toListed(post), entries, opts.dryRun ?? false)
      : await removeOrphans(db, entries, opts.dryRun ?? false);
    if (post) report.posts++;
    if (fixes === 'skipped') {
      report.skipped.push(String(post?.id));
      continue;
    }
    for (const fix of fixes) opts.onFix?.(fix);
    report.fixes.push(...fixes);
  }
  return report;
}

async function scanPostsAndEntries(db: Db) {
  const postFields = [ATTR.pk, ATTR.sk, 'type', ...POST_FIELDS];
  const byPartition = new Map<string, { post?: Item; entries: Item[] }>();
  let startKey: Item | undefined;
  do {
    // Every attribute of an entry matters (its index keys included), so items come whole; of a post only
    // what its entries are built from is kept.
    const out = await db.doc.send(
      new ScanCommand({
        TableName: db.tableName,
        FilterExpression: '#type IN (:post, :entry)',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':post': 'post', ':entry': 'entry' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of out.Items ?? []) {
      const pk = String(item[ATTR.pk]);
      const group = byPartition.get(pk) ?? { entries: [] };
      if (item.type === 'post') group.post = pick(item, postFields);
      else group.entries.push(item);
      byPartition.set(pk, group);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return byPartition;
}

async function repairPost(
  db: Db,
  first: ListedPost,
  firstEntries: Item[],
  dryRun: boolean,
): Promise<Fix[] | 'skipped'> {
  let post = first;
  let entries = firstEntries;
  for (let attempt = 1; ; attempt++) {
    const { puts, deletes, fixes } = plan(post, entries);
    if (fixes.length === 0 || dryRun) return fixes;
    const t = db.tableName;
    const outcome = await transact(db, [
      {
        ConditionCheck: {
          TableName: t,
          Key: keys.post(post.id),
          ConditionExpression: `${sameOrAbsent('#rev', ':rev', post.rev)} AND ${sameOrAbsent('#seq', ':seq', post.voteSeq)}`,
          ExpressionAttributeNames: { '#rev': 'rev', '#seq': 'voteSeq' },
          ExpressionAttributeValues: { ':rev': post.rev, ':seq': post.voteSeq },
        },
      },
      ...puts.map((Item) => ({ Put: { TableName: t, Item } })),
      ...deletes.map((Key) => ({ Delete: { TableName: t, Key } })),
    ]);
    if (outcome.ok) return fixes;
    if (attempt >= ATTEMPTS) return 'skipped';
    const fresh = await readPost(db, post.id);
    if (!fresh.post) return removeOrphans(db, fresh.entries, dryRun);
    ({ post, entries } = fresh as { post: ListedPost; entries: Item[] });
  }
}

/** What to write and delete so that the post's entries are exactly the ones it would write itself. */
function plan(post: ListedPost, entries: Item[]) {
  const wanted = new Map(entryItems(post).map((item) => [String(item[ATTR.sk]), item]));
  const have = new Map(entries.map((item) => [String(item[ATTR.sk]), item]));
  const puts: Item[] = [];
  const deletes: Item[] = [];
  const fixes: Fix[] = [];
  for (const [sk, item] of wanted) {
    const found = have.get(sk);
    if (found && sameEntry(found, item)) continue;
    puts.push(item);
    fixes.push({ postId: post.id, listId: String(item.listId), what: found ? 'stale' : 'missing' });
  }
  for (const [sk, item] of have) {
    if (wanted.has(sk)) continue;
    deletes.push(keys.listEntry(post.id, String(item.listId)));
    fixes.push({ postId: post.id, listId: String(item.listId), what: 'extra' });
  }
  return { puts, deletes, fixes };
}

/**
 * Equal as entries: the same attributes and values. The rank sequence is left out (it records which
 * state a rewrite read, not what the entry says); exact trend scores compare to within rounding, since
 * an entry written from a post's score holds it as a double while the post holds DynamoDB's decimal sum.
 */
function sameEntry(found: Item, wanted: Item): boolean {
  const names = new Set([...Object.keys(found), ...Object.keys(wanted)]);
  names.delete(RANK_SEQ);
  for (const name of names) {
    const a = found[name] as unknown;
    const b = wanted[name] as unknown;
    if (name === ATTR.trendScore && a !== undefined && b !== undefined) {
      const x = Number(a);
      const y = Number(b);
      if (Math.abs(x - y) > Math.abs(y) * 1e-12) return false;
    } else if (JSON.stringify(normalize(a)) !== JSON.stringify(normalize(b))) return false;
  }
  return true;
}

const normalize = (v: unknown): unknown =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Set) ? Number(v) : v;

async function removeOrphans(db: Db, entries: Item[], dryRun: boolean): Promise<Fix[]> {
  const fixes: Fix[] = [];
  for (const entry of entries) {
    const postId = String(entry.postId);
    if (!dryRun) {
      // Only while the post is absent: one created meanwhile (a new id) cannot own it, but be exact.
      await transact(db, [
        {
          ConditionCheck: {
            TableName: db.tableName,
            Key: keys.post(postId),
            ConditionExpression: `attribute_not_exists(${ATTR.pk})`,
          },
        },
        { Delete: { TableName: db.tableName, Key: keys.listEntry(postId, String(entry.listId)) } },
      ]);
    }
    fixes.push({ postId, listId: String(entry.listId), what: 'orphan' });
  }
  return fixes;
}

/** The post (null when it is gone) and its entries, read again after it changed. */
async function readPost(db: Db, id: string): Promise<{ post: ListedPost | null; entries: Item[] }> {
  const [post, entries] = await Promise.all([
    db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.post(id), ConsistentRead: true })),
    db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        ...partitionQuery({ partition: keys.postPartition(id), sortPrefix: keys.listEntryPrefix }),
        ConsistentRead: true,
      }),
    ),
  ]);
  return { post: post.Item ? toListed(post.Item) : null, entries: entries.Items ?? [] };
}

function toListed(item: Item): ListedPost {
  return {
    id: String(item.id),
    boardSlug: String(item.boardSlug),
    status: item.status as Post['status'],
    kind: item.kind as Post['kind'],
    tags: (item.tags as string[] | undefined) ?? [],
    ...(item.shippedAt !== undefined ? { shippedAt: String(item.shippedAt) } : {}),
    ...(typeof item.acceptedCommentId === 'string' ? { acceptedCommentId: item.acceptedCommentId } : {}),
    createdAt: String(item.createdAt),
    voteCount: Number(item.voteCount),
    trendScore: Number(item.trendScore ?? 0),
    voteSeq: Number(item.voteSeq ?? 0),
    rev: Number(item.rev ?? 0),
  };
}

const pick = (item: Item, fields: string[]): Item =>
  Object.fromEntries(fields.filter((f) => item[f] !== undefined).map((f) => [f, item[f]]));

/** A counter a post written before it existed may lack: absent stands for 0. */
const sameOrAbsent = (name: string, value: string, n: number) =>
  n === 0 ? `(${name} = ${value} OR attribute_not_exists(${name}))` : `${name} = ${value}`;
