/**
 * The reputation pieces of a transaction (domain/reputation.ts): whoever records a vote, an acceptance,
 * a ship, a featuring or a hide reads the receivers first (readReputation) and appends
 * reputationWrites() to its own TransactWriteItems, so reputation is never computed by scanning and
 * never drifts from what earned it. Every write is conditioned on what was read, or is an ADD: a racing
 * change cancels the whole transaction, and its caller reads again and retries.
 */
import { REPUTATION, type ReputationReason } from '../../domain/reputation.ts';
import { ITEM_ABSENT, ITEM_EXISTS, updateInput, type Condition } from '../../table/expressions.ts';
import { ATTR } from '../../table/names.ts';
import { keys } from '../../table/keys.ts';
import type { Db } from './client.ts';
import { batchGetAll } from './query-page.ts';
import { HIDDEN_ACCEPTED } from './answered-entries.ts';

/** Giver and day items are needed for a day or two; DynamoDB may delete them after that. */
const SCRATCH_TTL_SECONDS = 3 * 86_400;

type Counter = 'acceptedAnswers' | 'ideasShipped' | 'storiesFeatured';

/** One change to one person's reputation: a history line, and the counters that go with it. */
export interface Credit {
  userId: string;
  /** Negative when points are taken back. */
  points: number;
  reason: ReputationReason;
  postId: string;
  commentId?: string;
  title: string;
  fromUserId?: string;
  at: string;
  counters?: Partial<Record<Counter, number>>;
  /** Someone found their contribution helpful today: the help streak moves. */
  helped?: boolean;
}

/** What a receiver's reputation writes are conditioned on. */
export interface ReceiverRead {
  user: Record<string, unknown>;
  /** Vote points received on `day` so far (0 when none). */
  dayPoints: number;
  dayExists: boolean;
  /** The giver already gave this receiver counted points that day. */
  giverSeen: boolean;
}

/** One consistent BatchGetItem: the receiver's user item, and for a vote the day's and the giver's items. */
export async function readReputation(
  db: Db,
  userId: string,
  vote?: { day: string; giverId: string },
): Promise<ReceiverRead | null> {
  const wanted = [
    keys.user(userId),
    ...(vote
      ? [keys.reputationDay(userId, vote.day), keys.reputationGiver(userId, vote.day, vote.giverId)]
      : []),
  ];
  const items = await batchGetAll(db, wanted, { consistent: true });
  const bySk = new Map(items.map((i) => [`${i.pk as string}|${i.sk as string}`, i]));
  const at = (k: { pk: string; sk: string }) => bySk.get(`${k.pk}|${k.sk}`);
  const user = at(keys.user(userId));
  if (!user) return null;
  const day = vote ? at(keys.reputationDay(userId, vote.day)) : undefined;
  return {
    user,
    dayPoints: Number(day?.points ?? 0),
    dayExists: day !== undefined,
    giverSeen: vote ? at(keys.reputationGiver(userId, vote.day, vote.giverId)) !== undefined : false,
  };
}

/** What one upvote gives under the daily cap and the once-a-day-per-giver rule. */
export function votePoints(read: ReceiverRead | null): number {
  if (!read || read.giverSeen) return 0;
  return Math.max(0, Math.min(REPUTATION.upvote, REPUTATION.dailyVoteCap - read.dayPoints));
}

/**
 * Whether a vote's points make the day count toward the help streak: only once the day's vote points
 * reach two givers' worth, so that one friend voting, unvoting and voting again (whose later votes give
 * nothing) cannot keep a streak alive alone. An acceptance counts on its own.
 */
export function helpedByVotes(read: ReceiverRead, points: number): boolean {
  return points > 0 && read.dayPoints + points >= 2 * REPUTATION.upvote;
}

export const utcDay = (at: string) => at.slice(0, 10);
const utcMonth = (at: string) => at.slice(0, 7);
const previousDay = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
const ttlAfter = (at: string) => Math.floor(Date.parse(at) / 1000) + SCRATCH_TTL_SECONDS;

