import { z } from 'zod';
import { view } from '$lib/server/rpc';
import { COURSE_STATUSES } from '$lib/courses/labels';
import { listParams } from '$lib/paging/paging';
import type { PageServerLoad } from './$types';

/** Filters come from the query string so the list works as a plain GET form without JS. */
const Filters = z.object({
	list: z.enum(['upcoming', 'past']).optional().catch(undefined),
	status: z.enum(COURSE_STATUSES).optional().catch(undefined),
	format: z.enum(['online', 'in_person']).optional().catch(undefined)
});

/** The training admin's home: the upcoming or past courses, a page at a time, with their money. */
export const load = (async ({ locals, url }) => {
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const filters = Filters.parse(raw);
	const { search, page: pageNumber } = listParams(url);
	const page = await view(locals.supabase, 'admin_courses_page', {
		list: filters.list ?? 'upcoming',
		course_status: filters.status ?? null,
		format: filters.format ?? null,
		search,
		page: pageNumber
	});
	return { page, filters, search };
}) satisfies PageServerLoad;
