/**
 * Demo content for a first local run: two boards, ideas in every status, votes, comments, staff
 * (product, sales, marketing), customers and the companies they belong to, and success stories under
 * each kind of consent. Runs once per database: a
 * marker item written last records that it ran.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Board, Post, PostStatus, Tag, User } from '../../shared/domain/types.ts';
import { voteWeight } from '../../shared/domain/trend.ts';
import { keys } from '../../shared/table/keys.ts';
import {
  DEMO_ADMIN,
  DEMO_COMPANIES,
  DEMO_CUSTOMER,
  DEMO_MARKETER,
  DEMO_QUIET_COMPANIES,
  DEMO_SALES,
  DEMO_STAFF,
  DEMO_VOTERS,
} from '../../shared/demo/identities.ts';
import { companyOfClaims, type SsoClaims } from '../../shared/auth/sso-token.ts';
import type { SsoClaimAuthority } from '../../shared/services/company-service.ts';
import type { Runtime } from '../../shared/runtime/services.ts';
import { CONSENT_VERSION, type ConsentLevel } from '../../shared/domain/consent.ts';
import { seedDemoAnalytics } from '../../shared/demo/analytics-demo.ts';

const BOARDS: Board[] = [
  {
    slug: 'feature-requests',
    name: 'Feature requests',
    description: 'Ideas for making the product better. Vote for the ones you need most.',
    kinds: ['idea'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: '2026-09-01T09:00:00.000Z',
  },
  {
    slug: 'bugs',
    name: 'Bugs',
    description: 'Something not working as it should? Tell us what you did and what you saw.',
    kinds: ['bug'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: '2026-09-01T09:00:00.000Z',
  },
  {
    slug: 'questions',
    name: 'Questions',
    description: 'Ask how to do something; the community and the team answer.',
    kinds: ['question'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: '2026-09-01T09:00:00.000Z',
  },
  {
    slug: 'success-stories',
    name: 'Success stories',
    description: 'Share what went well: how the product helped you and your team.',
    kinds: ['story'],
    archived: false,
    private: false,
    allowedDomains: [],
    createdAt: '2026-09-01T09:00:00.000Z',
  },
];

const TAGS: Tag[] = [
  { slug: 'reporting', name: 'Reporting', color: '#2563eb' },
  { slug: 'integrations', name: 'Integrations', color: '#7c3aed' },
  { slug: 'mobile', name: 'Mobile', color: '#059669' },
  { slug: 'security', name: 'Security', color: '#dc2626' },
];

interface DemoPost {
  board: string;
  title: string;
  body: string;
  status: PostStatus;
  note?: string;
  tags?: string[];
  daysAgo: number;
  votes: number;
  comments: { by: 'staff' | 'customer' | number; text: string }[];
}

const POSTS: DemoPost[] = [
  {
    board: 'feature-requests',
    title: 'Export reports as CSV',
    body: 'We send monthly numbers to finance. Today we copy tables by hand; a **CSV export** on every report would save us an hour a week.',
    status: 'planned',
    note: 'Planned for next quarter, starting with the revenue and usage reports.',
    tags: ['reporting'],
    daysAgo: 40,
    votes: 7,
    comments: [
      { by: 0, text: 'Same here: our finance team asks for this every month.' },
      {
        by: 'staff',
        text: 'This is planned for next quarter. We will start with the revenue and usage reports.',
      },
    ],
  },
  {
    board: 'feature-requests',
    title: 'Dark mode for the dashboard',
    body: 'Our support team works late shifts. A dark theme that follows the system setting would be easier on the eyes.',
    status: 'shipped',
    note: 'Shipped in 4.2: the dashboard follows your system setting, and you can override it in your profile.',
    daysAgo: 60,
    votes: 6,
    comments: [{ by: 'staff', text: 'Shipped in 4.2: the dashboard now follows your system setting.' }],
  },
  {
    board: 'feature-requests',
    title: 'Single sign-on with Okta',
    body: 'We manage every tool through Okta. SAML or OIDC sign-in is a requirement from our security team.',
    status: 'in_progress',
    tags: ['security', 'integrations'],
    daysAgo: 25,
    votes: 5,
    comments: [{ by: 1, text: 'Please include SCIM provisioning too, if possible.' }],
  },
  {
    board: 'feature-requests',
    title: 'Slack notifications when an order ships',
    body: 'A message in a channel of our choice whenever an order changes to *shipped*.',
    status: 'under_review',
    tags: ['integrations'],
    daysAgo: 12,
    votes: 4,
    comments: [],
  },
  {
    board: 'feature-requests',
    title: 'Bulk edit product prices',
    body: 'Changing prices one product at a time takes ages before a sale. Let us select many and apply a percentage.',
    status: 'open',
    daysAgo: 3,
    votes: 2,
    comments: [{ by: 'customer', text: 'A CSV import for prices would work for us as well.' }],
  },
  {
    board: 'feature-requests',
    title: 'Offline mode for the mobile app',
    body: 'Our drivers lose signal in warehouses. Queue the scans and sync when the connection returns.',
    status: 'declined',
    note: 'We will not build offline sync this year: conflicts in inventory counts are too risky. We are improving scan retries instead.',
    tags: ['mobile'],
    daysAgo: 90,
    votes: 3,
    comments: [
      {
        by: 'staff',
        text: 'We looked at this closely and will not build it this year: the sync conflicts are too risky for inventory counts.',
      },
    ],
  },
  {
    board: 'questions',
    title: 'How do I invite a teammate without giving admin rights?',
    body: 'I want my colleague to see reports but not change billing.',
    status: 'open',
    daysAgo: 5,
    votes: 1,
    comments: [
      { by: 'staff', text: 'Go to *Settings → Team*, choose **Invite**, and pick the *Viewer* role.' },
    ],
  },
  {
    board: 'bugs',
    title: 'Report totals are off by one day in the Pacific time zone',
    body: 'Orders placed after 4 pm in California show up on the next day in the daily report.',
    status: 'in_progress',
    tags: ['reporting'],
    daysAgo: 6,
    votes: 3,
    comments: [{ by: 'staff', text: 'Reproduced. The report used UTC day boundaries; a fix is in review.' }],
  },
];

export async function seedDemo(runtime: Runtime): Promise<boolean> {
  const { db, stores, services } = runtime;
  const marker = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.seedMarker() }));
  if (marker.Item) return false;

  const now = Date.now();
  // As an SSO sign-in does (AuthService.signInWithSso): the claim's company is upserted, then the person
  // joins it. Not a real sign-in, which would start sessions and could not backdate the person.
  const seedClaim: SsoClaimAuthority = { kind: 'ssoClaim', tokenId: 'demo-seed' };
  const mrrOf = new Map<string, number>();
  const person = async (claims: SsoClaims) => {
    const named = companyOfClaims(claims);
    const company = named && (await services.companies.upsert(seedClaim, named.id, named.input)).company;
    if (company) mrrOf.set(company.id, company.mrr ?? 0);
    return stores.users.upsertByIdentity(
      'sso',
      claims.sub,
      {
        email: claims.email,
        name: claims.name,
        role: claims.role ?? 'customer',
        ...(company ? { company: company.name, companyId: company.id } : {}),
      },
      new Date(now - 120 * 86_400_000).toISOString(),
    );
  };
  const staff = await person(DEMO_STAFF);
  const sales = await person(DEMO_SALES);
  const marketer = await person(DEMO_MARKETER);
  const admin = await person(DEMO_ADMIN);
  // Each gets the weekly digest of their job (the admin sets this on a person's profile).
  await stores.users.setTeam(staff.id, 'product');
  await stores.users.setTeam(sales.id, 'sales');
  await stores.users.setTeam(marketer.id, 'marketing');
  await stores.users.setTeam(admin.id, 'product');
  const customer = await person(DEMO_CUSTOMER);
  const voters: User[] = [];
  for (const claims of DEMO_VOTERS) voters.push(await person(claims));
  // Accounts nobody has signed in from yet arrive as a host's back office sends them (PUT /api/companies).
  for (const { id, ...input } of DEMO_QUIET_COMPANIES) {
    await services.companies.upsert({ kind: 'user', user: admin }, id, input);
  }
  // A vote keeps its voter's company, as VoteService records it.
  const companyOf = (user: User) => (user.companyId ? { companyId: user.companyId } : {});

  for (const board of BOARDS) await stores.boards.create(board);
  for (const tag of TAGS) await stores.tags.put(tag);

  const demoPostIds: string[] = [];
  for (const [i, demo] of POSTS.entries()) {
    const createdAt = new Date(now - demo.daysAgo * 86_400_000);
    const at = createdAt.toISOString();
    const author = i % 3 === 0 ? customer : (voters[i % voters.length] ?? customer);
    // A ULID carries its creation time, so the "new" sort orders demo posts by their backdated age.
    const post: Post = {
      id: ulid(createdAt.getTime()),
      boardSlug: demo.board,
      kind: BOARDS.find((b) => b.slug === demo.board)?.kinds[0] ?? 'idea',
      title: demo.title,
      body: demo.body,
      status: 'open',
      authorId: author.id,
      authorName: author.name,
      voteCount: 1,
      trendScore: voteWeight(at),
      // The author's company backs the post from the start, as PostService.create counts it.
      ...(author.companyId ? { demandCompanies: 1, demandMrr: mrrOf.get(author.companyId) ?? 0 } : {}),
      commentCount: 0,
      tags: [],
      rev: 0,
      voteSeq: 0,
      createdAt: at,
      updatedAt: at,
    };
    // Everything goes through the same stores as real use, so counts match vote items from the start.
    await stores.posts.create(post, {
      postId: post.id,
      userId: author.id,
      votedAt: at,
      ...companyOf(author),
    });
    await stores.subscriptions.ensure({
      postId: post.id,
      userId: author.id,
      following: true,
      reason: 'author',
      since: at,
    });
    await stores.search.index(post);
    demoPostIds.push(post.id);
    // Votes spread over the post's life, so the trending order and the votes chart have a shape.
    const others = voters.filter((v) => v.id !== author.id).slice(0, demo.votes);
    for (const [k, voter] of others.entries()) {
      const votedAt = new Date(
        createdAt.getTime() + ((k + 1) / (others.length + 1)) * demo.daysAgo * 86_400_000,
      );
      await stores.votes.add({
        postId: post.id,
        userId: voter.id,
        votedAt: votedAt.toISOString(),
        ...companyOf(voter),
      });
    }
    for (const [j, c] of demo.comments.entries()) {
      const by = c.by === 'staff' ? staff : c.by === 'customer' ? customer : (voters[c.by] ?? customer);
      const commentAt = new Date(createdAt.getTime() + (j + 1) * 0.2 * demo.daysAgo * 86_400_000);
      await stores.comments.create(
        {
          id: ulid(commentAt.getTime()),
          postId: post.id,
          authorId: by.id,
          authorName: by.name,
          authorIsStaff: by.role !== 'customer',
          body: c.text,
          createdAt: commentAt.toISOString(),
          deleted: false,
          hidden: false,
        },
        { question: post.kind === 'question' },
      );
    }
    if (demo.status !== 'open' || demo.tags) await setStatusAndTags(runtime, post.id, demo, staff);
  }

  await seedStories(runtime, { customer, voters, marketer });
  // Demo only: two months of made-up analytics counters, so the staff dashboard has charts at once.
  await seedDemoAnalytics(
    stores.analytics,
    { postIds: demoPostIds, companyIds: Object.values(DEMO_COMPANIES).map((c) => c.id) },
    new Date(now),
  );

  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...keys.seedMarker(), seededAt: new Date(now).toISOString() },
    }),
  );
  return true;
}

/** Written through the store (not the service) so that seeding sends no status emails. */
async function setStatusAndTags(runtime: Runtime, postId: string, demo: DemoPost, staff: User) {
  const post = await runtime.stores.posts.get(postId);
  if (!post) throw new Error(`Seeded post ${postId} vanished.`);
  const at = new Date(Date.parse(post.createdAt) + 0.5 * demo.daysAgo * 86_400_000).toISOString();
  const changed = demo.status !== post.status;
  const after: Post = {
    ...post,
    status: demo.status,
    tags: demo.tags ?? [],
    ...(changed ? { statusChangedAt: at } : {}),
    ...(demo.note ? { statusNote: { body: demo.note, byId: staff.id, byName: staff.name, at } } : {}),
    ...(demo.status === 'shipped' ? { shippedAt: at } : {}),
  };
  const statusChange = changed
    ? {
        id: ulid(Date.parse(at)),
        postId,
        from: post.status,
        to: demo.status,
        ...(demo.note ? { note: demo.note } : {}),
        byId: staff.id,
        byName: staff.name,
        at,
      }
    : undefined;
  if (!(await runtime.stores.posts.changeLists(post, after, statusChange ? { statusChange } : {}))) {
    throw new Error(`Could not set the demo status of ${postId}.`);
  }
}