interface HelpStreak {
  lastDay: string;
  days: number;
  longest: number;
}

/**
 * The transaction items for `credits`, merged per person (one transaction may touch a person twice, as
 * when an acceptance moves between two answers of theirs). `reads` holds each receiver's user item as
 * read; a receiver with none (an account since deleted) gets nothing.
 */
export function reputationWrites(
  tableName: string,
  credits: readonly Credit[],
  reads: ReadonlyMap<string, Record<string, unknown>>,
): Record<string, unknown>[] {
  const byUser = new Map<string, Credit[]>();
  for (const c of credits) {
    if (c.points === 0 && !c.counters) continue;
    if (!reads.has(c.userId)) continue;
    byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);
  }
  const items: Record<string, unknown>[] = [];
  for (const [userId, own] of byUser) {
    const user = reads.get(userId) ?? {};
    const points = own.reduce((sum, c) => sum + c.points, 0);
    const add: Record<string, number> = { reputation: points };
    for (const c of own) {
      for (const [name, delta] of Object.entries(c.counters ?? {})) add[name] = (add[name] ?? 0) + delta;
    }
    const helpedAt = own.find((c) => c.helped && c.points > 0)?.at;
    const streak = helpedAt
      ? nextStreak(user.helpStreak as HelpStreak | undefined, utcDay(helpedAt))
      : undefined;
    items.push({
      Update: {
        TableName: tableName,
        Key: keys.user(userId),
        ...updateInput(
          { add, ...(streak ? { set: { helpStreak: streak } } : {}) },
          streak ? streakCondition(user.helpStreak as HelpStreak | undefined) : ITEM_EXISTS,
        ),
      },
    });
    for (const c of own) {
      if (c.points === 0) continue;
      items.push({
        Put: {
          TableName: tableName,
          Item: {
            ...keys.reputationHistory(
              userId,
              c.at,
              `${c.reason}#${c.commentId ?? c.postId}#${c.fromUserId ?? ''}`,
            ),
            type: 'reputationEvent',
            userId,
            at: c.at,
            points: c.points,
            reason: c.reason,
            postId: c.postId,
            ...(c.commentId ? { commentId: c.commentId } : {}),
            title: c.title,
            ...(c.fromUserId ? { fromUserId: c.fromUserId } : {}),
          },
        },
      });
    }
    // Only customers compete: staff answer as part of their job.
    if (user.role === 'customer' && points !== 0) {
      const at = own[0]?.at ?? new Date().toISOString();
      for (const period of [utcMonth(at), 'ALL']) {
        items.push({
          Update: {
            TableName: tableName,
            Key: keys.reputationRank(period, userId),
            ...updateInput({
              set: {
                [ATTR.topPk]: keys.championsPartition(period),
                type: 'reputationRank',
                userId,
                name: user.name,
              },
              add: { [ATTR.voteCount]: points },
            }),
          },
        });
      }
    }
  }
  return items;
}

/**
 * A counted upvote's bookkeeping: the receiver's day total (conditioned on the total read, so two votes
 * racing for the last points under the cap cannot both get them) and the giver's mark for the day.
 */
export function voteDayWrites(
  tableName: string,
  receiverId: string,
  giverId: string,
  at: string,
  points: number,
): Record<string, unknown>[] {
  if (points <= 0) return [];
  const day = utcDay(at);
  // An ADD bounded by the room the points need, rather than a condition on the exact total read: votes
  // racing far below the cap then all go through, and only the ones that would pass it read again.
  const condition: Condition = {
    expression: `${ITEM_ABSENT} OR points <= :room`,
    values: { ':room': REPUTATION.dailyVoteCap - points },
  };
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.reputationDay(receiverId, day),
        ...updateInput(
          { set: { type: 'reputationDay', [ATTR.ttl]: ttlAfter(at) }, add: { points } },
          condition,
        ),
      },
    },
    {
      Put: {
        TableName: tableName,
        Item: {
          ...keys.reputationGiver(receiverId, day, giverId),
          type: 'reputationGiver',
          [ATTR.ttl]: ttlAfter(at),
        },
        ConditionExpression: ITEM_ABSENT,
      },
    },
  ];
}

