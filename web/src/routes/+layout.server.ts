import type { LayoutServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { takeFlash } from '$lib/server/flash.ts';

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
});
