import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	home: await view(locals.supabase, 'parent_home')
})) satisfies PageServerLoad;
