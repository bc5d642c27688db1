import { error } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { Database } from '$lib/database.types';

type Fn = keyof Database['public']['Functions'];

/**
 * A page's one database call: the function returns the whole view model. Permission errors
 * become a 403 page; anything else is logged here and shown as a generic error.
 */
export async function loadView<T>(
	supabase: SupabaseClient<Database>,
	fn: Fn,
	args: Record<string, unknown> = {}
): Promise<T> {
	const { data, error: e } = await supabase.rpc(fn, args as never);
	if (e) {
		if (e.code === '42501') error(403, 'You do not have access to this page.');
		if (e.code === 'P0002') error(404, e.message);
		console.error(`[rpc ${fn}]`, e);
		error(500, 'Something went wrong.');
	}
	return data as T;
}
