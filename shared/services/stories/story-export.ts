/**
 * Marketing's downloads of stories (CSV, JSON, Markdown) and a story's audit trail (CSV), for staff.
 * Every row carries the consent it was given under (level, time, version) and the quote's sign-off
 * state; its content is what the public view of the story lets out (story-view.ts), computed from the
 * stored post when the row is written. A story kept inside the company or withdrawn is a row with its
 * consent, marked not for use, and nothing the author said.
 */
import { isWithheld } from '../../domain/moderation.ts';
import { CONSENT_LABEL, isPublic, type ConsentLevel } from '../../domain/consent.ts';
import type { StoryApprovalState } from '../../domain/schemas.ts';
import type { Actor, Post, Story, StoryAuditEntry } from '../../domain/types.ts';
import type { PostStore } from '../../ports/index.ts';
import { csvLines, jsonArray } from '../export-service.ts';
import type { StoryService } from './story-service.ts';
import { storyView } from './story-view.ts';

/** Stories per read of the stored posts: one BatchGet (its most keys). */
const BATCH = 100;

export const NOT_FOR_USE = 'not for use';

export interface StoryExportRow {
  id: string;
  link: string;
  consentLevel: ConsentLevel;
  consentAt: string;
  consentVersion: string;
  approval: StoryApprovalState;
  /** 'public' when the consent lets the story out at all; otherwise 'not for use' and no content. */
  use: 'public' | typeof NOT_FOR_USE;
  content?: StoryContent;
}

/** What a public use may show, as the consent allows it at the moment of export. */
export interface StoryContent {
  title: string;
  body: string;
  outcome?: string;
  byline: string;
  name?: string;
  role?: string;
  company?: string;
  logo: boolean;
  /** The approved quote, word for word. */
  quote?: string;
  disclosure?: string;
  featured: boolean;
  tags: string[];
  createdAt: string;
}

export const STORY_CSV_COLUMNS = [
  'id',
  'link',
  'consent_level',
  'consent_at',
  'consent_version',
  'approval',
  'use',
  'title',
  'body',
  'outcome',
  'byline',
  'name',
  'role',
  'company',
  'logo',
  'quote',
  'disclosure',
  'featured',
  'tags',
  'created_at',
] as const;

export const AUDIT_CSV_COLUMNS = [
  'at',
  'who',
  'action',
  'consent_level',
  'consent_version',
  'consent_text',
  'quote',
  'detail',
] as const;

export interface StoryExportDeps {
  stories: StoryService;
  posts: PostStore;
  /** The public origin the links in an export point at. */
  siteUrl: string;
}

export class StoryExportService {
  private readonly origin: string;

  constructor(private readonly deps: StoryExportDeps) {
    this.origin = deps.siteUrl.replace(/\/+$/, '');
  }

  /**
   * The workspace's stories for these filters (its query string), newest first. The workspace answers
   * the staff view; each row is rebuilt from the stored post instead, so that nothing beyond the
   * public view can reach a file that leaves Hearth.
   */
  async *rows(actor: Actor, query: Record<string, unknown>): AsyncGenerator<StoryExportRow> {
    // A page's cursor names where the page began, not where an export should.
    const { cursor: _cursor, limit: _limit, ...filters } = query;
    let batch: string[] = [];
    const flush = async () => {
      const posts = await this.deps.posts.getMany(batch);
      batch = [];
      // Withheld by moderators: no file that leaves Hearth carries it.
      return posts.flatMap((p) => (p.story && !isWithheld(p) ? [this.row({ ...p, story: p.story })] : []));
    };
    for await (const summary of this.deps.stories.allMatching(actor, filters)) {
      batch.push(summary.id);
      if (batch.length >= BATCH) yield* await flush();
    }
    if (batch.length > 0) yield* await flush();
  }

