/**
 * Story exports on DynamoDB Local: every consent level through the CSV, JSON and Markdown downloads
 * (content only where the consent lets it out, the consent on every row), a narrowing and a
 * withdrawal seen by the next export at once, the workspace's filters applied, and a story's audit
 * trail as CSV. Staff only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signSsoToken } from '../../shared/auth/sign-sso-token.ts';
import {
  CHOOSABLE_CONSENT_LEVELS,
  CONSENT_TEXT,
  CONSENT_VERSION,
  type ConsentLevel,
} from '../../shared/domain/consent.ts';
import { parseCsv } from '../../shared/domain/csv.ts';
import { ForbiddenError, UnauthenticatedError } from '../../shared/domain/errors.ts';
import { ANONYMOUS, type Post, type User } from '../../shared/domain/types.ts';
import { primedTextStream } from '../../shared/http/text-stream.ts';
import {
  AUDIT_CSV_COLUMNS,
  NOT_FOR_USE,
  STORY_CSV_COLUMNS,
  type StoryExportRow,
} from '../../shared/services/stories/story-export.ts';
import { createTestTable, TEST_SSO_SECRET, type TestTable } from '../setup/table.ts';
import { aBoard, aUser, as } from '../setup/fixtures.ts';
import { errorOf } from '../setup/error-of.ts';

let t: TestTable;
let staff: User;
let board: string;

beforeAll(async () => {
  t = await createTestTable();
  staff = await aUser(t, { role: 'staff', name: 'Morgan Marketing' });
  board = (await aBoard(t, { kinds: ['story'] })).slug;
});
afterAll(() => t?.drop());

let n = 0;
/** A customer of Acme Logistics, as the host product signs them in. */
async function author(): Promise<User> {
  const sub = `exporter-${++n}`;
  const token = await signSsoToken(
    {
      sub,
      email: `${sub}@acme.example`,
      name: 'Priya Raman',
      company: { id: 'acme-logistics', name: 'Acme Logistics', mrr: 900 },
    },
    TEST_SSO_SECRET,
  );
  return (await t.services.auth.signInWithSso({ token })).user;
}

const QUOTE = 'Month-end went from a week to a day.';
const SUGGESTED = 'It changed month-end for us.';
const NOTE = 'Secret staff note: ask for a case study.';
const BODY = 'Finance used to chase numbers for a week.';

/** Told, quoted, approved, rewarded and (where it may be) featured. */
async function approvedStory(level: Exclude<ConsentLevel, 'withdrawn'>): Promise<{ by: User; post: Post }> {
  const by = await author();
  const post = await t.services.posts.create(as(by), board, {
    title: `Books closed in a day (${level})`,
    body: BODY,
    kind: 'story',
    outcome: '4 days saved every month',
    role: 'Finance lead',
    quote: SUGGESTED,
    consent: level,
    consentVersion: CONSENT_VERSION,
  });
  const proposed = await t.services.stories.proposeQuote(as(staff), post.id, { text: QUOTE });
  await t.services.stories.decideQuote(as(by), post.id, {
    proposalId: proposed.story.proposal?.id,
    decision: 'approve',
  });
  await t.services.stories.curate(as(staff), post.id, { incentive: 'a $50 gift card', note: NOTE });
  if (level !== 'internal') await t.services.stories.curate(as(staff), post.id, { featured: true });
  return { by, post };
}

async function text(pieces: AsyncGenerator<string>): Promise<string> {
  return new Response(await primedTextStream(pieces)).text();
}

const exports = () => t.services.storyExports;

/** The CSV as records keyed by column, by story id. */
async function csvRows(query: Record<string, string> = {}): Promise<Map<string, Record<string, string>>> {
  const [header, ...rows] = parseCsv(await text(exports().csv(as(staff), query)));
  expect(header).toEqual([...STORY_CSV_COLUMNS]);
  return new Map(
    rows.map((r) => {
      const record = Object.fromEntries(header!.map((c, i) => [c, r[i] ?? '']));
      return [record.id!, record];
    }),
  );
}

