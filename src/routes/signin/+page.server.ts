import { redirect } from '@sveltejs/kit';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/database';
import { failWith, fields, parseForm } from '$lib/server/form';
import { signInWithLimits, UNAVAILABLE } from '$lib/server/sign-in-limits';
import { isAppRole, landingFor, safeNext } from '$lib/server/session';
import { startSessionClock } from '$lib/server/session-activity';
import { createAdminClient, secureCookies } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

const SignIn = z.object({
	email: fields.email,
	password: z.string().min(1, 'Enter your password.'),
	next: z.string().optional()
});

export const load = (({ locals, url }) => {
	const role = locals.user?.role;
	const next = safeNext(url.searchParams.get('next'), url.origin);
	if (role) redirect(303, landingFor(role, next));
	return { next: next ?? '', ended: url.searchParams.get('ended') === '1' };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, cookies, url, getClientAddress }) => {
		const { data, failure } = await parseForm(request, SignIn);
		if (failure) return failure;
		const values = { email: data.email, next: data.next ?? '' };
		let address: string;
		let admin: SupabaseClient<Database>;
		try {
			// Behind a proxy this needs ADDRESS_HEADER/XFF_DEPTH (README), else it throws or
			// gives every user the proxy's address.
			address = getClientAddress();
			admin = await createAdminClient();
		} catch (e) {
			console.error('[signin]', e);
			return failWith(values, {}, UNAVAILABLE, 503);
		}
		const result = await signInWithLimits(
			{ supabase: locals.supabase, admin },
			{ email: data.email, password: data.password, address }
		);
		if (!result.ok) return failWith(values, {}, result.message, result.status);
		// The token has just come from the Auth server, so its claims can be read directly.
		const role = decodeJwt(result.session.access_token).user_role;
		if (!isAppRole(role)) {
			await locals.supabase.auth.signOut();
			return failWith(
				{ email: data.email },
				{},
				'Your account has not been given access yet. Please contact the clinical lead.',
				403
			);
		}
		await startSessionClock(cookies, result.session.access_token, secureCookies(url));
		redirect(303, landingFor(role, safeNext(data.next, url.origin)));
	}
} satisfies Actions;
