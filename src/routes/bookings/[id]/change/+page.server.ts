import { changeActions, loadChangePage } from '$lib/server/terms/change';
import type { Actions, PageServerLoad } from './$types';

export const load = (async (event) => ({
	...(await loadChangePage(event)),
	done: event.url.searchParams.get('done')
})) satisfies PageServerLoad;

export const actions = changeActions('/bookings') satisfies Actions;
