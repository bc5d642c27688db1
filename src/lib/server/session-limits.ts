import { env } from '$env/dynamic/private';

/**
 * How long a signed-in session may last: it ends after SESSION_IDLE_HOURS without activity
 * (default 12) and SESSION_MAX_DAYS after signing in (default 30), whatever happens. Supabase
 * offers the same limits only on paid plans (auth.sessions in supabase/config.toml), so the app
 * enforces them itself on every request; the embedded backend's refresh tokens obey them too.
 */
export interface SessionLimits {
	idleSeconds: number;
	maxSeconds: number;
}

function positive(value: string | undefined, fallback: number, name: string): number {
	if (value === undefined || value === '') return fallback;
	const n = Number(value);
	if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number.`);
	return n;
}

export function readSessionLimits(source: Record<string, string | undefined>): SessionLimits {
	return {
		idleSeconds: Math.round(positive(source.SESSION_IDLE_HOURS, 12, 'SESSION_IDLE_HOURS') * 3600),
		maxSeconds: Math.round(positive(source.SESSION_MAX_DAYS, 30, 'SESSION_MAX_DAYS') * 86400)
	};
}

export function sessionLimits(): SessionLimits {
	return readSessionLimits(env);
}
