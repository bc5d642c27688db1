import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { failWith, fields, parseForm } from '$lib/server/form';
import { HOME } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const NewPassword = z
	.object({ password: fields.newPassword, confirm: z.string() })
	.refine((v) => v.password === v.confirm, {
		message: 'The two passwords do not match.',
		path: ['confirm']
	});

export const load = (({ url }) => ({
	welcome: url.searchParams.get('welcome')
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, NewPassword);
		if (failure) return failure;
		const { error } = await locals.supabase.auth.updateUser({ password: data.password });
		if (error) {
			if (error.code === 'weak_password') {
				return failWith({}, { password: 'Choose a longer, less common password.' });
			}
			console.error('[account/password]', error);
			return failWith({}, {}, 'Your password could not be changed. Please try again.', 500);
		}
		const role = locals.user?.role;
		redirect(303, role ? `${HOME[role]}?password=changed` : '/');
	}
} satisfies Actions;
