import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'online_training_page', { place: params.place })
})) satisfies PageServerLoad;
