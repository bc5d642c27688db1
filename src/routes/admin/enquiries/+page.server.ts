import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

/** The commissioning enquiries from the public form, newest first (training admin and lead). */
export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'course_enquiries_page')
})) satisfies PageServerLoad;
