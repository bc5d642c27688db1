import { redirect } from '@sveltejs/kit';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { failWith, fields, parseForm } from '$lib/server/form';
import { isAppRole, landingFor, safeNext } from '$lib/server/session';
import { startSessionClock } from '$lib/server/session-activity';
import { createAdminClient, secureCookies } from '$lib/server/supabase';
import { linkState, setUpAccount, stateMessage } from '$lib/server/welcome';
import type { Actions, PageServerLoad } from './$types';

const Welcome = z
	.object({
		full_name: fields.name,
		password: fields.newPassword,
		confirm: z.string(),
		next: z.string().optional()
	})
	.refine((v) => v.password === v.confirm, {
		message: 'The two passwords do not match.',
		path: ['confirm']
	});

/**
 * An invitation link. Opening it changes nothing (mail scanners open links); choosing a
 * password uses it. `next` (an offer's page) is where they land afterwards.
 */
export const load = (async ({ params, url }) => {
	const link = await linkState(await createAdminClient(), params.token);
	const next = safeNext(url.searchParams.get('next'), url.origin) ?? '';
	if (link.status !== 'valid') {
		return { status: link.status, message: stateMessage(link.status), next };
	}
	return {
		status: link.status,
		email: link.email,
		full_name: link.full_name,
		next
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, params, locals, cookies, url }) => {
		const { data, failure, values } = await parseForm(request, Welcome);
		if (failure) return failure;
		const admin = await createAdminClient();
		const done = await setUpAccount(admin, params.token, data.full_name, data.password);
		if (!done.ok) {
			return failWith(
				values,
				done.field ? { [done.field]: done.message } : {},
				done.field ? undefined : done.message
			);
		}
		const { data: signedIn, error } = await locals.supabase.auth.signInWithPassword({
			email: done.email,
			password: data.password
		});
		if (error || !signedIn.session) {
			console.error('[welcome] sign-in after set-up', error);
			redirect(303, '/signin');
		}
		await startSessionClock(cookies, signedIn.session.access_token, secureCookies(url));
		const role = decodeJwt(signedIn.session.access_token).user_role;
		if (!isAppRole(role)) redirect(303, '/signin');
		redirect(303, landingFor(role, safeNext(data.next, url.origin)));
	}
} satisfies Actions;
