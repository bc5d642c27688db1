import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SessionLimits } from './session-limits';

/**
 * The server's own record of when a session started and was last used, kept in a cookie it
 * signs, because neither Supabase's access token nor its refresh cycle (hourly) can tell twelve
 * idle hours from one. Bound to the session id, so it cannot be moved to another session.
 */
export const ACTIVITY_COOKIE = 'rg-activity';

/** Rewrite the cookie at most this often, not on every request. */
export const TOUCH_SECONDS = 60;

export interface Activity {
	startedAt: number;
	seenAt: number;
}

function mac(secret: string, sessionId: string, startedAt: number, seenAt: number): string {
	return createHmac('sha256', `rg-activity:${secret}`)
		.update(`${sessionId}.${startedAt}.${seenAt}`)
		.digest('base64url');
}

export function signActivity(secret: string, sessionId: string, a: Activity): string {
	return `${a.startedAt}.${a.seenAt}.${mac(secret, sessionId, a.startedAt, a.seenAt)}`;
}

/** The activity in a cookie, or null when it is missing, malformed, forged or for another session. */
export function readActivity(
	secret: string,
	sessionId: string,
	value: string | undefined
): Activity | null {
	const match = /^(\d{1,12})\.(\d{1,12})\.([\w-]{43})$/.exec(value ?? '');
	if (!match) return null;
	const startedAt = Number(match[1]);
	const seenAt = Number(match[2]);
	const given = Buffer.from(match[3] ?? '');
	const expected = Buffer.from(mac(secret, sessionId, startedAt, seenAt));
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
	return { startedAt, seenAt };
}

export type Verdict = 'live' | 'idle' | 'too-old' | 'unknown';

/** Whether a session may go on at `now` (seconds), given its recorded activity. */
export function judgeSession(
	activity: Activity | null,
	now: number,
	limits: SessionLimits
): Verdict {
	if (!activity) return 'unknown';
	if (now - activity.startedAt > limits.maxSeconds) return 'too-old';
	if (now - activity.seenAt > limits.idleSeconds) return 'idle';
	return 'live';
}
