import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	concerns: await view(locals.supabase, 'open_concerns')
})) satisfies PageServerLoad;
