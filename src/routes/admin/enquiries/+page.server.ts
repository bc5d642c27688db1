import { z } from 'zod';
import { view } from '$lib/server/rpc';
import { listParams } from '$lib/paging/paging';
import type { PageServerLoad } from './$types';

const Filters = z.object({
	status: z.enum(['new', 'replied']).optional().catch(undefined)
});

/** The commissioning enquiries from the public form, newest first (training admin and lead). */
export const load = (async ({ locals, url }) => {
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const filters = Filters.parse(raw);
	const { search, page: pageNumber } = listParams(url);
	const page = await view(locals.supabase, 'course_enquiries_page', {
		enquiry_status: filters.status ?? null,
		search,
		page: pageNumber
	});
	return { page, filters, search };
}) satisfies PageServerLoad;
