import { redirect } from '@sveltejs/kit';
import { view } from '$lib/server/rpc';
import { HOME } from '$lib/server/session';
import type { PageServerLoad } from './$types';

/** Signed-in people go to their home; a visitor reads what the service is (public.next_groups). */
export const load = (async ({ locals }) => {
	const role = locals.user?.role;
	if (role) redirect(303, HOME[role]);
	const page = await view(locals.supabase, 'next_groups');
	return { clinic: page.clinic, open: page.groups.length };
}) satisfies PageServerLoad;
