import type { ActionFailure, RequestEvent } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { AppRole, Database } from '$lib/database';
import { failWith, fields, parseForm, type FormFailure } from './form';
import { write } from './rpc';
import { deliverNotifications } from './notifications';
import { createAdminClient } from './supabase';

/**
 * The invited person's sign-in account, made now without a password (as Supabase's own invite
 * did), so the profile exists at once: a family can be enrolled and a facilitator put on a
 * group before they have chosen a password. They choose it at /welcome/<token>, which confirms
 * the account. An account an earlier attempt made is the one to use.
 */
async function ensureAccount(
	person: { email: string; full_name: string },
	values: Record<string, string>
): Promise<{ failure?: ActionFailure<FormFailure> }> {
	const admin = await createAdminClient();
	const { error } = await admin.auth.admin.createUser({
		email: person.email,
		email_confirm: false,
		user_metadata: { full_name: person.full_name }
	});
	if (error && error.code !== 'email_exists') {
		console.error('[invitation account]', error.code);
		return {
			failure: failWith(
				values,
				{},
				'The invitation could not be saved just now. Please try again.',
				502
			)
		};
	}
	return {};
}

/**
 * Invite someone: the database decides, as the signed-in person, whether they may invite that
 * role, records the invitation and queues its email (the app's own link to /welcome/<token>,
 * valid 7 days) in the same transaction. Asking again sends a new link. Used by the People page.
 */
export async function invite(
	supabase: SupabaseClient<Database>,
	person: { email: string; full_name: string; role: AppRole },
	values: Record<string, string>
): Promise<{ failure?: ActionFailure<FormFailure> }> {
	const recorded = await write(supabase, 'invite_person', person, values);
	if (recorded.failure) return { failure: recorded.failure };
	const account = await ensureAccount(person, values);
	if (account.failure) return account;
	await deliverNotifications();
	return {};
}

/**
 * Before enrolling a family with no account: record their invitation for the group (the
 * database checks the signed-in person runs it) and make their account, so they can be given
 * a place. The enrolment then queues the invitation email, which names the group.
 */
export async function inviteForGroup(
	supabase: SupabaseClient<Database>,
	person: { email: string; full_name: string },
	groupId: string,
	values: Record<string, string>
): Promise<{ failure?: ActionFailure<FormFailure> }> {
	const recorded = await write(
		supabase,
		'invite_person',
		{ ...person, role: 'parent', for_group: groupId },
		values
	);
	if (recorded.failure) return { failure: recorded.failure };
	return ensureAccount(person, values);
}

const Invite = z.object({
	full_name: fields.name,
	email: fields.email,
	// No default: the lead chooses (a facilitator sees other families' details).
	role: z.enum(['facilitator', 'parent'], 'Choose whether they will be a facilitator or a parent.')
});

/** The People page's invite form. */
export async function inviteAction({ request, locals }: RequestEvent) {
	const { data, failure } = await parseForm(request, Invite);
	if (failure) return failure;
	const invited = await invite(locals.supabase, data, { ...data });
	if (invited.failure) return invited.failure;
	return { invited: { email: data.email, full_name: data.full_name } };
}

const Resend = z.object({ invitation_id: fields.id() });

/** The People page's Resend: a new link for someone who has not set up their account. */
export async function resendAction({ request, locals }: RequestEvent) {
	const { values, data, failure } = await parseForm(request, Resend);
	if (failure) return failure;
	const sent = await write(locals.supabase, 'resend_invitation', data, values);
	if (sent.failure) return sent.failure;
	await deliverNotifications();
	return { resent: { email: sent.data.email, full_name: sent.data.full_name } };
}