/**
 * An unvote frees the room its points took under that day's cap. The giver's mark stays: voting again
 * the same day gives nothing, so unvoting and voting again is no way round the once-a-day rule.
 */
export function voteDayRelease(tableName: string, receiverId: string, day: string, points: number) {
  if (points <= 0) return [];
  return [
    {
      Update: {
        TableName: tableName,
        Key: keys.reputationDay(receiverId, day),
        ...updateInput({ add: { points: -points } }, ITEM_EXISTS),
      },
    },
  ];
}

function nextStreak(was: HelpStreak | undefined, day: string): HelpStreak | undefined {
  if (was?.lastDay === day) return undefined;
  const days = was?.lastDay === previousDay(day) ? was.days + 1 : 1;
  return { lastDay: day, days, longest: Math.max(days, was?.longest ?? 0) };
}

/** The streak is computed from the one read: it is written only if nobody moved it since. */
function streakCondition(was: HelpStreak | undefined): Condition {
  return was
    ? {
        expression: `${ITEM_EXISTS} AND helpStreak.lastDay = :wasLastDay`,
        values: { ':wasLastDay': was.lastDay },
      }
    : { expression: `${ITEM_EXISTS} AND attribute_not_exists(helpStreak)` };
}

/** Several receivers' user items in one BatchGetItem, for writes that need no day or giver items. */
export async function readUsers(
  db: Db,
  userIds: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const unique = [...new Set(userIds)];
  const items = unique.length > 0 ? await batchGetAll(db, unique.map(keys.user), { consistent: true }) : [];
  return new Map(items.map((i) => [i.id as string, i]));
}

/**
 * Content hidden, deleted or restored: what it earned its author (stored on it as `repPoints`, with
 * `repAccepted` while it is an accepted answer) goes, or comes back.
 */
export function visibilityCredit(
  content: Record<string, unknown>,
  where: { postId: string; commentId?: string; title: string; at: string },
  visible: boolean,
): Credit | null {
  const points = Number(content.repPoints ?? 0);
  // The badges' counters go with the points: each marker says which counter the content moved.
  const counters: Partial<Record<Counter, number>> = {};
  if (content.repAccepted === true) counters.acceptedAnswers = 1;
  if (Number(content.repShipped ?? 0) > 0) counters.ideasShipped = 1;
  if (Number(content.repFeatured ?? 0) > 0) counters.storiesFeatured = 1;
  if (points === 0 && Object.keys(counters).length === 0) return null;
  const sign = visible ? 1 : -1;
  return {
    userId: content.authorId as string,
    points: sign * points,
    reason: visible ? 'contentRestored' : 'contentHidden',
    ...where,
    ...(Object.keys(counters).length > 0
      ? { counters: Object.fromEntries(Object.entries(counters).map(([k, n]) => [k, sign * n])) }
      : {}),
  };
}

/** The content's tally as read: a vote landing between the read and the hide would otherwise be kept. */
export function repPointsAsRead(content: Record<string, unknown>): Condition {
  return content.repPoints === undefined
    ? { expression: 'attribute_not_exists(repPoints)' }
    : { expression: 'repPoints = :wasRepPoints', values: { ':wasRepPoints': content.repPoints } };
}

/** What an acceptance gave, kept on the question so that changing or removing it takes exactly that back. */
interface AcceptRep {
  commentId: string;
  answererId: string;
  answerer: number;
  asker: number;
}

/**
 * The reputation side of setting a question's accepted answer (`commentId`, or null to clear it), read
 * from the question's item as stored: the question's own changes (to merge into its update) and the
 * other items. +15 to the answer's author and +2 to the asker, only when the asker accepts someone
 * else's answer; the previous acceptance's points go first.
 */
