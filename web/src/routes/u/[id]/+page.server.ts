import { error, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { DIGEST_TEAM_LABELS, DIGEST_TEAMS } from '$shared/domain/digest.ts';
import { renderMarkdown } from '$shared/domain/markdown.ts';
import { isAdmin, isStaff } from '$shared/domain/types.ts';
import type { SanctionLevel } from '$shared/domain/moderation.ts';
import { PROFILE_TABS, type ProfileTab } from '$shared/services/profile-service.ts';
import { runtime } from '$lib/server/runtime.ts';
import { actionOrFail, failed, formValues, loadOrError } from '$lib/server/kit-errors.ts';
import { setFlash } from '$lib/server/flash.ts';
import { voteActions } from '$lib/server/vote-actions.ts';
import { isUlid } from '$lib/post-id.ts';

export const load: PageServerLoad = async ({ params, url, locals }) => {
  // A mistyped address is a page that does not exist, not a bad request.
  if (!isUlid(params.id)) error(404, 'Not found');
  const { services } = runtime();
  const asked = url.searchParams.get('tab');
  const tab: ProfileTab = PROFILE_TABS.find((t) => t === asked) ?? 'posts';
  const cursor = url.searchParams.get('cursor') || undefined;
  // The reputation history pages on its own cursor, so that paging it keeps the activity tab's place.
  const historyCursor = url.searchParams.get('history') || undefined;
  const [profile, tags, boards, digest, reputation, history, reach] = await Promise.all([
    loadOrError(() => services.profiles.get(locals.actor, params.id, { tab, cursor })),
    services.boards.tags(locals.actor),
    services.boards.list(locals.actor),
    // Admins set staff's digest team here.
    isAdmin(locals.actor) ? loadOrError(() => services.digests.settingsOf(locals.actor, params.id)) : null,
    loadOrError(() => services.reputation.profile(locals.actor, params.id)),
    loadOrError(() =>
      services.reputation.history(locals.actor, params.id, historyCursor ? { cursor: historyCursor } : {}),
    ),
    // How often their accepted answers were read, all time (issue 18): public, as reputation is.
    services.analytics.reach([params.id], 'ALL'),
  ]);
  // Staff see a person's standing with the moderators, and sanction them (not themselves) from here.
  const standing =
    isStaff(locals.actor) && !profile.isSelf
      ? await loadOrError(() => services.sanctions.standing(locals.actor, params.id))
      : null;
  return {
    profile: {
      ...profile,
      comments: profile.comments.map((c) => ({ ...c, bodyHtml: renderMarkdown(c.body) })),
    },
    tags,
    boardNames: Object.fromEntries(boards.map((b) => [b.slug, b.name])),
    paged: !!cursor,
    reputation,
    answersRead: reach.get(params.id) ?? 0,
    history: { ...history, paged: !!historyCursor },
    canMarkChampion: isStaff(locals.actor) && profile.user.role === 'customer',
    standing,
    // Staff sanction customers; admins anyone (the service says the same).
    canSanction: isAdmin(locals.actor) || profile.user.role === 'customer',
    canBan: isAdmin(locals.actor),
    digestTeam:
      digest && profile.user.role !== 'customer'
        ? {
            current: digest.team ?? null,
            optedOut: !digest.digest,
            teams: DIGEST_TEAMS.map((team) => ({ team, label: DIGEST_TEAM_LABELS[team] })),
          }
        : null,
  };
};

export const actions: Actions = {
  ...voteActions,
  markChampion: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['reason']);
    const result = await actionOrFail(
      () => runtime().services.reputation.markChampion(locals.actor, params.id, values),
      values,
      'champion',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Marked as a champion for a year.');
    redirect(303, `/u/${params.id}`);
  },
  unmarkChampion: async ({ params, locals, cookies }) => {
    const result = await actionOrFail(
      () => runtime().services.reputation.unmarkChampion(locals.actor, params.id),
      {},
      'champion',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'No longer marked as a champion.');
    redirect(303, `/u/${params.id}`);
  },
  sanction: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['level', 'reason', 'days']);
    const result = await actionOrFail(
      () => runtime().services.sanctions.sanction(locals.actor, params.id, values),
      values,
      'sanction',
    );
    if (failed(result)) return result;
    setFlash(cookies, sanctionedMessage(values.level as SanctionLevel));
    redirect(303, `/u/${params.id}`);
  },
  liftSanction: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['reason']);
    const result = await actionOrFail(
      () =>
        runtime().services.sanctions.lift(
          locals.actor,
          params.id,
          values.reason ? { reason: values.reason } : {},
        ),
      values,
      'liftSanction',
    );
    if (failed(result)) return result;
    setFlash(cookies, 'Sanction lifted.');
    redirect(303, `/u/${params.id}`);
  },
  role: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['role']);
    const result = await actionOrFail(
      () => runtime().services.profiles.setRole(locals.actor, params.id, values),
      values,
      'role',
    );
    if (failed(result)) return result;
    setFlash(cookies, `${result.name} is now ${result.role === 'customer' ? 'a customer' : result.role}.`);
    redirect(303, `/u/${params.id}`);
  },
  team: async ({ request, params, locals, cookies }) => {
    const values = formValues(await request.formData(), ['team']);
    const result = await actionOrFail(
      () => runtime().services.digests.setTeam(locals.actor, params.id, values),
      values,
      'team',
    );
    if (failed(result)) return result;
    setFlash(
      cookies,
      result.team
        ? `${result.name}’s digest team is now ${DIGEST_TEAM_LABELS[result.team]}.`
        : `${result.name} has no team now: no weekly digest.`,
    );
    redirect(303, `/u/${params.id}`);
  },
};

/** What staff are told once a sanction is applied. */
function sanctionedMessage(level: SanctionLevel): string {
  return {
    warn: 'Warning given.',
    silence: 'Silenced: they can read but not post, comment, vote or flag.',
    suspend: 'Suspended: their sessions ended and they cannot sign in.',
    ban: 'Banned: their sessions ended and they cannot sign in.',
  }[level];
}
