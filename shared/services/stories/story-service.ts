/**
 * Success stories after they are told: the author's consent (changed only by the author, withdrawn at
 * any time), the quote staff propose and the author signs off word for word, staff's curation
 * (featuring, an internal note, an incentive that public uses must disclose), the append-only audit
 * trail that proves each step, the marketing workspace and the public wall. Every change goes through
 * the post's list write with its audit line in the same transaction (posts/status-writes.ts).
 */
import {
  CHOOSABLE_CONSENT_LEVELS,
  CONSENT_LABEL,
  CONSENT_TEXT,
  CONSENT_VERSION,
  isPublic,
  isWider,
} from '../../domain/consent.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.ts';
import { listIds } from '../../domain/lists.ts';
import {
  pageQuerySchema,
  parseInput,
  quoteDecisionSchema,
  quoteProposalSchema,
  storyConsentSchema,
  storyCurationSchema,
  storyWorkspaceQuerySchema,
  type StoryApprovalState,
  type StoryWorkspaceQuery,
} from '../../domain/schemas.ts';
import {
  ANONYMOUS,
  type Actor,
  type Post,
  type Story,
  type StoryAuditEntry,
  type User,
} from '../../domain/types.ts';
import { publicQuote } from './story-view.ts';
import type { PostSummary } from '../../domain/views.ts';
import { requireStaff, requireUser } from '../policy.ts';
import { requireVisiblePost, visibleTo } from '../posts/access.ts';
import { summarize } from '../posts/present.ts';
import { changeLists } from '../posts/status-writes.ts';
import type { PostServiceDeps } from '../posts/types.ts';

export type StoryPost = Post & { story: Story };
export type AuditAction = StoryAuditEntry['action'];

/** Stories the workspace reads at most for one page of filtered results: its list is read 100 at a time. */
const WORKSPACE_SCAN_PAGES = 5;

export class StoryService {
  constructor(private readonly deps: PostServiceDeps) {}

  /** The consent choices as the story form shows them: the texts of the current version. */
  consentTexts() {
    return {
      version: CONSENT_VERSION,
      levels: CHOOSABLE_CONSENT_LEVELS.map((level) => ({
        level,
        label: CONSENT_LABEL[level],
        text: CONSENT_TEXT[level],
      })),
    };
  }

  /** The author alone moves their consent, to any level; staff cannot widen (or touch) it. */
  async changeConsent(actor: Actor, postId: string, input: unknown): Promise<StoryPost> {
    const user = requireUser(actor, 'Sign in to change your consent.');
    const { level, version } = parseInput(storyConsentSchema, input);
    if (version !== CONSENT_VERSION) {
      throw new ValidationError({
        level: 'The consent wording has changed since the page was opened: read it again and choose.',
      });
    }
    await this.requireStory(actor, postId);
    return this.write(postId, (post, now) => {
      if (post.authorId !== user.id) {
        throw new ForbiddenError('Only the author of a story can change how it may be used.');
      }
      if (post.story.consent.level === level) return null;
      const consent = { level, version, text: CONSENT_TEXT[level], at: now };
      const action: AuditAction = level === 'withdrawn' ? 'consent_withdrawn' : 'consent_changed';
      // A story taken out of public use leaves the wall for good: a later widening does not put it back
      // without staff choosing to feature it again.
      const { featuredAt: _featured, ...unfeatured } = post.story;
      return {
        story: isPublic(level) ? { ...post.story, consent } : { ...unfeatured, consent },
        audit: this.line(post, user, now, action, {
          consent,
          detail: `${CONSENT_LABEL[post.story.consent.level]} → ${CONSENT_LABEL[level]}${
            isWider(level, post.story.consent.level) ? ' (widened by the author)' : ''
          }`,
        }),
      };
    });
  }

  /** Staff word a quote (an excerpt or an edit); a new wording replaces any earlier one, approved or not. */
  async proposeQuote(actor: Actor, postId: string, input: unknown): Promise<StoryPost> {
    const staff = requireStaff(actor, 'propose quotes');
    const { text } = parseInput(quoteProposalSchema, input);
    await this.requireStory(actor, postId);
    return this.write(postId, (post, now) => {
      if (post.story.consent.level === 'withdrawn') {
        throw new ConflictError('The author withdrew their consent: this story may not be quoted.');
      }
      if (post.story.proposal?.state === 'proposed' && post.story.proposal.text === text) return null;
      const proposal = {
        id: this.deps.ids.next(),
        text,
        byId: staff.id,
        byName: staff.name,
        at: now,
        state: 'proposed' as const,
      };
      return {
        story: { ...post.story, proposal },
        audit: this.line(post, staff, now, 'quote_proposed', { quote: text }),
      };
    });
  }