interface DemoStory {
  title: string;
  body: string;
  outcome?: string;
  role?: string;
  quote?: string;
  storyTags?: string[];
  consent: Exclude<ConsentLevel, 'withdrawn'>;
  /** The quote marketing proposes, and whether the author has signed it off yet. */
  proposal?: { text: string; approved: boolean };
  featured?: boolean;
  incentive?: string;
  note?: string;
}

/** One story for each step of the sign-off, under consents from "name, company and logo" to internal. */
const STORIES: DemoStory[] = [
  {
    title: 'We cut month-end close from three days to one',
    body: 'With scheduled reports and the accounting integration, our finance team closes the books in a day. **Thank you!**',
    outcome: 'Month-end close from 3 days to 1',
    role: 'Operations lead',
    quote: 'Month-end used to eat three days. Now it is one.',
    storyTags: ['reporting', 'integrations'],
    consent: 'name_company_logo',
    proposal: {
      text: 'Month-end close used to take our finance team three days. Now it takes one.',
      approved: true,
    },
    featured: true,
    incentive: 'a $50 gift card',
    note: 'Ask whether they would do a case study call in January.',
  },
  {
    title: 'Support tickets about orders dropped by a third',
    body: 'Customers now get shipping updates on their own, so they stopped writing to ask where their order is.',
    outcome: '33% fewer "where is my order" tickets',
    consent: 'anonymous',
    proposal: { text: 'A third fewer support tickets about orders, in the first month.', approved: true },
    featured: true,
  },
  {
    title: 'Our support team finally has one inbox',
    body: 'The integrations brought email and chat into one place; nobody misses a customer any more.',
    role: 'Support manager',
    storyTags: ['integrations'],
    consent: 'first_name_role',
    proposal: { text: 'Email and chat in one inbox: nobody misses a customer any more.', approved: false },
  },
  {
    title: 'Rollout notes from our pilot team',
    body: 'Candid notes from our pilot: what went well, and where training took longer than planned.',
    outcome: 'Pilot of 12 people in 2 weeks',
    consent: 'internal',
    note: 'Useful for onboarding; not for marketing.',
  },
];

