import type { LayoutServerLoad } from './$types';
import { runtime } from '$lib/server/runtime.ts';

export const load: LayoutServerLoad = ({ locals }) => ({
  viewer: locals.user ? { name: locals.user.name, role: locals.user.role } : null,
  localMode: runtime().config.localMode,
});
