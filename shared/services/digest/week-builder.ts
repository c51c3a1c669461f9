/**
 * Turns a week's activity (and the week before's, for the comparison) into the digest's week and its
 * accounts. Pure: the service reads what it needs and hands it in, so every rule here is a unit test.
 */
import type { ActivityEvent } from '../../domain/activity.ts';
import type {
  DayActivity,
  DigestAccount,
  DigestChampion,
  DigestPost,
  DigestStatusChange,
  DigestStory,
  DigestWeek,
  WeekNumbers,
} from '../../domain/digest.ts';
import type { Company, Post, PostStatus, User } from '../../domain/types.ts';

export interface WeekInput {
  week: string;
  timeZone: string;
  monday: string;
  sunday: string;
  builtAt: string;
  /** The week's activity, oldest first (status changes are listed in this order). */
  events: ActivityEvent[];
  previousEvents: ActivityEvent[];
  /** The posts this week's events touch, as they are now; a deleted post is absent. */
  posts: ReadonlyMap<string, Post>;
  /** Everyone who acted in either week (unknown ids: deleted accounts, counted as customers). */
  users: ReadonlyMap<string, User>;
  companies: ReadonlyMap<string, Company>;
  /** The companies behind each post that moved to planned, in progress or shipped this week. */
  backers: ReadonlyMap<string, readonly string[]>;
  stories: { approved: DigestStory[]; featured: DigestStory[] };
  /** The calendar day of an instant in the week's zone. */
  dayOf: (at: string) => string;
  /** The week's seven days, Monday first. */
  days: readonly string[];
}

/**
 * How many of each list the email shows: a digest is read in a minute, not studied. Notes and an
 * account's lists are cut too, so that a week of many changes stays a small item (digest-store.ts).
 */
export const DIGEST_LIMITS = {
  topNewIdeas: 5,
  movers: 5,
  champions: 5,
  noteChars: 1_000,
  postsPerAccount: 20,
} as const;

