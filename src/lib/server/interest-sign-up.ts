import type { ActionFailure } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/database';
import type { CaringRole } from '$lib/public/labels';
import { failWith, type FormFailure } from './form';
import { BAD_INPUT_MESSAGE, refusal } from './rpc/refusal';

export interface SignUp {
	full_name: string;
	email: string;
	phone: string;
	caring_role: CaringRole;
	area: string;
	note: string;
}

/** Said when the server cannot reach the database, or the sign-up went wrong on our side. */
export const SIGN_UP_FAILED =
	'Sorry, something went wrong and your details were not sent. Please try again, or contact the clinic.';

/**
 * Put a family on the interest list from the public form, through the one function only the
 * server may call (with the service key), so the client address the rate limit counts is the one
 * SvelteKit saw, not one a caller made up. The database's refusals come back as form failures:
 * too many from one address (429), a field it refused (400), anything else logged (500).
 */
export async function askAboutNextGroup(
	admin: SupabaseClient<Database>,
	form: SignUp,
	address: string,
	values: Record<string, string>
): Promise<ActionFailure<FormFailure> | null> {
	const { error } = await admin.rpc('ask_about_next_group', {
		full_name: form.full_name,
		email: form.email,
		phone: form.phone,
		caring_role: form.caring_role,
		area: form.area,
		note: form.note,
		consent: true,
		client_address: address
	});
	if (!error) return null;
	const r = refusal('ask_about_next_group', error);
	switch (r.kind) {
		case 'rule':
			if (r.reason === 'rate_limited') return failWith(values, {}, r.message, 429);
			return r.field ? failWith(values, { [r.field]: r.message }) : failWith(values, {}, r.message);
		case 'bad_input':
			return r.field
				? failWith(values, { [r.field]: BAD_INPUT_MESSAGE })
				: failWith(values, {}, BAD_INPUT_MESSAGE);
		case 'forbidden':
			// The service key is wrong: the server's fault, not the family's.
			console.error('[ask_about_next_group] refused the service role');
			return failWith(values, {}, SIGN_UP_FAILED, 500);
		default:
			return failWith(values, {}, SIGN_UP_FAILED, 500);
	}
}
