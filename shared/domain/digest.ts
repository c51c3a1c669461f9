/**
 * The weekly digest: what sales, marketing and product hear each Monday about the week that ended.
 * A week is built once (DigestWeek, the same for everyone) and kept as the archive; each recipient's
 * letter is that week plus what their job adds (sales: their own accounts).
 */
import type { PostKind, PostStatus } from './types.ts';

/** What a staff member does, set by admins on the person: it chooses the digest's sections. */
export const DIGEST_TEAMS = ['sales', 'marketing', 'product'] as const;
export type DigestTeam = (typeof DIGEST_TEAMS)[number];

export const DIGEST_TEAM_LABELS: Record<DigestTeam, string> = {
  sales: 'Sales',
  marketing: 'Marketing',
  product: 'Product',
};

/** One week's figures; customers only (staff activity is work, not demand). */
export interface WeekNumbers {
  posts: number;
  votes: number;
  comments: number;
  /** Distinct customers who posted, voted or commented. */
  activeCustomers: number;
  /** Distinct companies those customers belong to. */
  companies: number;
}

/** One calendar day of the week, in the stage's time zone. */
export interface DayActivity {
  /** YYYY-MM-DD */
  day: string;
  posts: number;
  votes: number;
  comments: number;
}

export interface DigestPost {
  postId: string;
  title: string;
  boardSlug: string;
  kind: PostKind;
  status: PostStatus;
  /** All votes now. */
  votes: number;
  /** Votes added this week, net of votes taken back. */
  weekVotes: number;
}

export interface DigestStatusChange {
  postId: string;
  title: string;
  boardSlug: string;
  from: PostStatus;
  to: PostStatus;
  /** The public note, markdown, as staff wrote it. */
  note?: string;
  byName: string;
  at: string;
}

/** A customer who helped others this week. */
export interface DigestChampion {
  userId: string;
  name: string;
  /** Their answers accepted this week. */
  accepted: number;
  /** Their comments this week. */
  comments: number;
}

/** A success story as its author's consent allows it out now: the quote is only ever the approved text. */
export interface DigestStory {
  postId: string;
  title: string;
  attribution: string;
  quote?: string;
  /** The incentive disclosure that must go with every public use. */
  disclosure?: string;
}

/** A company's week, for its account owner. */
export interface DigestAccount {
  companyId: string;
  name: string;
  mrr: number;
  /** The owner's email (the sales rep); absent when nobody owns the account. */
  owner?: string;
  /** Posts its people opened this week. */
  newPosts: { postId: string; title: string }[];
  /** Votes its people cast this week (net), and on what. */
  votes: number;
  votedPosts: { postId: string; title: string }[];
  /** Posts it asked for that moved to planned, in progress or shipped this week: tell them. */
  movedForThem: { postId: string; title: string; to: PostStatus }[];
  /** Active this week, not the week before. */
  newlyActive: boolean;
  /** Active the week before, not this week. */
  goneQuiet: boolean;
}

export interface DigestWeek {
  /** ISO week, e.g. 2026-W49. */
  week: string;
  timeZone: string;
  /** The week's first and last calendar day (Monday, Sunday) in `timeZone`. */
  monday: string;
  sunday: string;
  builtAt: string;
  numbers: WeekNumbers;
  previous: WeekNumbers;
  days: DayActivity[];
  /** Ideas opened this week, most voted first. */
  topNewIdeas: DigestPost[];
  /** Older posts that gained the most votes this week. */
  movers: DigestPost[];
  /** Every public status change of the week, oldest first. */
  statusChanges: DigestStatusChange[];
  champions: DigestChampion[];
  stories: { approved: DigestStory[]; featured: DigestStory[] };
}

/** What the archive lists of a week. */
export type DigestWeekSummary = Pick<DigestWeek, 'week' | 'monday' | 'sunday' | 'builtAt' | 'numbers'>;

export const weekSummary = ({ week, monday, sunday, builtAt, numbers }: DigestWeek): DigestWeekSummary => ({
  week,
  monday,
  sunday,
  builtAt,
  numbers,
});

/** A week nobody should be emailed about. */
export function isEmptyWeek(week: DigestWeek): boolean {
  // Votes are net: a new post and an old vote taken back must not add up to nothing.
  return (
    week.numbers.activeCustomers === 0 &&
    week.numbers.posts === 0 &&
    week.numbers.votes === 0 &&
    week.numbers.comments === 0 &&
    week.champions.length === 0 &&
    week.statusChanges.length === 0 &&
    week.stories.approved.length === 0 &&
    week.stories.featured.length === 0
  );
}

/** One digest email: claimed before sending, so a recipient gets each week's at most once. */
export interface DigestSend {
  recipient: string;
  email: string;
  team: DigestTeam;
  status: 'sending' | 'sent';
  claimedAt: string;
  sentAt?: string;
}

/** One recipient's email: the week, and what their team adds. */
export interface DigestLetter {
  week: DigestWeek;
  recipient: { name: string; email: string; team: DigestTeam };
  /** Sales: their own accounts (active, gone quiet, or with news to pass on); empty for other teams. */
  accounts: DigestAccount[];
  /** Sales: true when they own no account and `accounts` shows the most valuable active ones instead. */
  accountsAreFallback: boolean;
  links: DigestLinks;
}

export interface DigestLinks {
  /** e.g. https://feedback.example.com, without a trailing slash; pages are `${origin}/p/<id>` etc. */
  origin: string;
  /** A page that confirms before unsubscribing, for people. */
  unsubscribeUrl: string;
  /** RFC 8058: mail clients POST here without asking. */
  oneClickUrl: string;
  /** The person's settings, where the digest is turned back on. */
  settingsUrl: string;
  /** This digest in the staff archive. */
  archiveUrl: string;
}

/** The change against the week before, as people say it: "+12%", "new", "−3". */
export function weekChange(now: number, before: number): string {
  if (now === before) return 'same';
  if (before === 0) return 'new';
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`;
}
