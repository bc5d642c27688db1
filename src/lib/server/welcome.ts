import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Database } from '$lib/database';
import { refusal } from './rpc/refusal';

/**
 * The app's own invitation links (supabase/schemas/10_identity.sql): /welcome/<token>, where the
 * invited person chooses a password. Only the service role may read or use a link, so these run
 * with the admin client; the token is never stored, only its hash.
 */

/** What public.invitation_by_token returns, checked rather than trusted. */
const LinkState = z.discriminatedUnion('status', [
	z.object({
		status: z.literal('valid'),
		email: z.string(),
		full_name: z.string(),
		role: z.string(),
		expires_at: z.string(),
		user_id: z.string().nullable()
	}),
	z.object({ status: z.enum(['expired', 'used', 'unknown']) })
]);
export type LinkState = z.infer<typeof LinkState>;

/** What a token looks like (64 hex characters); anything else is not looked up. */
export function isToken(token: string): boolean {
	return /^[0-9a-f]{64}$/.test(token);
}

export async function linkState(
	admin: SupabaseClient<Database>,
	token: string
): Promise<LinkState> {
	if (!isToken(token)) return { status: 'unknown' };
	const { data, error } = await admin.rpc('invitation_by_token', { token });
	if (error) {
		refusal('invitation_by_token', error);
		throw new Error('invitation_by_token failed');
	}
	return LinkState.parse(data);
}

export type SetUpResult =
	{ ok: true; email: string } | { ok: false; field?: 'password' | 'full_name'; message: string };

/**
 * Set up the account an invitation is for: create the sign-in account with its password (or,
 * for a family made an account when they were enrolled, give it the password), confirmed, then
 * spend the link and keep their name. Auth refusing the password leaves the link usable.
 */
export async function setUpAccount(
	admin: SupabaseClient<Database>,
	token: string,
	fullName: string,
	password: string
): Promise<SetUpResult> {
	const link = await linkState(admin, token);
	if (link.status !== 'valid') return { ok: false, message: stateMessage(link.status) };
	const auth = link.user_id
		? await admin.auth.admin.updateUserById(link.user_id, { password, email_confirm: true })
		: await admin.auth.admin.createUser({
				email: link.email,
				password,
				email_confirm: true,
				user_metadata: { full_name: fullName }
			});
	if (auth.error) {
		if (auth.error.code === 'weak_password') {
			return { ok: false, field: 'password', message: 'Choose a longer, less common password.' };
		}
		if (auth.error.code === 'email_exists') return { ok: false, message: stateMessage('used') };
		throw new Error(`welcome: ${auth.error.code} ${auth.error.message}`);
	}
	const { error } = await admin.rpc('accept_invitation', { token, full_name: fullName });
	if (error) {
		// The one SQLSTATE table: a rule about the name is the name's; any other rule means the
		// link was spent meanwhile; anything else is the server's fault (logged there).
		const r = refusal('accept_invitation', error);
		if (r.kind === 'rule' && r.field === 'full_name')
			return { ok: false, field: 'full_name', message: r.message };
		if (r.kind === 'rule') return { ok: false, message: stateMessage('used') };
		throw new Error('accept_invitation failed');
	}
	return { ok: true, email: link.email };
}

/** What an unusable link says: plainly, with what to do next. */
export function stateMessage(status: 'expired' | 'used' | 'unknown'): string {
	switch (status) {
		case 'expired':
			return 'This invitation link has expired: links work for 7 days. Ask the person who invited you, or the clinic, to send a new one.';
		case 'used':
			return 'This invitation link has already been used to set up an account. Sign in with your email address and password, or ask the clinic to send a new link.';
		default:
			return 'This invitation link is not valid. It may have been replaced by a newer one: use the link in the most recent email, or ask the clinic to send a new one.';
	}
}
