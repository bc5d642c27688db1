import type { Session, SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Database } from '$lib/database';

/**
 * Password sign-in with the limits kept in SQL (supabase/migrations/*_sign_in_limits.sql), so
 * they hold on every Supabase plan: the attempt is counted before the password is tried and its
 * outcome recorded afterwards, through functions only the service role may call. Every answer
 * is the same for an email with an account and one without.
 */

export const WRONG_PASSWORD =
	'That email and password do not match an account. Check them and try again.';
/** Also the password verification hook's message (private.sign_in_decision). */
export const TOO_MANY_ATTEMPTS =
	'Too many failed sign-in attempts. Please wait 15 minutes before you try again, ' +
	'or reset your password if you have forgotten it.';
export const UNAVAILABLE = 'We could not sign you in just now. Please try again in a few minutes.';

/**
 * A refusal never answers sooner than this after the attempt began. Hosted Supabase Auth skips
 * the password hash for an unknown email (supabase/auth#2674), so without a floor its quicker
 * "no" would tell which emails have accounts.
 */
export const REFUSAL_FLOOR_MS = 500;

export type SignInResult =
	{ ok: true; session: Session } | { ok: false; status: 400 | 429 | 503; message: string };

interface Clients {
	/** The request's client: a session it gets is kept in the request's cookies. */
	supabase: SupabaseClient<Database>;
	/** The service-role client, the only one allowed to call the limit functions. */
	admin: SupabaseClient<Database>;
}

interface Attempt {
	email: string;
	password: string;
	/** The client address (event.getClientAddress()). */
	address: string;
}

const Started = z.object({ allowed: z.boolean() });
const Finished = z.object({ limited: z.boolean() });

type Outcome = 'succeeded' | 'failed' | 'not_tried';

function wait(ms: number): Promise<void> {
	return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export async function signInWithLimits(
	{ supabase, admin }: Clients,
	{ email, password, address }: Attempt,
	{ refusalFloorMs = REFUSAL_FLOOR_MS }: { refusalFloorMs?: number } = {}
): Promise<SignInResult> {
	const began = performance.now();
	const refuse = async (status: 400 | 429 | 503, message: string): Promise<SignInResult> => {
		await wait(refusalFloorMs - (performance.now() - began));
		return { ok: false, status, message };
	};

	const start = await admin.rpc('start_sign_in_attempt', { email, address });
	const started = Started.safeParse(start.data);
	if (start.error || !started.success) {
		// Without the count there is no limit, so no password is tried.
		console.error('[signin] start_sign_in_attempt', start.error ?? start.data);
		return refuse(503, UNAVAILABLE);
	}
	if (!started.data.allowed) return refuse(429, TOO_MANY_ATTEMPTS);

	const { data, error } = await supabase.auth.signInWithPassword({ email, password });
	// invalid_credentials is also what the verification hook's refusal comes as.
	const outcome: Outcome =
		!error && data.session
			? 'succeeded'
			: error?.code === 'invalid_credentials'
				? 'failed'
				: 'not_tried';
	const finish = await admin.rpc('finish_sign_in_attempt', { email, address, outcome });
	const finished = Finished.safeParse(finish.data);
	if (finish.error || !finished.success) {
		console.error('[signin] finish_sign_in_attempt', finish.error ?? finish.data);
	}

	if (outcome === 'succeeded' && data.session) return { ok: true, session: data.session };
	if (outcome === 'failed') {
		return finished.success && finished.data.limited
			? refuse(429, TOO_MANY_ATTEMPTS)
			: refuse(400, WRONG_PASSWORD);
	}
	// The Auth server answered without judging the password: its own rate limit, an outage, or
	// an account it will not sign in. None of these may say whether the account exists.
	console.error('[signin]', error);
	if (error?.status === 429) return refuse(429, TOO_MANY_ATTEMPTS);
	if (!error?.status || error.status >= 500) return refuse(503, UNAVAILABLE);
	return refuse(400, WRONG_PASSWORD);
}
