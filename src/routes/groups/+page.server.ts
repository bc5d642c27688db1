import { z } from 'zod';
import { fields } from '$lib/server/form';
import { view } from '$lib/server/rpc';
import { PHASES } from '$lib/groups/types';
import { listParams } from '$lib/paging/paging';
import { fundingKind } from '$lib/view-fields';
import type { PageServerLoad } from './$types';

/** Filters come from the query string so the list works as a plain GET form without JS. */
const Filters = z.object({
	status: z.enum(PHASES).optional().catch(undefined),
	programme_id: fields.text(60).optional().catch(undefined),
	funding: fundingKind.optional().catch(undefined),
	facilitator_id: z.string().uuid().optional().catch(undefined)
});

export const load = (async ({ locals, url }) => {
	const raw = Object.fromEntries([...url.searchParams].filter(([, v]) => v !== ''));
	const filters = Filters.parse(raw);
	const { search, page: pageNumber } = listParams(url);
	const page = await view(locals.supabase, 'groups_page', {
		status: filters.status ?? null,
		programme_id: filters.programme_id ?? null,
		funding: filters.funding ?? null,
		facilitator_id: filters.facilitator_id ?? null,
		search,
		page: pageNumber
	});
	return { page, filters, search };
}) satisfies PageServerLoad;
