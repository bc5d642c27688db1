import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load = (() => redirect(303, '/')) satisfies PageServerLoad;

export const actions = {
	default: async ({ locals }) => {
		if (locals.user) await locals.supabase.auth.signOut();
		redirect(303, '/signin');
	}
} satisfies Actions;
