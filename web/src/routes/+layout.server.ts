import type { LayoutServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { takeFlash } from '$lib/server/flash.ts';
import { sanctionInForce, type Sanction } from '$shared/domain/moderation.ts';

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
  // The unread count is on the user item the session already read: the header costs no request.
  viewer: locals.user
    ? {
        id: locals.user.id,
        name: locals.user.name,
        role: locals.user.role,
        unread: locals.user.unreadNotifications ?? 0,
      }
    : null,
  localMode: runtime().config.localMode,
  flash: takeFlash(cookies),
  silenced: silenced(locals.user?.sanction),
});

/** A silence in force, for the banner on every page: read from the session's user item, no request. */
function silenced(sanction: Sanction | undefined) {
  const inForce = sanctionInForce(sanction, new Date());
  return inForce?.level === 'silence'
    ? { reason: inForce.reason, ...(inForce.until ? { until: inForce.until } : {}) }
    : null;
}
