import type { ActionFailure } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Args, Database } from '$lib/database';
import { failWith, type FormFailure } from '../form';
import { BAD_INPUT_MESSAGE, refusal } from './refusal';
import { sessionEnded } from './session-ended';
import { WRITES, type WriteName, type WriteResult } from './writes';

type Client = SupabaseClient<Database>;

export type Written<T> =
	| { data: T; failure?: never; reason?: never }
	| {
			data?: never;
			failure: ActionFailure<FormFailure>;
			/** Which refusal it was, when the function says (its DETAIL): e.g. `no_account`. */
			reason: string | null;
	  };

/**
 * An action's one database call. Its result is typed by ./writes.ts. A failure comes back as a
 * form failure carrying the form's `values`: a rule break (P0001) or something not found (P0002)
 * with the function's message beside the field its hint names (or above the form without a
 * hint), input the database refuses the same way with a generic message, "not allowed" as 403,
 * anything else logged and generic.
 */
export async function write<F extends WriteName>(
	supabase: Client,
	fn: F,
	args: Args<F>,
	values: Record<string, string>
): Promise<Written<WriteResult<F>>> {
	const { data, error } = await supabase.rpc(fn, args);
	if (error) {
		const r = refusal(fn, error);
		switch (r.kind) {
			case 'signed_out':
				return sessionEnded(supabase);
			case 'forbidden':
				return {
					failure: failWith(values, {}, 'You are not allowed to do that.', 403),
					reason: null
				};
			case 'not_found':
			case 'rule':
				return {
					failure: r.field
						? failWith(values, { [r.field]: r.message }, undefined, r.status)
						: failWith(values, {}, r.message, r.status),
					reason: r.reason
				};
			case 'bad_input':
				return {
					failure: r.field
						? failWith(values, { [r.field]: BAD_INPUT_MESSAGE })
						: failWith(values, {}, BAD_INPUT_MESSAGE),
					reason: null
				};
			case 'unexpected':
				return { failure: failWith(values, {}, SERVER_FAULT, 500), reason: null };
		}
	}
	const schema: z.ZodType<WriteResult<F>> = WRITES[fn];
	const result = schema.safeParse(data);
	if (result.success) return { data: result.data };
	// The change was made, but what it returned is not what the app expects: a bug to log.
	console.error(
		`[rpc ${fn}] returned what its schema does not accept`,
		z.prettifyError(result.error)
	);
	return { failure: failWith(values, {}, SERVER_FAULT, 500), reason: null };
}

const SERVER_FAULT = 'Something went wrong and nothing was changed. Please try again.';
