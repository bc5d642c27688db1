import {
	error,
	json,
	redirect,
	text,
	type Handle,
	type HandleServerError,
	type ServerInit
} from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { env as privateEnv } from '$env/dynamic/private';
import { env as publicEnv } from '$env/dynamic/public';
import { accessFor } from '$lib/server/access';
import { checkMode, isDemo } from '$lib/server/mode';
import { isAppRole, type SessionUser } from '$lib/server/session';
import { touchSession } from '$lib/server/session-activity';
import { isForbiddenCrossSiteForm } from '$lib/server/same-origin';
import { sendNosniffEverywhere } from '$lib/server/static-headers';
import { createRequestClient, embeddedBackend, secureCookies, siteUrl } from '$lib/server/supabase';
import { demoBanner } from '$lib/server/demo';
import { startDelivery, stopDelivery } from '$lib/server/messages/delivery';
import { compression } from '$lib/server/compression';
import { DataDirInUseError } from '$lib/server/embedded/lock';
import { DatabaseOpenError } from '$lib/server/embedded/open-errors';

/** Sign-ins by an emailed link: the person may set a password without knowing the old one. */
const LINK_METHODS = new Set(['recovery', 'invite', 'otp', 'magiclink']);

export const init: ServerInit = async () => {
	const check = checkMode({ ...privateEnv, ...publicEnv });
	if (!check.mode) {
		console.error(`\n${check.problems.join('\n')}\n`);
		process.exit(1);
	}
	sendNosniffEverywhere();
	if (isDemo()) {
		const started = performance.now();
		const backend = await embeddedBackend().catch((e: unknown) => {
			// In use by another server, read-only, full or damaged: one sentence, no stack trace.
			if (e instanceof DataDirInUseError || e instanceof DatabaseOpenError) {
				console.error(`\n${e.message}\n`);
				process.exit(1);
			}
			throw e;
		});
		// scripts/demo-server.js (and adapter-node's `node build`) emit this on SIGTERM/SIGINT once
		// requests have finished: let the send in progress be recorded, then close the database
		// cleanly, so the next start needs no recovery.
		process.once('sveltekit:shutdown', () => {
			void stopDelivery()
				.then(() => backend.close())
				.then(
					() => {
						console.log('Database closed.');
						process.exit(0);
					},
					(e: unknown) => {
						console.error('The database could not be closed cleanly:', e);
						process.exit(1);
					}
				);
		});
		const readyMs = Math.round(performance.now() - started);
		console.log(`Ready in ${(readyMs / 1000).toFixed(1)} s`);
		console.log(demoBanner({ url: siteUrl(), readyMs, anonKey: backend.anonKey }));
	}
	// Every 15 s: the scheduled jobs (offers lapse, reminders fall due, …) and any queued email.
	await startDelivery();
	// adapter-node emits this on SIGTERM/SIGINT once requests have finished: a message being
	// sent gets its outcome recorded rather than being left to turn 'unknown' after 10 minutes.
	if (!isDemo()) process.once('sveltekit:shutdown', () => void stopDelivery());
};

/**
 * Cross-site form submissions are refused (SvelteKit's own check, which svelte.config.js turns
 * off), except the one-click unsubscribe POST that mail providers make (RFC 8058).
 */
const sameOriginForms: Handle = async ({ event, resolve }) => {
	if (isForbiddenCrossSiteForm(event.request, event.url)) {
		const message = `Cross-site ${event.request.method} form submissions are forbidden`;
		return event.request.headers.get('accept') === 'application/json'
			? json({ message }, { status: 403 })
			: text(message, { status: 403 });
	}
	return resolve(event);
};

/** The demo only: Supabase's HTTP API on our own port, and the mail outbox. */
const embeddedSurface: Handle = async ({ event, resolve }) => {
	const { pathname } = event.url;
	const isSupabase = pathname.startsWith('/supabase/');
	if (!isSupabase && !pathname.startsWith('/dev/')) return resolve(event);
	if (!isDemo()) error(404, 'Not found');
	if (!isSupabase) return resolve(event);
	const backend = await embeddedBackend();
	return backend.handle(event.request, '/supabase');
};

