import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

/** The training admin's home: every course, its places and its money. */
export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'admin_courses_page')
})) satisfies PageServerLoad;