  csv(actor: Actor, query: Record<string, unknown>): AsyncGenerator<string> {
    return csvLines(STORY_CSV_COLUMNS, this.rows(actor, query), (r) => {
      const c = r.content;
      return [
        r.id,
        r.link,
        r.consentLevel,
        r.consentAt,
        r.consentVersion,
        r.approval,
        r.use,
        c?.title,
        c?.body,
        c?.outcome,
        c?.byline,
        c?.name,
        c?.role,
        c?.company,
        c ? (c.logo ? 'yes' : 'no') : undefined,
        c?.quote,
        c?.disclosure,
        c ? (c.featured ? 'yes' : 'no') : undefined,
        c?.tags.join(';'),
        c?.createdAt,
      ];
    });
  }

  json(actor: Actor, query: Record<string, unknown>): AsyncGenerator<string> {
    return jsonArray(this.rows(actor, query));
  }

  /** One section a story: title, quote as a blockquote, byline, outcome, disclosure, consent line. */
  async *markdown(actor: Actor, query: Record<string, unknown>): AsyncGenerator<string> {
    const rows = this.rows(actor, query);
    try {
      // As csvLines: the first row is read first, so a refusal comes before any text.
      let next = await rows.next();
      yield '# Success stories\n\nExported with the consent each author gave, as it stood at export.\n';
      for (; !next.done; next = await rows.next()) yield markdownSection(next.value);
    } finally {
      await rows.return(undefined);
    }
  }

  /** A story's audit trail, oldest first, with the consent text each step stood on. */
  auditCsv(actor: Actor, postId: string): AsyncGenerator<string> {
    const { stories } = this.deps;
    async function* entries(): AsyncGenerator<StoryAuditEntry> {
      yield* await stories.auditTrail(actor, postId);
    }
    return csvLines(AUDIT_CSV_COLUMNS, entries(), (e) => [
      e.at,
      e.actorName,
      e.action,
      e.consent?.level,
      e.consent?.version,
      e.consent?.text,
      e.quote,
      e.detail,
    ]);
  }

  private row(post: Post & { story: Story }): StoryExportRow {
    const { consent } = post.story;
    const head = {
      id: post.id,
      link: `${this.origin}/p/${post.id}`,
      consentLevel: consent.level,
      consentAt: consent.at,
      consentVersion: consent.version,
      approval: post.story.proposal?.state ?? ('none' as const),
    };
    const view = storyView(post, 'public');
    if (!isPublic(consent.level) || !view.attribution) return { ...head, use: NOT_FOR_USE };
    const credit = view.attribution;
    return {
      ...head,
      use: 'public',
      content: {
        title: post.title,
        body: post.body,
        ...(view.outcome ? { outcome: view.outcome } : {}),
        byline: credit.byline,
        ...(credit.name ? { name: credit.name } : {}),
        ...(credit.role ? { role: credit.role } : {}),
        ...(credit.company ? { company: credit.company } : {}),
        logo: credit.logo,
        ...(view.quote ? { quote: view.quote } : {}),
        ...(view.disclosure ? { disclosure: view.disclosure } : {}),
        featured: view.featured,
        tags: post.tags,
        createdAt: post.createdAt,
      },
    };
  }
}

/** Text the author or staff wrote, shown as itself: Markdown's punctuation is escaped. */
const md = (text: string) => text.replace(/[\\`*_[\]<>#|!]/g, '\\$&').replace(/\s*\n\s*/g, ' ');

function markdownSection(r: StoryExportRow): string {
  const consent = `Consent: ${CONSENT_LABEL[r.consentLevel]} (version ${r.consentVersion}, given ${r.consentAt}); quote: ${r.approval}.`;
  const c = r.content;
  if (!c) return `\n## Story ${r.id}: ${NOT_FOR_USE}\n\n${consent}\n`;
  const parts = [`\n## ${md(c.title)}\n`];
  if (c.quote)
    parts.push(
      c.quote
        .split('\n')
        .map((line) => `> ${md(line)}`)
        .join('\n'),
    );
  parts.push(`— ${md(c.byline)}${c.logo ? ' (logo may be shown)' : ''}`);
  if (c.outcome) parts.push(`Outcome: ${md(c.outcome)}`);
  if (c.disclosure) parts.push(`_${md(c.disclosure)}_`);
  parts.push(consent, `<${r.link}>`);
  return `${parts.join('\n\n')}\n`;
}
