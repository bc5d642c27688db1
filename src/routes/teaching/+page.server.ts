import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

/** The courses the signed-in trainer trains (the training staff: every course). */
export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'teaching_page')
})) satisfies PageServerLoad;
