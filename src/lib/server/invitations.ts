import type { ActionFailure, RequestEvent } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { AppRole, Database } from '$lib/database';
import { failWith, fields, parseForm, type FormFailure } from './form';
import { write } from './rpc';
import { createAdminClient, siteUrl } from './supabase';

/**
 * Invite someone: the database decides, as the signed-in person, whether they may invite that
 * role and records the invitation (asking again re-sends the same one); only then does the
 * server ask Auth to send the email. Used by the People page and by enrolling a new family.
 */
export async function invite(
	supabase: SupabaseClient<Database>,
	person: { email: string; full_name: string; role: AppRole },
	values: Record<string, string>
): Promise<{ failure?: ActionFailure<FormFailure> }> {
	const recorded = await write(supabase, 'invite_person', person, values);
	if (recorded.failure) return { failure: recorded.failure };
	const admin = await createAdminClient();
	const { error } = await admin.auth.admin.inviteUserByEmail(person.email, {
		redirectTo: `${siteUrl()}/auth/confirm`
	});
	if (error) {
		console.error('[invite email]', error);
		return {
			failure: failWith(
				values,
				{},
				'The invitation was saved but the email could not be sent. Please try again.',
				502
			)
		};
	}
	return {};
}

const Invite = z.object({
	full_name: fields.name,
	email: fields.email,
	role: z.enum(['facilitator', 'parent'], 'Choose what they will do.')
});

/** The People page's invite form. */
export async function inviteAction({ request, locals }: RequestEvent) {
	const { data, failure } = await parseForm(request, Invite);
	if (failure) return failure;
	const invited = await invite(locals.supabase, data, { ...data });
	if (invited.failure) return invited.failure;
	return { invited: { email: data.email, full_name: data.full_name } };
}