  /**
   * The author approves or declines the exact wording they were shown, named by its proposal id: if
   * staff reworded it meanwhile, the answer is refused and the new wording must be read first.
   */
  async decideQuote(actor: Actor, postId: string, input: unknown): Promise<StoryPost> {
    const user = requireUser(actor, 'Sign in to answer a quote request.');
    const { proposalId, decision } = parseInput(quoteDecisionSchema, input);
    await this.requireStory(actor, postId);
    return this.write(postId, (post, now) => {
      if (post.authorId !== user.id)
        throw new ForbiddenError('Only the author of a story can sign off a quote.');
      const proposal = post.story.proposal;
      if (!proposal || proposal.id !== proposalId) {
        throw new ConflictError('The quote was reworded since you read it: read the new wording first.');
      }
      if (proposal.state !== 'proposed') {
        throw new ConflictError(`You already ${proposal.state} this quote.`);
      }
      const state = decision === 'approve' ? ('approved' as const) : ('declined' as const);
      return {
        story: { ...post.story, proposal: { ...proposal, state, decidedAt: now } },
        audit: this.line(post, user, now, state === 'approved' ? 'quote_approved' : 'quote_declined', {
          quote: proposal.text,
        }),
      };
    });
  }

  /** Featuring, the internal note and the incentive; each change is its own audit line. */
  async curate(actor: Actor, postId: string, input: unknown): Promise<StoryPost> {
    const staff = requireStaff(actor, 'curate stories');
    const changes = parseInput(storyCurationSchema, input);
    let post = await this.requireStory(actor, postId);
    const steps: [AuditAction, (s: Story, now: string) => Story | null, string | undefined][] = [];
    if (changes.featured !== undefined) {
      const featured = changes.featured;
      steps.push([
        featured ? 'featured' : 'unfeatured',
        (s, now) => {
          if (featured === (s.featuredAt !== undefined)) return null;
          if (featured && !isPublic(s.consent.level)) {
            throw new ConflictError(
              "The author's consent keeps this story inside the company: it cannot be featured.",
            );
          }
          const { featuredAt: _was, ...rest } = s;
          return featured ? { ...rest, featuredAt: now } : rest;
        },
        undefined,
      ]);
    }
    if (changes.note !== undefined) {
      const note = changes.note;
      steps.push([
        'note_changed',
        (s) => {
          if ((s.note ?? '') === note) return null;
          const { note: _was, ...rest } = s;
          return note ? { ...rest, note } : rest;
        },
        undefined,
      ]);
    }
    if (changes.incentive !== undefined) {
      const description = changes.incentive;
      steps.push([
        'incentive_recorded',
        (s, now) =>
          s.incentive?.description === description
            ? null
            : { ...s, incentive: { description, byId: staff.id, byName: staff.name, at: now } },
        description,
      ]);
    }
    for (const [action, change, detail] of steps) {
      post = await this.write(postId, (p, now) => {
        const story = change(p.story, now);
        return story ? { story, audit: this.line(p, staff, now, action, detail ? { detail } : {}) } : null;
      });
    }
    return post;
  }

  /** The audit trail, oldest first: staff's proof of every consent and quote. */
  async auditTrail(actor: Actor, postId: string): Promise<StoryAuditEntry[]> {
    requireStaff(actor, 'read the audit trail');
    const post = await this.requireStory(actor, postId);
    return this.deps.posts.storyAudit(post.id);
  }

  /**
   * Marketing's list: every story, newest first, filtered. The filters apply to the stories read, up to
   * five pages of the list per call, so a page may come back short; its cursor goes on from there.
   */
  async workspace(
    actor: Actor,
    query: unknown,
  ): Promise<{ stories: PostSummary[]; nextCursor: string | null }> {
    requireStaff(actor, 'use the stories workspace');
    const filter = parseInput(storyWorkspaceQuerySchema, query ?? {});
    const { cursor, limit } = parseInput(pageQuerySchema, query ?? {});
    const matched: Post[] = [];
    let next: string | null = cursor ?? null;
    for (let page = 0; page < WORKSPACE_SCAN_PAGES; page++) {
      const read = await this.deps.posts.list({
        listId: listIds.stories(),
        sort: 'new',
        limit: 100,
        ...(next ? { cursor: next } : {}),
      });
      matched.push(...read.items.filter((p) => matches(p, filter)));
      next = read.nextCursor;
      if (!next || matched.length >= limit) break;
    }
    return {
      stories: await summarize(this.deps, actor, await visibleTo(this.deps, actor, matched)),
      nextCursor: next,
    };
  }

