import type { SupabaseClient, PostgrestError } from '@supabase/supabase-js';
import type { Database } from '$lib/database.types';
import { failWith, type FormFailure } from './form';
import { BAD_INPUT_MESSAGE, isBadInput } from './rpc';
import type { ActionFailure } from '@sveltejs/kit';

type Client = SupabaseClient<Database>;

/**
 * Call a write function. Rule breaks (P0001) come back as a form failure on the field the
 * database named in its hint; input the database refuses (class 22/23) as a 400 the same way;
 * "not allowed" as 403; anything else is logged and generic.
 */
export async function callWrite<T = unknown>(
	supabase: Client,
	fn: string,
	args: Record<string, unknown>,
	values: Record<string, string>
): Promise<{ data: T; failure?: never } | { data?: never; failure: ActionFailure<FormFailure> }> {
	const { data, error } = await supabase.rpc(fn as never, args as never);
	if (!error) return { data: data as T };
	return { failure: failureFor(error, values, fn) };
}

export function failureFor(error: PostgrestError, values: Record<string, string>, fn: string) {
	if (error.code === 'P0001' || error.code === 'P0002') {
		return error.hint
			? failWith(values, { [error.hint]: error.message })
			: failWith(values, {}, error.message);
	}
	if (error.code === '42501') return failWith(values, {}, 'You are not allowed to do that.', 403);
	if (isBadInput(error.code)) {
		console.warn(`[rpc ${fn}] rejected input`, error);
		return error.hint
			? failWith(values, { [error.hint]: BAD_INPUT_MESSAGE })
			: failWith(values, {}, BAD_INPUT_MESSAGE);
	}
	console.error(`[rpc ${fn}]`, error);
	return failWith(
		values,
		{},
		'Something went wrong and nothing was changed. Please try again.',
		500
	);
}
