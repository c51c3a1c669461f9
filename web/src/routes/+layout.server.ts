import type { LayoutServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';
import { takeFlash } from '$lib/server/flash.ts';

export const load: LayoutServerLoad = ({ locals, cookies }) => ({
  viewer: locals.user ? { id: locals.user.id, name: locals.user.name, role: locals.user.role } : null,
  localMode: runtime().config.localMode,
  flash: takeFlash(cookies),
});
