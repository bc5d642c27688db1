import { error, fail } from '@sveltejs/kit';
import { UnsubscribePage } from '$lib/messages/types';
import { refusal } from '$lib/server/rpc/refusal';
import { createAdminClient } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

/** Tokens are 43 base64url characters (72_message_preferences.sql); anything else is not ours. */
const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * A reminder's one-click unsubscribe link. Opening it (GET) changes nothing, because mail
 * scanners follow links; the button, or a mail provider's RFC 8058 POST, turns reminders off.
 * No session is needed: the token says whose reminders. The server asks with the service role,
 * so tokens cannot be tried through the public API.
 */
export const load = (async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	if (!TOKEN.test(params.token)) return { valid: false, reminders: null };
	const admin = await createAdminClient();
	const { data, error: e } = await admin.rpc('unsubscribe_page', { token: params.token });
	if (e) {
		refusal('unsubscribe_page', e);
		error(500, 'Something went wrong.');
	}
	return UnsubscribePage.parse(data);
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ params }) => {
		if (!TOKEN.test(params.token)) error(404, 'This link is not valid or has expired.');
		const admin = await createAdminClient();
		// Not through write(): that registry is for what a signed-in person may call, and this
		// function is the server's alone (service role).
		const { error: e } = await admin.rpc('unsubscribe', { token: params.token });
		if (e) {
			// The one SQLSTATE table decides: P0002 is a token that is not (or no longer) ours.
			const r = refusal('unsubscribe', e);
			if (r.kind === 'not_found')
				return fail(404, { message: 'This link is not valid or has expired.' });
			return fail(500, {
				message: 'Something went wrong and nothing was changed. Please try again.'
			});
		}
		return { done: true };
	}
} satisfies Actions;
