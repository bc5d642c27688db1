import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'my_measures_page')
})) satisfies PageServerLoad;
