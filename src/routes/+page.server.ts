import { redirect } from '@sveltejs/kit';
import { HOME } from '$lib/server/session';
import type { PageServerLoad } from './$types';

export const load = (({ locals }) => {
	const role = locals.user?.role;
	redirect(303, role ? HOME[role] : '/signin');
}) satisfies PageServerLoad;
