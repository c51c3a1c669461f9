/**
 * Part 2 of the bench: each user action as a page view or a form post runs it (the same service calls
 * as the SvelteKit hooks, loads and actions, request by request), measured by the action meter.
 */
import { hashSessionToken, SESSION_TTL_SECONDS } from '../../shared/auth/session-token.ts';
import type { Post, PostStatus } from '../../shared/domain/types.ts';
import { actionFixtures, at, COMMENT_BODY, POST_BODY } from './action-fixtures.ts';
import { actionMeter, combine } from './action-meter.ts';
import { ACTIONS, type ActionKey, type MeasuredActions } from './actions.ts';
import type { BenchContext } from './bench-setup.ts';
import type { DynamoMeter } from './dynamo-meter.ts';
import { formatActionTable } from './cost-tables.ts';
import type { OutboundCounts } from './outbound-counter.ts';
import { ACCOUNT_RUNS, RUNS } from './runs.ts';
import { webRequests } from './web-requests.ts';

const TOTAL_RUNS = 1 + RUNS + ACCOUNT_RUNS;
const VOTE_SERIES = 100;

type Person = Awaited<ReturnType<Awaited<ReturnType<typeof actionFixtures>>['person']>>;

/** Each of `voters` votes once for `post`, in turn; the write and read units of each vote. */
async function voteSeries(
  meter: DynamoMeter,
  voters: Person[],
  post: Post,
  voteAction: (postId: string, p: Person) => () => Promise<void>,
) {
  const wru: number[] = [];
  let rru = 0;
  const updates: number[] = [];
  meter.detailed = true;
  for (const p of voters) {
    meter.reset();
    await voteAction(post.id, p)();
    const m = meter.snapshot();
    wru.push(m.wru);
    rru += m.rru;
    updates.push(m.requests.get('UpdateItem') ?? 0);
  }
  meter.detailed = false;
  const worst = Math.max(...wru);
  return {
    meanWru: wru.reduce((a, b) => a + b, 0) / wru.length,
    meanRru: rru / wru.length,
    worstWru: worst,
    worstAt: wru.indexOf(worst) + 1,
    // Rank rewrites are the UpdateItems beyond those every vote makes (rate limits, subscription).
    crossing: updates.filter((n) => n > Math.min(...updates)).length,
  };
}

