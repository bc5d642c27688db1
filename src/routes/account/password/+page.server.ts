import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { failWith, fields, parseForm } from '$lib/server/form';
import { HOME } from '$lib/server/session';
import type { Actions, PageServerLoad } from './$types';

const NewPassword = z
	.object({
		current: z.string().max(200).optional(),
		password: fields.newPassword,
		confirm: z.string()
	})
	.refine((v) => v.password === v.confirm, {
		message: 'The two passwords do not match.',
		path: ['confirm']
	});

export const load = (({ url, locals }) => ({
	welcome: url.searchParams.get('welcome'),
	// After an emailed link (invitation, reset) there is no current password to give.
	needsCurrent: !locals.user?.signedInByLink
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, NewPassword);
		if (failure) return failure;
		const needsCurrent = !locals.user?.signedInByLink;
		if (needsCurrent && !data.current) {
			return failWith({}, { current: 'Enter your current password.' });
		}
		// The Auth server checks the current password (GoTrue's
		// update_password_require_current_password) and signs out every other session.
		const { error } = await locals.supabase.auth.updateUser({
			password: data.password,
			...(needsCurrent ? { current_password: data.current } : {})
		});
		if (error) {
			if (
				error.code === 'current_password_mismatch' ||
				error.code === 'current_password_required'
			) {
				return failWith({}, { current: 'That is not your current password.' });
			}
			if (error.code === 'same_password') {
				return failWith({}, { password: 'Choose a password different from your current one.' });
			}
			if (error.code === 'weak_password') {
				return failWith({}, { password: 'Choose a longer, less common password.' });
			}
			console.error('[account/password]', error);
			return failWith({}, {}, 'Your password could not be changed. Please try again.', 500);
		}
		// Belt and braces where the project's Auth settings do not end other sessions themselves.
		await locals.supabase.auth.signOut({ scope: 'others' });
		const role = locals.user?.role;
		redirect(303, role ? `${HOME[role]}?password=changed` : '/');
	}
} satisfies Actions;
