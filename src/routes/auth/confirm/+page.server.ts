import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { failWith, parseForm } from '$lib/server/form';
import { startSessionClock } from '$lib/server/session-activity';
import { secureCookies } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

const Confirm = z.object({
	token_hash: z.string().min(10, 'This link is incomplete.').max(200),
	type: z.enum(['invite', 'recovery'], 'This link is not one we recognise.')
});

/**
 * Emailed links land here. The link itself changes nothing: mail scanners open links, and a
 * single-use token must not be spent by them. The person presses Continue, which verifies it.
 */
export const load = (({ url }) => {
	const type = url.searchParams.get('type');
	return {
		token_hash: url.searchParams.get('token_hash') ?? '',
		type: type === 'recovery' ? ('recovery' as const) : ('invite' as const)
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, cookies, url }) => {
		const { data, failure } = await parseForm(request, Confirm);
		if (failure) return failure;
		const { data: verified, error } = await locals.supabase.auth.verifyOtp({
			token_hash: data.token_hash,
			type: data.type
		});
		if (error || !verified.session) {
			return failWith(
				{},
				{},
				'This link has expired or has already been used. Ask for a new one below.'
			);
		}
		await startSessionClock(cookies, verified.session.access_token, secureCookies(url));
		redirect(303, `/account/password?welcome=${data.type}`);
	}
} satisfies Actions;
