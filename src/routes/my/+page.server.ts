import { loadView } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

interface ParentHome {
	me: { full_name: string };
}

export const load = (async ({ locals }) => ({
	home: await loadView<ParentHome>(locals.supabase, 'parent_home')
})) satisfies PageServerLoad;
