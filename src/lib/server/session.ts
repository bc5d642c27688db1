import type { AppRole } from '$lib/database';
import { accessFor } from './access';

/** The signed-in person as the server verified them for this request. */
export interface SessionUser {
	id: string;
	email: string;
	/** From the access token's `user_role` claim, set by SQL; null for an account with no profile. */
	role: AppRole | null;
	/**
	 * Signed in by an emailed link (invitation or password reset): they may set a password
	 * without giving the current one, as GoTrue allows in a recovery session.
	 */
	signedInByLink: boolean;
}

export const HOME: Record<AppRole, string> = {
	clinical_lead: '/review',
	facilitator: '/groups',
	parent: '/my',
	training_admin: '/admin/courses',
	booker: '/bookings',
	trainee: '/training'
};

export function isAppRole(value: unknown): value is AppRole {
	return typeof value === 'string' && Object.hasOwn(HOME, value);
}

/**
 * Where to go after signing in, from a `next` the person (or a link someone sent them) chose:
 * resolved as a browser would resolve it against this site, and kept only if it stays on this
 * site. Tabs and newlines are dropped by the URL parser exactly as browsers drop them, so
 * `/\t/evil.example` is seen as the `//evil.example` a browser would follow. The result is a
 * path, percent-encoded, starting with a single slash.
 */
export function safeNext(next: string | null | undefined, origin: string): string | null {
	if (!next) return null;
	let url: URL;
	try {
		url = new URL(next, origin);
	} catch {
		return null;
	}
	if (url.origin !== new URL(origin).origin) return null;
	// `//host` in the path of a same-site URL would read as another site once it is a Location.
	const path = '/' + url.pathname.replace(/^[/\\]+/, '');
	return path + url.search + url.hash;
}

/** Where a person with `role` goes after signing in: `next` if they may open it, else home. */
export function landingFor(role: AppRole, next: string | null): string {
	if (!next || next === '/') return HOME[role];
	const access = accessFor(new URL(next, 'http://site.invalid').pathname);
	return Array.isArray(access) && !access.includes(role) ? HOME[role] : next;
}
