import { changeActions, loadChangePage } from '$lib/server/terms/change';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => ({
	...(await loadChangePage(event)),
	done: event.url.searchParams.get('done')
})) satisfies PageServerLoad;

// Named here, not only in changeActions, so the e2e route tree (and so the fuzz) sees them.
const change = changeActions('/admin/bookings');
export const actions = { quote: change.quote, confirm: change.confirm } satisfies Actions;
