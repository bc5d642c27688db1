import { view } from '$lib/server/rpc';
import { listParams } from '$lib/paging/paging';
import type { PageServerLoad } from './$types';

/** The booker's bookings, a page at a time, searched by reference, course or attendee. */
export const load = (async ({ locals, url }) => {
	const { search, page: pageNumber } = listParams(url);
	const page = await view(locals.supabase, 'my_bookings', { search, page: pageNumber });
	return { page, search };
}) satisfies PageServerLoad;
