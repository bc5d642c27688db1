import type { RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import type { AppRole } from '$lib/database.types';
import { failWith, fields, parseForm } from './form';
import { BAD_INPUT_MESSAGE, isBadInput } from './rpc';
import { createAdminClient, siteUrl } from './supabase';

const Invite = z.object({
	full_name: fields.name,
	email: fields.email,
	role: z.enum(['facilitator', 'parent'], 'Choose what they will do.')
});

/**
 * Invite someone. The database decides, as the signed-in person, whether they may invite that
 * role and records the invitation; only then does the server ask Auth to send the email.
 */
export async function inviteAction({ request, locals }: RequestEvent) {
	const { data, failure } = await parseForm(request, Invite);
	if (failure) return failure;
	const values = { full_name: data.full_name, email: data.email, role: data.role };
	const { error } = await locals.supabase.rpc('invite_person', {
		email: data.email,
		full_name: data.full_name,
		role: data.role as AppRole
	});
	if (error) {
		if (error.code === 'P0001') return failWith(values, { [error.hint || 'email']: error.message });
		if (error.code === '42501')
			return failWith(values, {}, 'You cannot invite someone as that role.', 403);
		if (isBadInput(error.code)) {
			console.warn('[invite_person] rejected input', error);
			return error.hint
				? failWith(values, { [error.hint]: BAD_INPUT_MESSAGE })
				: failWith(values, {}, BAD_INPUT_MESSAGE);
		}
		console.error('[invite_person]', error);
		return failWith(values, {}, 'The invitation could not be sent. Please try again.', 500);
	}
	const admin = await createAdminClient();
	const { error: mailError } = await admin.auth.admin.inviteUserByEmail(data.email, {
		redirectTo: `${siteUrl()}/auth/confirm`
	});
	if (mailError) {
		console.error('[invite email]', mailError);
		return failWith(values, {}, 'The invitation was saved but the email could not be sent.', 502);
	}
	return { invited: { email: data.email, full_name: data.full_name } };
}