export async function benchUserActions(
  bench: BenchContext,
  outbound: OutboundCounts,
): Promise<MeasuredActions> {
  const { runtime, meter } = bench;
  const { services, stores } = runtime;
  const requests = webRequests(services);
  const { handle, boardPage, postPage, similarPosts } = requests;
  const { person, people, voteTarget, popular, quiet, commentTargets, freshPost } = await actionFixtures(
    bench,
    requests,
  );
  const { web, within, notifyLambda, measureAction, checks } = actionMeter(runtime, meter, outbound);

  const measured: Partial<MeasuredActions> = {};
  const record = async (key: ActionKey, run: (i: number) => Promise<void>) => {
    measured[key] = await measureAction(key, run);
  };

  const reader = await person();
  await record('boardView', async () => {
    await web(async () => boardPage(await handle(), 'large'));
  });
  await record('boardViewSignedIn', async () => {
    await web(async () => boardPage(await handle(reader), 'large'));
  });
  await record('postView', async () => {
    await web(async () => postPage(await handle(), popular.id));
  });
  await record('postViewSignedIn', async () => {
    await web(async () => postPage(await handle(reader), popular.id));
  });
  await record('search', async () => {
    await web(async () => boardPage(await handle(), 'large', 'bulk idea'));
  });
  await record('similar', async () => {
    await web(async () => similarPosts(await handle(reader), 'bulk idea exp'));
  });

  // Votes: the form action, then SvelteKit's enhance reloads the page's data (invalidateAll).
  const voterPool = await people(TOTAL_RUNS);
  const voteAction = (postId: string, p: Person) => async () => {
    await web(async () => services.votes.vote(await handle(p), postId));
    await web(async () => boardPage(await handle(p), 'large'));
  };
  await record('vote', async (i) => voteAction(voteTarget.id, at(voterPool, i))());
  // That row's votes fall on counts 33 to 42; a vote costs more when it crosses a rank bucket
  // (shared/domain/rank-buckets.ts). So also: a fresh post's first 100 votes, each metered alone.
  const votes = await voteSeries(
    meter,
    await people(VOTE_SERIES),
    await freshPost('Vote series'),
    voteAction,
  );

  // Comments: the action redirects (303) back to the post, which enhance then loads.
  const commenterPool = await people(TOTAL_RUNS);
  await record('comment', async (i) => {
    const p = at(commenterPool, i);
    const post = at(commentTargets, i);
    await web(async () => services.comments.create(await handle(p), post.id, { body: COMMENT_BODY }));
    await web(async () => postPage(await handle(p), post.id));
  });

  // New post: the form page, the post action, and the post it redirects to.
  const authorPool = await people(TOTAL_RUNS);
  await record('newPost', async (i) => {
    const p = at(authorPool, i);
    await web(async () => services.boards.get(await handle(p), 'large'));
    const post = await web(async () =>
      services.posts.create(await handle(p), 'large', { title: `Export posts as CSV ${i}`, body: POST_BODY }),
    );
    await web(async () => postPage(await handle(p), post.id));
  });

  // Sign-in by link, for someone who has signed in before: the form, the request, the link's page,
  // its button, and the home page it redirects to.
  const returning = await Promise.all(
    Array.from({ length: TOTAL_RUNS }, async (_, i) => {
      const email = `returning-${i}@bench.example`;
      await stores.users.upsertByIdentity(
        'email',
        email,
        { email, name: `returning-${i}`, role: 'customer' },
        new Date().toISOString(),
      );
      return { email, ip: `172.16.${i >> 8}.${i & 255}` };
    }),
  );
  await record('signIn', async (i) => {
    const { email, ip } = at(returning, i);
    const anonymous = { ip };
    await web(() => handle(anonymous));
    await web(async () => {
      await handle(anonymous);
      await services.auth.requestMagicLink({ email }, { ip });
    });
    const token = /\/auth\/magic\/([\w-]+)/.exec(outbound.lastEmail?.text ?? '')?.[1];
    if (!token) throw new Error('no sign-in link in the email');
    await web(() => handle(anonymous));
    const signedIn = await web(async () => {
      await handle(anonymous);
      return services.auth.signInWithMagicLink({ token });
    });
    await web(async () => services.boards.list(await handle({ token: signedIn.sessionToken, ip })));
  });

  // The write a page view adds once a day to keep a session alive (AuthService.userForSession).
  const renewing = await people(TOTAL_RUNS);
  await record('sessionRenewal', async (i) => {
    const p = at(renewing, i);
    const expiresAt = new Date(Date.now() + SESSION_TTL_SECONDS * 1000).toISOString();
    await within(() => stores.sessions.extend(hashSessionToken(p.token), expiresAt));
  });

  // Status changes: the staff action, the post it redirects to, and the notify Lambda. Measured on a
  // post with 1 follower and on one with 11, which gives the cost without followers and per follower.
  const staffer = await person('staff');
  const statusChange = (post: Post) => async (i: number) => {
    const status: PostStatus = i % 2 === 0 ? 'under_review' : 'planned';
    await web(async () =>
      services.posts.changeStatus(await handle(staffer), post.id, { status, note: 'Thanks, we are on it.' }),
    );
    await web(async () => postPage(await handle(staffer), post.id));
    await notifyLambda();
  };
  const one = await measureAction('statusChange (1 follower)', statusChange(quiet));
  const eleven = await measureAction('statusChange (11 followers)', statusChange(popular));
  const followersOne = one.emails;
  const followersMany = eleven.emails;
  if (followersMany <= followersOne) throw new Error('status change: the follower counts do not differ');
  const k = 1 / (followersMany - followersOne);
  // The two web requests do not depend on the followers; only the notify Lambda does.
  measured.notifyFollower = { ...combine(eleven, one, k, -k), webInvocations: 0, webMs: 0 };
  measured.statusChange = combine(one, measured.notifyFollower, 1, -followersOne);

  // An account, for storage: the user, email and identity items a first sign-in writes.
  await record('account', async (i) => {
    await within(() =>
      stores.users.upsertByIdentity(
        'sso',
        `account-${i}`,
        { email: `account-${i}@bench.example`, name: `account-${i}`, role: 'customer' },
        new Date().toISOString(),
      ),
    );
  });

  const actions = measured as MeasuredActions;
  for (const key of Object.keys(ACTIONS) as ActionKey[]) {
    if (!actions[key]) throw new Error(`no figures for ${key}`);
  }
  console.log(
    `\nPer user action: ${RUNS} timed runs, ${ACCOUNT_RUNS} metered runs each. Lambda ms is wall time on ` +
      'DynamoDB Local (slower than DynamoDB: an upper bound) without SvelteKit rendering. The status ' +
      `change is measured with ${followersOne} and ${followersMany} followers and split into a part ` +
      'without followers and a part per follower.\n',
  );
  console.log(formatActionTable(actions));
  console.log(
    `\n${VOTE_SERIES} votes by ${VOTE_SERIES} people on one fresh post, each metered alone (action + page ` +
      `reload, rank bucket crossings included): mean ${votes.meanWru.toFixed(2)} WRU and ` +
      `${votes.meanRru.toFixed(2)} RRU a vote; the worst single vote ${votes.worstWru} WRU (vote ` +
      `${votes.worstAt}, to ${votes.worstAt + 1} votes with the author's); ${votes.crossing} of the ` +
      `${VOTE_SERIES} rewrote rank buckets.`,
  );
  console.log(
    `\nSize model: ${checks.sizeAgreed} of ${checks.sizeChecks} single writes computed as DynamoDB Local ` +
      `reports them. Refused conditional writes: ${checks.failedWrites}. Index writes inside transactions, ` +
      `WRU of the action's total (DynamoDB Local would count them twice): ` +
      `${checks.txIndexNotes.join('; ') || 'none'}. Notify Lambda with ${followersOne} and ` +
      `${followersMany} followers: ${one.notifyMs.toFixed(1)} and ${eleven.notifyMs.toFixed(1)} ms.`,
  );
  return actions;
}
