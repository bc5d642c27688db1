import { view } from '$lib/server/rpc';
import { listParams } from '$lib/paging/paging';
import type { PageServerLoad } from './$types';

/** The courses the signed-in trainer trains (the training staff: every course), a page at a time. */
export const load = (async ({ locals, url }) => {
	const { search, page: pageNumber } = listParams(url);
	const page = await view(locals.supabase, 'teaching_page', { search, page: pageNumber });
	return { page, search };
}) satisfies PageServerLoad;
