/**
 * Demo content for a first local run: two boards, ideas in every status, votes, comments, a staff
 * member and a customer. Runs once per database: a marker item written last records that it ran.
 */
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Board, Post, PostStatus, User } from '../../shared/domain/types.ts';
import { keys } from '../../shared/table/keys.ts';
import { DEMO_CUSTOMER, DEMO_STAFF, DEMO_VOTERS } from '../../shared/demo/identities.ts';
import type { SsoClaims } from '../../shared/auth/sso-token.ts';
import type { Runtime } from '../../shared/runtime/services.ts';

const BOARDS: Board[] = [
  {
    slug: 'feature-requests',
    name: 'Feature requests',
    description: 'Ideas for making the product better. Vote for the ones you need most.',
    kinds: ['idea'],
    createdAt: '2026-09-01T09:00:00.000Z',
  },
  {
    slug: 'questions',
    name: 'Questions',
    description: 'Ask how to do something; the community and the team answer.',
    kinds: ['question'],
    createdAt: '2026-09-01T09:00:00.000Z',
  },
];

interface DemoPost {
  board: string;
  title: string;
  body: string;
  status: PostStatus;
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
    daysAgo: 60,
    votes: 6,
    comments: [{ by: 'staff', text: 'Shipped in 4.2: the dashboard now follows your system setting.' }],
  },
  {
    board: 'feature-requests',
    title: 'Single sign-on with Okta',
    body: 'We manage every tool through Okta. SAML or OIDC sign-in is a requirement from our security team.',
    status: 'in_progress',
    daysAgo: 25,
    votes: 5,
    comments: [{ by: 1, text: 'Please include SCIM provisioning too, if possible.' }],
  },
  {
    board: 'feature-requests',
    title: 'Slack notifications when an order ships',
    body: 'A message in a channel of our choice whenever an order changes to *shipped*.',
    status: 'under_review',
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
];

export async function seedDemo(runtime: Runtime): Promise<boolean> {
  const { db, stores } = runtime;
  const marker = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: keys.seedMarker() }));
  if (marker.Item) return false;

  const now = Date.now();
  const person = (claims: SsoClaims) =>
    stores.users.upsertByIdentity(
      'sso',
      claims.sub,
      { email: claims.email, name: claims.name, role: claims.role ?? 'customer', company: claims.company },
      new Date(now - 120 * 86_400_000).toISOString(),
    );
  const staff = await person(DEMO_STAFF);
  const customer = await person(DEMO_CUSTOMER);
  const voters: User[] = [];
  for (const claims of DEMO_VOTERS) voters.push(await person(claims));

  for (const board of BOARDS) await stores.boards.create(board);

  for (const [i, demo] of POSTS.entries()) {
    const createdAt = new Date(now - demo.daysAgo * 86_400_000);
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
      voteCount: 0,
      commentCount: 0,
      createdAt: createdAt.toISOString(),
      updatedAt: createdAt.toISOString(),
    };
    await stores.posts.create(post);
    // Votes go through the same transaction as real ones, so counts match vote items from the start.
    for (const voter of voters.slice(0, demo.votes)) {
      await stores.votes.add(post.id, voter.id, new Date(createdAt.getTime() + 3_600_000).toISOString());
    }
    for (const [j, c] of demo.comments.entries()) {
      const by = c.by === 'staff' ? staff : c.by === 'customer' ? customer : (voters[c.by] ?? customer);
      const at = new Date(createdAt.getTime() + (j + 1) * 86_400_000);
      await stores.comments.create({
        id: ulid(at.getTime()),
        postId: post.id,
        authorId: by.id,
        authorName: by.name,
        authorIsStaff: by.role !== 'customer',
        body: c.text,
        createdAt: at.toISOString(),
      });
    }
    if (demo.status !== 'open') await setStatus(runtime, post.id, demo.status);
  }

  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...keys.seedMarker(), seededAt: new Date(now).toISOString() },
    }),
  );
  return true;
}

/** Status changes are a staff feature of a later issue; the seed sets them directly. */
async function setStatus(runtime: Runtime, postId: string, status: PostStatus) {
  await runtime.db.doc.send(
    new UpdateCommand({
      TableName: runtime.db.tableName,
      Key: keys.post(postId),
      UpdateExpression: 'SET #s = :s',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':s': status },
    }),
  );
}
