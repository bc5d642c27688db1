import { redirect } from '@sveltejs/kit';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { failWith, fields, parseForm } from '$lib/server/form';
import { HOME, isAppRole, safeNext } from '$lib/server/session';
import { startSessionClock } from '$lib/server/session-activity';
import { secureCookies } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

const SignIn = z.object({
	email: fields.email,
	password: z.string().min(1, 'Enter your password.'),
	next: z.string().optional()
});

export const load = (({ locals, url }) => {
	const role = locals.user?.role;
	const next = safeNext(url.searchParams.get('next'), url.origin);
	if (role) redirect(303, next ?? HOME[role]);
	return { next: next ?? '', ended: url.searchParams.get('ended') === '1' };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, cookies, url }) => {
		const { data, failure } = await parseForm(request, SignIn);
		if (failure) return failure;
		const { data: auth, error } = await locals.supabase.auth.signInWithPassword({
			email: data.email,
			password: data.password
		});
		if (error || !auth.session) {
			if (error?.message && /too many/i.test(error.message)) {
				return failWith({ email: data.email, next: data.next ?? '' }, {}, error.message, 429);
			}
			if (error && error.code !== 'invalid_credentials') console.error('[signin]', error);
			return failWith(
				{ email: data.email, next: data.next ?? '' },
				{},
				'That email and password do not match an account. Check them and try again.'
			);
		}
		// The token has just come from the Auth server, so its claims can be read directly.
		const role = decodeJwt(auth.session.access_token).user_role;
		if (!isAppRole(role)) {
			await locals.supabase.auth.signOut();
			return failWith(
				{ email: data.email },
				{},
				'Your account has not been given access yet. Please contact the clinical lead.',
				403
			);
		}
		await startSessionClock(cookies, auth.session.access_token, secureCookies(url));
		const next = safeNext(data.next, url.origin);
		redirect(303, next && next !== '/' ? next : HOME[role]);
	}
} satisfies Actions;