/**
 * Through the services, as real use goes: the author tells the story, marketing proposes a quote, the
 * author signs it off, marketing features it and records the incentive. Each step is in the audit trail.
 */
async function seedStories(
  runtime: Runtime,
  people: { customer: User; voters: User[]; marketer: User },
): Promise<void> {
  const { posts, stories } = runtime.services;
  const as = (user: User) => ({ kind: 'user' as const, user });
  const authors = [people.customer, ...people.voters];
  for (const [i, demo] of STORIES.entries()) {
    const author = authors[i] ?? people.customer;
    const { proposal, featured, incentive, note, ...told } = demo;
    const post = await posts.create(as(author), 'success-stories', {
      ...told,
      kind: 'story',
      consentVersion: CONSENT_VERSION,
    });
    if (proposal) {
      const proposed = await stories.proposeQuote(as(people.marketer), post.id, { text: proposal.text });
      if (proposal.approved) {
        await stories.decideQuote(as(author), post.id, {
          proposalId: proposed.story.proposal?.id,
          decision: 'approve',
        });
      }
    }
    if (featured || incentive || note) {
      await stories.curate(as(people.marketer), post.id, {
        ...(featured ? { featured } : {}),
        ...(incentive ? { incentive } : {}),
        ...(note ? { note } : {}),
      });
    }
  }
}
