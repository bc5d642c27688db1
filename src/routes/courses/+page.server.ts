import { view } from '$lib/server/rpc';
import { siteUrl } from '$lib/server/supabase';
import type { PageServerLoad } from './$types';

// Read on phones by people deciding whether to book: nothing here needs client code.
export const csr = false;

export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'courses_page'),
	canonical: `${siteUrl()}/courses`
})) satisfies PageServerLoad;
