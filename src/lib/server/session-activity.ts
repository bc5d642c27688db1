import type { Cookies } from '@sveltejs/kit';
import { decodeJwt } from 'jose';
import {
	ACTIVITY_COOKIE,
	TOUCH_SECONDS,
	judgeSession,
	readActivity,
	signActivity,
	type Verdict
} from './activity';
import { sessionLimits } from './session-limits';
import { cookieOptions, serverSecret } from './supabase';

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Start the clock on a session that has just been created (sign-in, emailed link). */
export async function startSessionClock(
	cookies: Cookies,
	accessToken: string,
	secure: boolean
): Promise<void> {
	const sessionId = String(decodeJwt(accessToken).session_id ?? '');
	const now = nowSeconds();
	const value = signActivity(await serverSecret(), sessionId, { startedAt: now, seenAt: now });
	cookies.set(ACTIVITY_COOKIE, value, {
		...cookieOptions(secure),
		maxAge: sessionLimits().idleSeconds
	});
}

/**
 * Whether the session may go on; if so, record that it was used now (at most once a minute).
 * A session with no clock of its own (started before this check existed, or the cookie was
 * tampered with) is treated as ended, so the check fails closed.
 */
export async function touchSession(
	cookies: Cookies,
	sessionId: string,
	secure: boolean
): Promise<Verdict> {
	const secret = await serverSecret();
	const limits = sessionLimits();
	const now = nowSeconds();
	const activity = readActivity(secret, sessionId, cookies.get(ACTIVITY_COOKIE));
	const verdict = judgeSession(activity, now, limits);
	if (verdict !== 'live' || !activity) {
		cookies.delete(ACTIVITY_COOKIE, { path: '/' });
		return verdict;
	}
	if (now - activity.seenAt >= TOUCH_SECONDS) {
		cookies.set(ACTIVITY_COOKIE, signActivity(secret, sessionId, { ...activity, seenAt: now }), {
			...cookieOptions(secure),
			maxAge: limits.idleSeconds
		});
	}
	return 'live';
}
