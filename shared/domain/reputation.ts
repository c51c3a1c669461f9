/**
 * Reputation, trust levels, badges and champions: the rules, kept pure so that the store's transactions
 * and the pages read the same ones.
 *
 * Points come from validated outcomes only: someone else found your post or answer worth a vote, the
 * asker accepted your answer, your idea shipped, your story was featured. After Stack Overflow's scheme
 * (REFERENCES.md): +10 an upvote, +15 an accepted answer and +2 to the asker for accepting, a daily cap
 * on vote points that accepted answers do not count against. A giver's votes for one person count once
 * a day, so a ring of friends voting for each other gains little. Points belong to the content that
 * earned them: when it is hidden or removed they go, and come back if it is restored.
 */

export const REPUTATION = {
  /** Someone else upvoted your post, comment or answer. */
  upvote: 10,
  /** Your answer was accepted (not your own question's). */
  accepted: 15,
  /** You accepted someone else's answer to your own question. */
  accepter: 2,
  /** Your idea shipped. */
  shipped: 20,
  /** Your story was featured. */
  featured: 20,
  /** The most vote points one person earns in a UTC day; accepted answers, ships and features are exempt. */
  dailyVoteCap: 200,
} as const;

export const REPUTATION_REASONS = [
  'postUpvote',
  'commentUpvote',
  'accepted',
  'accepter',
  'shipped',
  'featured',
  /** Content hidden, removed or deleted: its points go (negative), or restored (positive). */
  'contentHidden',
  'contentRestored',
  /** A vote or an acceptance taken back: what it gave goes. */
  'undone',
] as const;
export type ReputationReason = (typeof REPUTATION_REASONS)[number];

/** One line of a person's reputation history, newest first on their profile. */
export interface ReputationEvent {
  userId: string;
  at: string;
  points: number;
  reason: ReputationReason;
  postId: string;
  commentId?: string;
  /** Title of the post, as it was, so that the history reads without a read per line. */
  title: string;
  /** Whose action earned it (a voter, an accepter); absent for staff decisions such as shipping. */
  fromUserId?: string;
}

export const TRUST_LEVELS = ['new', 'member', 'trusted'] as const;
export type TrustLevel = (typeof TRUST_LEVELS)[number];

/**
 * Discourse's levels, cut down to what a feedback board can observe: tenure, and reputation (which is
 * itself other people's validation). Staff are trusted. Later work (moderation) weighs flags by it and
 * lets trusted members' posts skip review.
 */
export const TRUST_RULES = {
  member: { days: 3, reputation: 10 },
  trusted: { days: 30, reputation: 200 },
} as const;

export function trustLevel(
  person: { role: string; createdAt: string; reputation?: number },
  now: Date,
): TrustLevel {
  if (person.role === 'admin' || person.role === 'staff') return 'trusted';
  const days = (now.getTime() - Date.parse(person.createdAt)) / 86_400_000;
  const points = person.reputation ?? 0;
  if (days >= TRUST_RULES.trusted.days && points >= TRUST_RULES.trusted.reputation) return 'trusted';
  if (days >= TRUST_RULES.member.days && points >= TRUST_RULES.member.reputation) return 'member';
  return 'new';
}

/** The counters a person's badges are read from; kept on the user item by the same transactions. */
export interface ReputationCounters {
  reputation: number;
  acceptedAnswers: number;
  ideasShipped: number;
  storiesFeatured: number;
  /** Consecutive UTC days on which someone found their contribution helpful (an upvote or acceptance). */
  helpStreak: { lastDay: string; days: number; longest: number };
}

export const BADGES = [
  { id: 'first-accepted', name: 'Problem solver', why: 'First accepted answer' },
  { id: 'ten-accepted', name: 'Go-to expert', why: '10 accepted answers' },
  { id: 'idea-shipped', name: 'Visionary', why: 'An idea of theirs shipped' },
  { id: 'story-featured', name: 'Storyteller', why: 'A story of theirs was featured' },
  { id: 'helpful-30', name: 'Steady hand', why: 'Helpful 30 days running' },
] as const;
export type BadgeId = (typeof BADGES)[number]['id'];

/** Badges follow the counters, so content hidden later takes its badge with it. */
export function badgesOf(c: Partial<ReputationCounters>): BadgeId[] {
  const accepted = c.acceptedAnswers ?? 0;
  const earned: BadgeId[] = [];
  if (accepted >= 1) earned.push('first-accepted');
  if (accepted >= 10) earned.push('ten-accepted');
  if ((c.ideasShipped ?? 0) >= 1) earned.push('idea-shipped');
  if ((c.storiesFeatured ?? 0) >= 1) earned.push('story-featured');
  if ((c.helpStreak?.longest ?? 0) >= 30) earned.push('helpful-30');
  return earned;
}

/** Staff's recognition of a member, shown on their profile and at the top of the champions page. */
export interface ChampionMark {
  reason: string;
  since: string;
  /** A year after `since`. */
  until: string;
  byId: string;
  byName: string;
}

export const CHAMPION_TERM_DAYS = 365;