export async function acceptanceWrites(
  db: Db,
  question: Record<string, unknown>,
  commentId: string | null,
  by: { userId: string; at: string } | undefined,
): Promise<{ set: Record<string, unknown>; remove: string[]; items: Record<string, unknown>[] }> {
  const t = db.tableName;
  const postId = question.id as string;
  const askerId = question.authorId as string;
  const title = question.title as string;
  const was = question.acceptRep as AcceptRep | undefined;
  // Any change of acceptance ends the wait of an accepted answer hidden since (answered-entries.ts).
  const remove = [HIDDEN_ACCEPTED];
  if (!by || (was && was.commentId === commentId)) return { set: {}, remove, items: [] };
  const [previous, next] = await Promise.all([
    was ? commentItem(db, postId, was.commentId) : null,
    commentId ? commentItem(db, postId, commentId) : null,
  ]);
  const credits: Credit[] = [];
  const items: Record<string, unknown>[] = [];
  const at = by.at;
  if (was) {
    // An answer hidden since gave its points back then; only the asker's remain to take.
    const live = previous && previous.deleted !== true && previous.hidden !== true;
    if (live && was.answerer > 0) {
      credits.push({
        userId: was.answererId,
        points: -was.answerer,
        reason: 'undone',
        postId,
        commentId: was.commentId,
        title,
        fromUserId: askerId,
        at,
        counters: { acceptedAnswers: -1 },
      });
    }
    credits.push({ userId: askerId, points: -was.asker, reason: 'undone', postId, title, at });
    if (previous) items.push(answerUpdate(t, previous, -was.answerer, false));
  }
  let acceptRep: AcceptRep | undefined;
  const earns =
    next &&
    by.userId === askerId &&
    next.authorId !== askerId &&
    next.deleted !== true &&
    next.hidden !== true &&
    typeof commentId === 'string';
  if (earns) {
    const answererId = next.authorId as string;
    // Points from one person to another count once a day, acceptances too (though not under the cap):
    // an asker who already accepted an answer of this answerer's today gives this one none. Acceptances
    // keep a mark of their own, so that upvoting an answer and then accepting it both count.
    const day = utcDay(at);
    const acceptGiver = `${ACCEPTED_BY}${askerId}`;
    const read = await readReputation(db, answererId, { day, giverId: acceptGiver });
    const answerer = read && !read.giverSeen ? REPUTATION.accepted : 0;
    acceptRep = { commentId, answererId, answerer, asker: REPUTATION.accepter };
    credits.push({
      userId: askerId,
      points: REPUTATION.accepter,
      reason: 'accepter',
      postId,
      commentId,
      title,
      at,
    });
    if (answerer > 0) {
      credits.push({
        userId: answererId,
        points: answerer,
        reason: 'accepted',
        postId,
        commentId,
        title,
        fromUserId: askerId,
        at,
        counters: { acceptedAnswers: 1 },
        helped: true,
      });
      items.push(answerUpdate(t, next, answerer, true), giverMark(t, answererId, day, acceptGiver, at));
    }
  }
  const users = await readUsers(
    db,
    credits.map((c) => c.userId),
  );
  return {
    set: acceptRep ? { acceptRep } : {},
    remove: acceptRep ? remove : [...remove, 'acceptRep'],
    items: [...items, ...reputationWrites(t, credits, users)],
  };
}

async function commentItem(db: Db, postId: string, commentId: string) {
  const [item] = await batchGetAll(db, [keys.comment(postId, commentId)], { consistent: true });
  return item ?? null;
}

/**
 * The answer's own tally, conditioned on its flags as read: whether its author's points move with the
 * acceptance depends on them, so a hide racing the acceptance cancels it (and the caller reads again)
 * rather than both taking or giving the same points.
 */
function answerUpdate(tableName: string, answer: Record<string, unknown>, points: number, accepted: boolean) {
  const flag = (name: 'deleted' | 'hidden') =>
    answer[name] === true
      ? `#${name} = :${name}Was`
      : `(attribute_not_exists(#${name}) OR #${name} = :${name}Was)`;
  return {
    Update: {
      TableName: tableName,
      Key: keys.comment(answer.postId as string, answer.id as string),
      ...updateInput(
        accepted
          ? { set: { repAccepted: true }, add: { repPoints: points } }
          : { add: { repPoints: points }, remove: ['repAccepted'] },
        {
          expression: `${ITEM_EXISTS} AND ${flag('deleted')} AND ${flag('hidden')}`,
          names: { '#deleted': 'deleted', '#hidden': 'hidden' },
          values: { ':deletedWas': answer.deleted === true, ':hiddenWas': answer.hidden === true },
        },
      ),
    },
  };
}

