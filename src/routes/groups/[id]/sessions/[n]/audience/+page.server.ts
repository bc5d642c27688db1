import { loadAudienceDeck } from '$lib/presenter/deck.server';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => ({
	deck: await loadAudienceDeck(locals.supabase, params)
})) satisfies PageServerLoad;
