import type { PostgrestError } from '@supabase/supabase-js';

/**
 * What a failed database call means, by SQLSTATE: the one table behind loads (an error page, or
 * a problem beside the form) and actions (a form failure).
 *
 * - 42501 insufficient privilege: not allowed (403).
 * - P0002 no data found: what was asked for does not exist, or not for this person (404).
 * - P0001 a rule the function checks: its message is for the person, and its hint names the field
 *   (400).
 * - Class 22 (data exceptions: a NUL byte, an impossible date, a number out of range, text too
 *   long) and class 23 (integrity: an id that does not exist, a check the row fails): the input
 *   was at fault; the forms check first, these are the backstop (400, the field if hinted).
 * - 28000 invalid authorization: the caller's session has ended (signed out elsewhere, password
 *   changed, too old or idle) though its access token has not expired yet; the database refuses
 *   it before any function runs (supabase/schemas/11_session_check.sql). The person is signed
 *   out and sent to sign in again (./session-ended.ts), never shown an error.
 * - Anything else is the server's fault: logged here, and a generic message (500).
 *
 * A function that needs the app to tell two of its refusals apart says which in the error's
 * DETAIL (`reason`, e.g. `no_account`), never in words the app would have to match.
 */
export type Refusal =
	| { kind: 'forbidden'; status: 403 }
	| { kind: 'signed_out'; status: 401 }
	| { kind: 'not_found'; status: 404; message: string; field: string | null; reason: string | null }
	| { kind: 'rule'; status: 400; message: string; field: string | null; reason: string | null }
	| { kind: 'bad_input'; status: 400; field: string | null }
	| { kind: 'unexpected'; status: 500 };

export function refusal(fn: string, e: PostgrestError): Refusal {
	const field = e.hint || null;
	const reason = e.details || null;
	if (e.code === '42501') return { kind: 'forbidden', status: 403 };
	if (e.code === '28000') return { kind: 'signed_out', status: 401 };
	if (e.code === 'P0002')
		return { kind: 'not_found', status: 404, message: e.message, field, reason };
	if (e.code === 'P0001') return { kind: 'rule', status: 400, message: e.message, field, reason };
	if (isBadInput(e.code)) {
		console.warn(`[rpc ${fn}] rejected input`, e);
		return { kind: 'bad_input', status: 400, field };
	}
	console.error(`[rpc ${fn}]`, e);
	return { kind: 'unexpected', status: 500 };
}

/** SQLSTATE classes 22 and 23: the input was at fault, not the server. */
function isBadInput(code: string | undefined): boolean {
	return !!code && (code.startsWith('22') || code.startsWith('23'));
}

/** Said when the database refused the input itself rather than a rule about it. */
export const BAD_INPUT_MESSAGE = 'Some of the details are not valid. Please check them.';