/** The asker's mark for the day on the answerer, as an upvote leaves one (voteDayWrites). */
/** The giver part of an acceptance's mark: apart from the same person's vote mark that day. */
const ACCEPTED_BY = 'accepted-by:';

function giverMark(tableName: string, receiverId: string, day: string, giverId: string, at: string) {
  return {
    Put: {
      TableName: tableName,
      Item: {
        ...keys.reputationGiver(receiverId, day, giverId),
        type: 'reputationGiver',
        [ATTR.ttl]: ttlAfter(at),
      },
      ConditionExpression: ITEM_ABSENT,
    },
  };
}

/** The question still has the accepted answer it was read with (the post exists, too). */
export function acceptedAsRead(was: unknown): Condition {
  return typeof was === 'string'
    ? { expression: `${ITEM_EXISTS} AND acceptedCommentId = :wasAccepted`, values: { ':wasAccepted': was } }
    : { expression: `${ITEM_EXISTS} AND attribute_not_exists(acceptedCommentId)` };
}

/** A post change as the post store sees it: the fields an idea's ship and a story's featuring show in. */
interface PostState {
  id: string;
  kind: string;
  title: string;
  authorId: string;
  status: string;
  story?: { featuredAt?: string } | undefined;
}

/**
 * +20 when an idea reaches shipped or a story is featured, by someone other than its author; moving
 * away from shipped, or unfeaturing, takes it back. What was given is marked on the post (repShipped,
 * repFeatured), so that neither is given twice nor taken back when it never was.
 */
export async function outcomeWrites(
  db: Db,
  before: PostState,
  after: PostState,
  by: { userId?: string; at: string },
  read: () => Promise<Record<string, unknown> | null>,
): Promise<{
  set: Record<string, unknown>;
  remove: string[];
  add: Record<string, number>;
  items: Record<string, unknown>[];
}> {
  const none = { set: {}, remove: [], add: {}, items: [] };
  const outcomes = [
    {
      marker: 'repShipped',
      counter: 'ideasShipped' as const,
      reason: 'shipped' as const,
      applies: after.kind === 'idea',
      was: before.status === 'shipped',
      is: after.status === 'shipped',
      points: REPUTATION.shipped,
    },
    {
      marker: 'repFeatured',
      counter: 'storiesFeatured' as const,
      reason: 'featured' as const,
      applies: after.kind === 'story',
      was: before.story?.featuredAt !== undefined,
      is: after.story?.featuredAt !== undefined,
      points: REPUTATION.featured,
    },
  ].filter((o) => o.applies && o.was !== o.is);
  if (outcomes.length === 0) return none;
  const post = await read();
  if (!post) return none;
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  let repPoints = 0;
  const credits: Credit[] = [];
  for (const o of outcomes) {
    const given = Number(post[o.marker] ?? 0);
    if (o.is && given === 0 && by.userId !== after.authorId) {
      set[o.marker] = o.points;
      repPoints += o.points;
      credits.push({
        userId: after.authorId,
        points: o.points,
        reason: o.reason,
        postId: after.id,
        title: after.title,
        at: by.at,
        counters: { [o.counter]: 1 },
      });
    } else if (!o.is && given > 0) {
      remove.push(o.marker);
      repPoints -= given;
      credits.push({
        userId: after.authorId,
        points: -given,
        reason: 'undone',
        postId: after.id,
        title: after.title,
        at: by.at,
        counters: { [o.counter]: -1 },
      });
    }
  }
  if (credits.length === 0) return none;
  return {
    set,
    remove,
    add: { repPoints },
    items: reputationWrites(db.tableName, credits, await readUsers(db, [after.authorId])),
  };
}