async function jsonRows(query: Record<string, string> = {}): Promise<Map<string, StoryExportRow>> {
  const rows = JSON.parse(await text(exports().json(as(staff), query))) as StoryExportRow[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** The Markdown section of one story (from its heading to the next). */
async function markdownSection(id: string, title: string): Promise<string> {
  const md = await text(exports().markdown(as(staff), {}));
  const sections = md.split(/\n(?=## )/);
  const section = sections.find((s) => s.includes(`/p/${id}`) || s.includes(`Story ${id}`));
  expect(section, title).toBeDefined();
  return section ?? '';
}

const EXPECTED: Record<
  Exclude<ConsentLevel, 'withdrawn'>,
  { byline?: string; name?: string; company?: string; logo?: 'yes' | 'no' }
> = {
  internal: {},
  anonymous: { byline: 'A customer', logo: 'no' },
  first_name_role: { byline: 'Priya, Finance lead', name: 'Priya', logo: 'no' },
  full_name: { byline: 'Priya Raman, Finance lead', name: 'Priya Raman', logo: 'no' },
  name_company_logo: {
    byline: 'Priya Raman, Finance lead, Acme Logistics',
    name: 'Priya Raman',
    company: 'Acme Logistics',
    logo: 'yes',
  },
};

const stories = new Map<ConsentLevel, Post>();
beforeAll(async () => {
  for (const level of CHOOSABLE_CONSENT_LEVELS) stories.set(level, (await approvedStory(level)).post);
});

describe('every consent level through CSV, JSON and Markdown', () => {
  it.each(CHOOSABLE_CONSENT_LEVELS)('%s', async (level) => {
    const post = stories.get(level)!;
    const expected = EXPECTED[level];
    const csv = (await csvRows()).get(post.id);
    const json = (await jsonRows()).get(post.id);
    const md = await markdownSection(post.id, post.title);

    // Every row: the consent it stands on and the quote's state, whatever the level.
    expect(csv).toMatchObject({
      consent_level: level,
      consent_version: CONSENT_VERSION,
      consent_at: post.story?.consent.at,
      approval: 'approved',
    });
    expect(json).toMatchObject({
      consentLevel: level,
      consentVersion: CONSENT_VERSION,
      consentAt: post.story?.consent.at,
      approval: 'approved',
    });
    expect(md).toContain(`version ${CONSENT_VERSION}`);
    // Never in any export: the staff note, the author's own suggestion, the consent text itself.
    for (const out of [JSON.stringify(csv), JSON.stringify(json), md]) {
      expect(out).not.toContain(NOTE);
      expect(out).not.toContain(SUGGESTED);
      expect(out).not.toContain(CONSENT_TEXT[level]);
    }

    if (!expected.byline) {
      expect(csv).toMatchObject({
        use: NOT_FOR_USE,
        title: '',
        body: '',
        byline: '',
        quote: '',
        outcome: '',
      });
      expect(json?.use).toBe(NOT_FOR_USE);
      expect(json?.content).toBeUndefined();
      expect(md).toContain(NOT_FOR_USE);
      for (const out of [JSON.stringify(csv), JSON.stringify(json), md]) {
        expect(out).not.toContain('Priya');
        expect(out).not.toContain(QUOTE);
        expect(out).not.toContain(BODY);
        expect(out).not.toContain('Books closed');
      }
      return;
    }
    expect(csv).toMatchObject({
      use: 'public',
      title: post.title,
      body: BODY,
      outcome: '4 days saved every month',
      byline: expected.byline,
      name: expected.name ?? '',
      company: expected.company ?? '',
      logo: expected.logo,
      quote: QUOTE,
      disclosure: 'This customer received a $50 gift card for sharing their story.',
      featured: 'yes',
    });
    expect(json?.content).toMatchObject({
      title: post.title,
      byline: expected.byline,
      quote: QUOTE,
      logo: expected.logo === 'yes',
      disclosure: 'This customer received a $50 gift card for sharing their story.',
    });
    expect(md).toContain(`> ${QUOTE}`);
    expect(md).toContain(`— ${expected.byline}`);
    expect(md).toContain('This customer received a $50 gift card for sharing their story.');
    if (!expected.name) {
      // Anonymous: no name and no company anywhere in the row.
      for (const out of [JSON.stringify(csv), JSON.stringify(json), md]) {
        expect(out).not.toContain('Priya');
        expect(out).not.toContain('Acme');
      }
    }
    if (!expected.company) {
      for (const out of [JSON.stringify(csv), JSON.stringify(json), md]) expect(out).not.toContain('Acme');
    }
  });
});

describe('changes of consent', () => {
  it('a narrowing and a withdrawal hold in the next export, at once', async () => {
    const { by, post } = await approvedStory('name_company_logo');
    expect((await csvRows()).get(post.id)).toMatchObject({ company: 'Acme Logistics', quote: QUOTE });

    await t.services.stories.changeConsent(as(by), post.id, {
      level: 'first_name_role',
      version: CONSENT_VERSION,
    });
    const narrowed = (await csvRows()).get(post.id);
    expect(narrowed).toMatchObject({
      consent_level: 'first_name_role',
      byline: 'Priya, Finance lead',
      company: '',
      logo: 'no',
      quote: QUOTE,
    });
    expect(JSON.stringify(narrowed)).not.toContain('Raman');

    await t.services.stories.changeConsent(as(by), post.id, { level: 'withdrawn', version: CONSENT_VERSION });
    const withdrawn = (await jsonRows()).get(post.id);
    expect(withdrawn).toMatchObject({ consentLevel: 'withdrawn', use: NOT_FOR_USE });
    expect(withdrawn?.content).toBeUndefined();
    const md = await markdownSection(post.id, post.title);
    expect(md).toContain(NOT_FOR_USE);
    expect(md).not.toContain(QUOTE);
  });
});

describe('filters', () => {
  it('exports what the workspace shows for the same query string', async () => {
    const internal = stories.get('internal')!;
    const rows = await csvRows({ consent: 'internal' });
    expect([...rows.keys()]).toEqual([internal.id]);
    const featured = await jsonRows({ featured: 'true', cursor: 'ignored' });
    expect(featured.has(internal.id)).toBe(false);
    expect(featured.has(stories.get('anonymous')!.id)).toBe(true);
    // An unknown level is the reader's mistake, before any byte.
    await expect(errorOf(text(exports().csv(as(staff), { consent: 'everyone' })))).resolves.toMatchObject({
      code: 'validation_failed',
    });
  });

  it('is for staff only', async () => {
    const customer = await author();
    await expect(errorOf(text(exports().csv(as(customer), {})))).resolves.toBeInstanceOf(ForbiddenError);
    await expect(errorOf(text(exports().markdown(ANONYMOUS, {})))).resolves.toBeInstanceOf(
      UnauthenticatedError,
    );
    const post = stories.get('full_name')!;
    await expect(errorOf(text(exports().auditCsv(as(customer), post.id)))).resolves.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe('the audit trail as CSV', () => {
  it('has a line per step, with the consent text and the quote word for word', async () => {
    const post = stories.get('full_name')!;
    const [header, ...lines] = parseCsv(await text(exports().auditCsv(as(staff), post.id)));
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    const byAction = (action: string) => lines.filter((l) => l[2] === action);
    expect(lines.map((l) => l[2])).toEqual([
      'story_posted',
      'quote_proposed',
      'quote_approved',
      'note_changed',
      'incentive_recorded',
      'featured',
    ]);
    expect(byAction('story_posted')[0]?.slice(1)).toEqual([
      'Priya Raman',
      'story_posted',
      'full_name',
      CONSENT_VERSION,
      CONSENT_TEXT.full_name,
      SUGGESTED,
      '',
    ]);
    expect(byAction('quote_proposed')[0]?.[1]).toBe('Morgan Marketing');
    expect(byAction('quote_approved')[0]?.[6]).toBe(QUOTE);
    expect(byAction('incentive_recorded')[0]?.[7]).toBe('a $50 gift card');
    for (const line of lines) expect(Date.parse(line[0] ?? '')).not.toBeNaN();
  });
});
