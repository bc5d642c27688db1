import { error } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import type { z } from 'zod';
import type { Database } from '$lib/database';
import { BAD_INPUT_MESSAGE, refusal } from '../rpc/refusal';
import { createAdminClient } from '../supabase';

type Admin = SupabaseClient<Database>;

/** What a public booking call came to: its result, or the refusal as a message and field. */
export type Outcome<T> =
	| { data: T; problem?: never }
	| {
			data?: never;
			problem: { message: string; field: string | null; reason: string | null; status: number };
	  };

/** Said when the server cannot reach the database, or something went wrong on our side. */
export const BOOKING_FAILED =
	'Sorry, something went wrong and nothing was booked. Please try again, or contact us.';

/**
 * The public booking functions are granted to the service role only (the rate limit must count
 * the address SvelteKit saw, not one a caller made up), so the server calls them with the service
 * key. Each result is parsed with its schema; a refusal comes back as a message for the form.
 */
export async function callPublic<T>(
	fn:
		| 'book_course'
		| 'course_booking_form'
		| 'course_booked'
		| 'join_course_waitlist'
		| 'quote_booking',
	args: Record<string, unknown>,
	schema: z.ZodType<T>
): Promise<Outcome<T>> {
	let admin: Admin;
	try {
		admin = await createAdminClient();
	} catch (e) {
		console.error(`[${fn}]`, e);
		return { problem: { message: BOOKING_FAILED, field: null, reason: null, status: 503 } };
	}
	const { data, error: e } = await (admin as unknown as SupabaseClient).rpc(fn, args);
	if (e) {
		const r = refusal(fn, e);
		switch (r.kind) {
			case 'rule':
			case 'not_found':
				return {
					problem: { message: r.message, field: r.field, reason: r.reason, status: r.status }
				};
			case 'bad_input':
				return {
					problem: { message: BAD_INPUT_MESSAGE, field: r.field, reason: null, status: 400 }
				};
			default:
				return { problem: { message: BOOKING_FAILED, field: null, reason: null, status: 500 } };
		}
	}
	const parsed = schema.safeParse(data);
	if (!parsed.success) {
		console.error(`[${fn}] returned what its schema does not accept`, parsed.error);
		return { problem: { message: BOOKING_FAILED, field: null, reason: null, status: 500 } };
	}
	return { data: parsed.data };
}

/** A page's load through callPublic: a refusal is an error page (404 for no such course). */
export async function loadPublic<T>(
	fn: 'course_booking_form' | 'course_booked',
	args: Record<string, unknown>,
	schema: z.ZodType<T>
): Promise<T> {
	const r = await callPublic(fn, args, schema);
	if (r.problem) error(r.problem.status === 400 ? 400 : r.problem.status, r.problem.message);
	return r.data;
}
