import { redirect } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * The database refused the caller's token because its session has ended (signed out on another
 * device, the password changed, too old or idle): the token checked out locally, so only the
 * database knows. Sign out here too (the session cookies go) and send the person to sign in
 * again, back to where they were, with "your session ended" shown: never an error page.
 */
export async function sessionEnded(supabase: SupabaseClient): Promise<never> {
	await supabase.auth.signOut({ scope: 'local' });
	const { url, request } = getRequestEvent();
	// After a form post, come back to the page the form was on, not to the action's address.
	const next = request.method === 'GET' ? url.pathname + url.search : url.pathname;
	redirect(303, `/signin?next=${encodeURIComponent(next)}&ended=1`);
}