  /** Every story that matches, page by page, for exports: one page of the list in memory at a time. */
  async *allMatching(actor: Actor, query: unknown): AsyncGenerator<PostSummary> {
    requireStaff(actor, 'export stories');
    let cursor: string | undefined;
    do {
      const page = await this.workspace(actor, {
        ...(query as object),
        limit: 100,
        ...(cursor ? { cursor } : {}),
      });
      yield* page.stories;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  /** The public wall: featured stories with an approved quote their consent lets out, newest featured first. */
  async wall(actor: Actor, query: unknown): Promise<{ stories: PostSummary[]; nextCursor: string | null }> {
    const { limit, cursor } = parseInput(pageQuerySchema, query ?? {});
    const page = await this.deps.posts.list({
      listId: listIds.wall(),
      sort: 'new',
      limit,
      ...(cursor ? { cursor } : {}),
    });
    return {
      stories: await summarize(this.deps, actor, await visibleTo(this.deps, actor, page.items)),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * What the weekly digest tells marketing of the UTC days `from` to `to` (YYYY-MM-DD, inclusive; `since`
   * and `until` narrow them to instants): stories
   * whose quote was approved, and stories featured, in those days. Read from one small partition a day,
   * never the table; each story as its consent allows now, so one withdrawn since is left out.
   */
  async digestInput(
    actor: Actor,
    range: { from: string; to: string; since?: string; until?: string },
  ): Promise<{ approved: PostSummary[]; featured: PostSummary[] }> {
    requireStaff(actor, 'read the stories digest');
    const days: string[] = [];
    for (let d = new Date(`${range.from}T00:00:00Z`); d.toISOString().slice(0, 10) <= range.to;) {
      days.push(d.toISOString().slice(0, 10));
      d = new Date(d.getTime() + 86_400_000);
    }
    // `since`/`until` (instants) cut the UTC days to a week in another zone.
    const events = (await Promise.all(days.map((day) => this.deps.posts.storyEventsOn(day))))
      .flat()
      .filter((e) => (!range.since || e.at >= range.since) && (!range.until || e.at < range.until));
    const ids = (action: AuditAction) => [
      ...new Set(events.filter((e) => e.action === action).map((e) => e.postId)),
    ];
    const posts = new Map(
      (await this.deps.posts.getMany([...new Set(events.map((e) => e.postId))])).map((p) => [p.id, p]),
    );
    // As a public reader would see them now: a story narrowed or withdrawn since drops out here.
    const present = async (postIds: string[], keep: (p: StoryPost) => boolean) =>
      (
        await summarize(
          this.deps,
          ANONYMOUS,
          await visibleTo(
            this.deps,
            ANONYMOUS,
            postIds.flatMap((id) => posts.get(id) ?? []),
          ),
        )
      ).filter((p) => p.story && keep(posts.get(p.id) as StoryPost));
    return {
      approved: await present(ids('quote_approved'), (p) => publicQuote(p.story) !== undefined),
      featured: await present(
        ids('featured'),
        (p) => p.story.featuredAt !== undefined && isPublic(p.story.consent.level),
      ),
    };
  }

  private async requireStory(actor: Actor, postId: string): Promise<StoryPost> {
    const { post } = await requireVisiblePost(this.deps, actor, postId);
    if (post.kind !== 'story' || !post.story) throw new NotFoundError('Story');
    return post as StoryPost;
  }

  private async write(
    postId: string,
    decide: (post: StoryPost, now: string) => { story: Story; audit: StoryAuditEntry } | null,
  ): Promise<StoryPost> {
    const after = await changeLists(this.deps, postId, (post, now) => {
      if (!post.story) throw new NotFoundError('Story');
      const decision = decide(post as StoryPost, now);
      if (!decision) return null;
      return { after: { ...post, story: decision.story, updatedAt: now }, extra: { audit: decision.audit } };
    });
    return after as StoryPost;
  }

  private line(
    post: Post,
    who: User,
    at: string,
    action: AuditAction,
    fields: Partial<Pick<StoryAuditEntry, 'consent' | 'quote' | 'detail'>>,
  ): StoryAuditEntry {
    return {
      id: this.deps.ids.next(),
      postId: post.id,
      at,
      actorId: who.id,
      actorName: who.name,
      action,
      ...fields,
    };
  }
}

const approvalOf = (story: Story): StoryApprovalState => story.proposal?.state ?? 'none';

function matches(post: Post, f: StoryWorkspaceQuery): boolean {
  const story = post.story;
  if (!story) return false;
  const day = post.createdAt.slice(0, 10);
  return (
    (f.consent === undefined || story.consent.level === f.consent) &&
    (f.approval === undefined || approvalOf(story) === f.approval) &&
    (f.tag === undefined || post.tags.includes(f.tag)) &&
    (f.company === undefined || story.company?.id === f.company) &&
    (f.hasOutcome === undefined || (story.outcome !== undefined) === f.hasOutcome) &&
    (f.featured === undefined || (story.featuredAt !== undefined) === f.featured) &&
    (f.from === undefined || day >= f.from) &&
    (f.to === undefined || day <= f.to)
  );
}
