import { error } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Args, Database } from '$lib/database';
import { BAD_INPUT_MESSAGE, refusal, type Refusal } from './refusal';
import { sessionEnded } from './session-ended';
import { VIEWS, type ViewModel, type ViewName } from './views';

type Client = SupabaseClient<Database>;
/** A function without arguments is called without them. */
type ArgsOf<F extends ViewName> =
	Args<F> extends Record<PropertyKey, never> ? [args?: Args<F>] : [args: Args<F>];

/** What the person asked for breaks a rule the function checks: its message, and which field. */
export interface Problem {
	message: string;
	field: string | null;
}

/**
 * A page's one database call: the function returns the whole view model, parsed by its schema
 * (./views.ts) and typed by it. Not allowed is a 403 page, not found a 404 page, a rule break a
 * 400 page with the function's message, input the database refuses a 400 page; anything else is
 * logged and a generic error page, and so is a view model its schema does not accept.
 */
export async function view<F extends ViewName>(
	supabase: Client,
	fn: F,
	...[args]: ArgsOf<F>
): Promise<ViewModel<F>> {
	const { data, error: e } = await supabase.rpc(fn, args);
	if (e) {
		const r = refusal(fn, e);
		if (r.kind === 'signed_out') return sessionEnded(supabase);
		errorPage(r);
	}
	return parsed(fn, data);
}

/**
 * As `view`, for pages whose query string the person chose (a report's dates, say): a rule break
 * or input the database refuses comes back as a `problem` to show beside the form, not an
 * error page.
 */
export async function viewOrProblem<F extends ViewName>(
	supabase: Client,
	fn: F,
	...[args]: ArgsOf<F>
): Promise<{ view: ViewModel<F>; problem: null } | { view: null; problem: Problem }> {
	const { data, error: e } = await supabase.rpc(fn, args);
	if (!e) return { view: parsed(fn, data), problem: null };
	const r = refusal(fn, e);
	if (r.kind === 'signed_out') return sessionEnded(supabase);
	if (r.kind === 'rule') return { view: null, problem: { message: r.message, field: r.field } };
	if (r.kind === 'bad_input') {
		return { view: null, problem: { message: BAD_INPUT_MESSAGE, field: r.field } };
	}
	errorPage(r);
}

function errorPage(r: Refusal): never {
	switch (r.kind) {
		case 'forbidden':
		case 'signed_out':
			return error(403, 'You do not have access to this page.');
		case 'not_found':
			return error(404, r.message);
		case 'rule':
			return error(400, r.message);
		case 'bad_input':
			return error(400, 'Some of the details in the address are not valid.');
		case 'unexpected':
			return error(500, 'Something went wrong.');
	}
}

function parsed<F extends ViewName>(fn: F, data: unknown): ViewModel<F> {
	const schema: z.ZodType<ViewModel<F>> = VIEWS[fn];
	const result = schema.safeParse(data);
	if (result.success) return result.data;
	// The SQL and its schema disagree: a bug the contract test should have caught.
	console.error(
		`[rpc ${fn}] returned what its schema does not accept`,
		z.prettifyError(result.error)
	);
	error(500, 'Something went wrong.');
}
