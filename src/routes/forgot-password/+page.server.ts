import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { siteUrl } from '$lib/server/supabase';
import type { Actions } from './$types';

const Forgot = z.object({ email: fields.email });

export const actions = {
	default: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, Forgot);
		if (failure) return failure;
		const { error } = await locals.supabase.auth.resetPasswordForEmail(data.email, {
			redirectTo: `${siteUrl()}/auth/confirm`
		});
		// Same answer either way, so the form cannot be used to find out who has an account.
		if (error) console.error('[forgot-password]', error);
		return { sent: true, email: data.email };
	}
} satisfies Actions;
