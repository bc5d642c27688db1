import { error } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/database.types';

type Fn = keyof Database['public']['Functions'];

/**
 * SQLSTATEs that mean the input was at fault, not the server: class 22 (data exceptions: a NUL
 * byte, an impossible date, a number out of range, text too long) and class 23 (integrity: an id
 * that does not exist, a check the row fails). The forms check first; these are the backstop.
 */
export function isBadInput(code: string | undefined): boolean {
	return !!code && (code.startsWith('22') || code.startsWith('23'));
}

/** Said when the database refused the input itself rather than a rule about it. */
export const BAD_INPUT_MESSAGE = 'Some of the details are not valid. Please check them.';

/** What the person asked for breaks a rule the function checks: its message, and which field. */
export interface Problem {
	message: string;
	field: string | null;
}

/**
 * A page's one database call, for pages whose query string the person chose (a report's dates,
 * say): a rule break (P0001) or input the database refuses (class 22/23) comes back as a
 * `problem` to show beside the form, not an error page. Otherwise as loadView.
 */
export async function loadViewOrProblem<T>(
	supabase: SupabaseClient<Database>,
	fn: Fn,
	args: Record<string, unknown> = {}
): Promise<{ view: T; problem: null } | { view: null; problem: Problem }> {
	const { data, error: e } = await supabase.rpc(fn, args as never);
	if (e) {
		if (e.code === 'P0001')
			return { view: null, problem: { message: e.message, field: e.hint || null } };
		if (isBadInput(e.code)) {
			console.warn(`[rpc ${fn}] rejected input`, e);
			return { view: null, problem: { message: BAD_INPUT_MESSAGE, field: e.hint || null } };
		}
		fail(fn, e);
	}
	return { view: data as T, problem: null };
}

/**
 * A page's one database call: the function returns the whole view model. Permission errors
 * become a 403 page, a rule break a 400 page with the function's message, input the database
 * refuses a 400 page; anything else is logged here and shown as a generic error.
 */
export async function loadView<T>(
	supabase: SupabaseClient<Database>,
	fn: Fn,
	args: Record<string, unknown> = {}
): Promise<T> {
	const { data, error: e } = await supabase.rpc(fn, args as never);
	if (e) fail(fn, e);
	return data as T;
}

function fail(fn: Fn, e: { code: string; message: string }): never {
	if (e.code === '42501') error(403, 'You do not have access to this page.');
	if (e.code === 'P0002') error(404, e.message);
	if (e.code === 'P0001') error(400, e.message);
	if (isBadInput(e.code)) {
		console.warn(`[rpc ${fn}] rejected input`, e);
		error(400, 'Some of the details in the address are not valid.');
	}
	console.error(`[rpc ${fn}]`, e);
	error(500, 'Something went wrong.');
}