/** Verify who is signed in, on the server, for every request. */
const authenticate: Handle = async ({ event, resolve }) => {
	const secure = secureCookies(event.url);
	event.locals.supabase = await createRequestClient(event.cookies, secure);
	event.locals.user = null;
	event.locals.sessionEnded = false;
	const hasSession = event.cookies.getAll().some((c) => c.name.startsWith('sb-'));
	if (hasSession) {
		// getClaims() checks the access token's ES256 signature locally, against the public key set
		// (/auth/v1/.well-known/jwks.json, fetched once and shared by every request's client for ten
		// minutes: auth-js keeps it per storage key, not per client), and refreshes an expired
		// session: no Auth call per page, and a forged or expired token is never trusted. A token
		// whose session has ended (signed out elsewhere, password changed) still checks out here
		// until it expires; the database refuses it before any rpc runs
		// (supabase/schemas/11_session_check.sql) and $lib/server/rpc signs the person out.
		const { data, error: authError } = await event.locals.supabase.auth.getClaims();
		const claims = data?.claims;
		if (!authError && claims?.sub) {
			const verdict = await touchSession(event.cookies, String(claims.session_id ?? ''), secure);
			if (verdict === 'live') {
				const role = claims.user_role;
				event.locals.user = {
					id: claims.sub,
					email: String(claims.email ?? ''),
					role: isAppRole(role) ? role : null,
					signedInByLink: (claims.amr ?? []).some((m) =>
						LINK_METHODS.has(typeof m === 'string' ? m : m.method)
					)
				} satisfies SessionUser;
			} else {
				// Too long idle or too old: end it at the Auth server too, so its refresh token dies.
				await event.locals.supabase.auth.signOut({ scope: 'local' });
				event.locals.sessionEnded = true;
			}
		}
	}
	return resolve(event, {
		filterSerializedResponseHeaders: (name) =>
			name === 'content-range' || name === 'x-supabase-api-version'
	});
};

/** Every page checks the role here; every database function checks it again. */
const guard: Handle = async ({ event, resolve }) => {
	const access = accessFor(event.url.pathname);
	if (access === 'public') return resolve(event);
	const user = event.locals.user;
	if (!user) {
		const next = event.url.pathname + event.url.search;
		const ended = event.locals.sessionEnded ? '&ended=1' : '';
		redirect(303, `/signin?next=${encodeURIComponent(next)}${ended}`);
	}
	if (access !== 'signed-in' && !(user.role && access.includes(user.role))) {
		error(403, 'You do not have access to this page.');
	}
	if (access === 'signed-in' && !user.role && !event.url.pathname.startsWith('/account')) {
		error(403, 'Your account has not been given access yet.');
	}
	return resolve(event);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const h = response.headers;
	h.set('X-Content-Type-Options', 'nosniff');
	h.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	h.set('X-Frame-Options', 'DENY');
	h.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()');
	h.set('Cross-Origin-Opener-Policy', 'same-origin');
	if (event.locals.user) h.set('Cache-Control', 'private, no-store');
	if (!isDemo()) h.set('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');
	// Signed film addresses point at the Supabase project's Storage, whose origin is known only
	// at run time; the policy's media-src is written at build time with 'self' alone.
	const csp = h.get('Content-Security-Policy');
	const storage = storageOrigin();
	if (csp && storage)
		h.set(
			'Content-Security-Policy',
			csp.replace("media-src 'self'", `media-src 'self' ${storage}`)
		);
	// Signing out on a shared laptop or tablet also removes the offline copy of any slides.
	if (event.url.pathname === '/signout' && event.request.method === 'POST') {
		h.set('Clear-Site-Data', '"cache", "storage"');
	}
	return response;
};

/** The Supabase project's origin outside the demo (films are signed there), else null. */
function storageOrigin(): string | null {
	if (isDemo() || !publicEnv.PUBLIC_SUPABASE_URL) return null;
	try {
		return new URL(publicEnv.PUBLIC_SUPABASE_URL).origin;
	} catch {
		return null;
	}
}

// compression outermost, so it sees the final headers; securityHeaders next, so the demo's
// embedded API and outbox get them too.
export const handle = sequence(
	compression,
	securityHeaders,
	sameOriginForms,
	embeddedSurface,
	authenticate,
	guard
);

/** Unexpected errors: the detail goes to the server log, the person sees a generic message. */
export const handleError: HandleServerError = ({ error: e, event, status, message }) => {
	const id = crypto.randomUUID();
	if (status !== 404)
		console.error(`[error ${id}] ${event.request.method} ${event.url.pathname}`, e);
	return {
		message: status === 404 ? message : `Something went wrong (reference ${id.slice(0, 8)}).`
	};
};