/** A long note, cut at a word with an ellipsis: the email links to the post for the rest. */
export function shortNote(note: string): string {
  if (note.length <= DIGEST_LIMITS.noteChars) return note;
  const cut = note.slice(0, DIGEST_LIMITS.noteChars);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), DIGEST_LIMITS.noteChars / 2)).trimEnd()}…`;
}

/** Statuses worth telling a customer who asked: their request is now on its way or done. */
export const NEWS_FOR_ASKERS: ReadonlySet<PostStatus> = new Set(['planned', 'in_progress', 'shipped']);

const STAFF = new Set(['staff', 'admin']);

export function buildWeek(input: WeekInput): { week: DigestWeek; accounts: DigestAccount[] } {
  const isCustomer = (userId: string) => !STAFF.has(input.users.get(userId)?.role ?? 'customer');
  const companyOf = (event: ActivityEvent) => event.companyId ?? input.users.get(event.userId)?.companyId;
  const customerEvents = input.events.filter((e) => e.kind !== 'status' && isCustomer(e.userId));
  const previousCustomerEvents = input.previousEvents.filter(
    (e) => e.kind !== 'status' && isCustomer(e.userId),
  );

  const weekVotes = netVotes(customerEvents);
  const post = (id: string) => input.posts.get(id);
  const digestPost = (p: Post): DigestPost => ({
    postId: p.id,
    title: p.title,
    boardSlug: p.boardSlug,
    kind: p.kind,
    status: p.status,
    votes: p.voteCount,
    weekVotes: weekVotes.get(p.id) ?? 0,
  });
  const listed = (p: Post | undefined): p is Post => p !== undefined && p.status !== 'merged';

  const createdThisWeek = new Set(input.events.filter((e) => e.kind === 'post').map((e) => e.postId));
  const topNewIdeas = [...createdThisWeek]
    .map(post)
    .filter(listed)
    .filter((p) => p.kind === 'idea')
    .sort((a, b) => b.voteCount - a.voteCount || a.createdAt.localeCompare(b.createdAt))
    .slice(0, DIGEST_LIMITS.topNewIdeas)
    .map(digestPost);
  const movers = [...weekVotes]
    .filter(([id, n]) => n > 0 && !createdThisWeek.has(id))
    .map(([id]) => post(id))
    .filter(listed)
    .sort((a, b) => (weekVotes.get(b.id) ?? 0) - (weekVotes.get(a.id) ?? 0) || b.voteCount - a.voteCount)
    .slice(0, DIGEST_LIMITS.movers)
    .map(digestPost);

  const statusChanges: DigestStatusChange[] = input.events
    .filter((e) => e.kind === 'status' && e.from && e.to && post(e.postId))
    .map((e) => {
      const p = post(e.postId) as Post;
      return {
        postId: p.id,
        title: p.title,
        boardSlug: p.boardSlug,
        from: e.from as PostStatus,
        to: e.to as PostStatus,
        ...(e.note ? { note: shortNote(e.note) } : {}),
        byName: e.byName ?? '',
        at: e.at,
      };
    });

  const days: DayActivity[] = input.days.map((day) => ({ day, posts: 0, votes: 0, comments: 0 }));
  const byDay = new Map(days.map((d) => [d.day, d]));
  for (const e of customerEvents) {
    const day = byDay.get(input.dayOf(e.at));
    if (!day) continue;
    if (e.kind === 'post') day.posts++;
    else if (e.kind === 'vote') day.votes++;
    else if (e.kind === 'unvote') day.votes--;
    else if (e.kind === 'comment') day.comments++;
  }

  const week: DigestWeek = {
    week: input.week,
    timeZone: input.timeZone,
    monday: input.monday,
    sunday: input.sunday,
    builtAt: input.builtAt,
    numbers: numbersOf(customerEvents, companyOf),
    previous: numbersOf(previousCustomerEvents, companyOf),
    days,
    topNewIdeas,
    movers,
    statusChanges,
    champions: championsOf(customerEvents, input.users),
    stories: input.stories,
  };
  return { week, accounts: accountsOf(input, customerEvents, previousCustomerEvents, companyOf) };
}

/** Votes cast minus votes taken back, per post. */
function netVotes(events: readonly ActivityEvent[]): Map<string, number> {
  const net = new Map<string, number>();
  for (const e of events) {
    if (e.kind === 'vote') net.set(e.postId, (net.get(e.postId) ?? 0) + 1);
    if (e.kind === 'unvote') net.set(e.postId, (net.get(e.postId) ?? 0) - 1);
  }
  return net;
}

/** Taking a vote back is not activity; everything else a customer does is. */
const isActive = (e: ActivityEvent) => e.kind === 'post' || e.kind === 'vote' || e.kind === 'comment';

function numbersOf(
  events: readonly ActivityEvent[],
  companyOf: (e: ActivityEvent) => string | undefined,
): WeekNumbers {
  const count = (kind: ActivityEvent['kind']) => events.filter((e) => e.kind === kind).length;
  const active = events.filter(isActive);
  return {
    posts: count('post'),
    votes: count('vote') - count('unvote'),
    comments: count('comment'),
    activeCustomers: new Set(active.map((e) => e.userId)).size,
    companies: new Set(active.flatMap((e) => companyOf(e) ?? [])).size,
  };
}

/** Customers whose help others valued: accepted answers weigh most, then their comments. */
function championsOf(events: readonly ActivityEvent[], users: ReadonlyMap<string, User>): DigestChampion[] {
  const tally = new Map<string, { accepted: number; comments: number }>();
  const of = (id: string) => tally.get(id) ?? tally.set(id, { accepted: 0, comments: 0 }).get(id)!;
  for (const e of events) {
    if (e.kind === 'accepted') of(e.userId).accepted++;
    if (e.kind === 'comment') of(e.userId).comments++;
  }
  return [...tally]
    .filter(([id, t]) => users.has(id) && (t.accepted > 0 || t.comments >= 2))
    .sort(([, a], [, b]) => b.accepted * 3 + b.comments - (a.accepted * 3 + a.comments))
    .slice(0, DIGEST_LIMITS.champions)
    .map(([userId, t]) => ({ userId, name: users.get(userId)?.name ?? '', ...t }));
}

function accountsOf(
  input: WeekInput,
  events: readonly ActivityEvent[],
  previousEvents: readonly ActivityEvent[],
  companyOf: (e: ActivityEvent) => string | undefined,
): DigestAccount[] {
  const activeIds = (list: readonly ActivityEvent[]) =>
    new Set(list.filter(isActive).flatMap((e) => companyOf(e) ?? []));
  const now = activeIds(events);
  const before = activeIds(previousEvents);
  const accounts = new Map<string, DigestAccount>();
  const account = (companyId: string): DigestAccount | undefined => {
    const known = accounts.get(companyId);
    if (known) return known;
    const company = input.companies.get(companyId);
    if (!company) return undefined;
    const fresh: DigestAccount = {
      companyId,
      name: company.name,
      mrr: company.mrr ?? 0,
      ...(company.owner ? { owner: company.owner.toLowerCase() } : {}),
      newPosts: [],
      votes: 0,
      votedPosts: [],
      movedForThem: [],
      newlyActive: now.has(companyId) && !before.has(companyId),
      goneQuiet: before.has(companyId) && !now.has(companyId),
    };
    accounts.set(companyId, fresh);
    return fresh;
  };
  const ref = (postId: string) => {
    const p = input.posts.get(postId);
    return p && p.status !== 'merged' ? { postId, title: p.title } : undefined;
  };
  // Net votes per company and post: a vote taken back the same week leaves nothing to tell.
  const net = new Map<string, Map<string, number>>();
  for (const e of events) {
    const companyId = companyOf(e);
    if (!companyId) continue;
    // Taking back an older vote is not news of an account that did nothing else.
    const a = e.kind === 'unvote' ? accounts.get(companyId) : account(companyId);
    if (!a) continue;
    const r = ref(e.postId);
    if (e.kind === 'post' && r && a.newPosts.length < DIGEST_LIMITS.postsPerAccount) a.newPosts.push(r);
    if (e.kind === 'vote' || e.kind === 'unvote') {
      const perPost = net.get(companyId) ?? net.set(companyId, new Map()).get(companyId)!;
      perPost.set(e.postId, (perPost.get(e.postId) ?? 0) + (e.kind === 'vote' ? 1 : -1));
    }
  }
  for (const [companyId, perPost] of net) {
    const a = accounts.get(companyId);
    if (!a) continue;
    // Net of older votes taken back, as the week's numbers count them; never below nothing.
    a.votes = Math.max(
      0,
      [...perPost.values()].reduce((sum, n) => sum + n, 0),
    );
    a.votedPosts = [...perPost]
      .flatMap(([postId, n]) => (n > 0 ? (ref(postId) ?? []) : []))
      .slice(0, DIGEST_LIMITS.postsPerAccount);
  }
  for (const companyId of before) if (!now.has(companyId)) account(companyId);
  // A post that moved this week is news for those who asked only if it still stands where it moved.
  const moved = new Set(
    input.events.filter((e) => e.kind === 'status' && e.to && NEWS_FOR_ASKERS.has(e.to)).map((e) => e.postId),
  );
  for (const postId of moved) {
    const p = input.posts.get(postId);
    if (!p || !NEWS_FOR_ASKERS.has(p.status)) continue;
    for (const companyId of input.backers.get(postId) ?? []) {
      const a = account(companyId);
      if (a && a.movedForThem.length < DIGEST_LIMITS.postsPerAccount) {
        a.movedForThem.push({ postId, title: p.title, to: p.status });
      }
    }
  }
  return [...accounts.values()].sort((a, b) => b.mrr - a.mrr || a.name.localeCompare(b.name));
}
