import { view } from '$lib/server/rpc';
import { listParams } from '$lib/paging/paging';
import { concernUrgency } from '$lib/view-fields';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const { search, page } = listParams(url);
	const urgency = concernUrgency.safeParse(url.searchParams.get('urgency')).data ?? null;
	return {
		concerns: await view(locals.supabase, 'open_concerns', { urgency, search, page }),
		search,
		urgency
	};
}) satisfies PageServerLoad;
