import { env as publicEnv } from '$env/dynamic/public';
import { env } from '$env/dynamic/private';
import { createServerClient } from '@supabase/ssr';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import type { Cookies } from '@sveltejs/kit';
import type { Database } from '$lib/database';
import { createEmbeddedBackend, EMBEDDED_URL, type EmbeddedBackend } from './embedded/backend';
import { demoClock } from './messages/demo-clock';
import { JOB_HEADER } from './job-header';
import { isDemo } from './mode';
import { noRealtime as realtime } from './no-realtime';
import { sessionLimits } from './session-limits';

/**
 * The one place that picks the backend the app talks to: the embedded backend in this process in
 * the demo (see ./mode.ts), otherwise the Supabase project. Everything else sees only a
 * supabase-js client.
 */

interface BackendConfig {
	url: string;
	anonKey: string;
	serviceRoleKey: string | undefined;
	fetch: typeof fetch | undefined;
}

let embedded: Promise<EmbeddedBackend> | undefined;

/** The address people use to reach the app, for links in emails. */
export function siteUrl(): string {
	return (env.ORIGIN || `http://localhost:${env.PORT || 3000}`).replace(/\/$/, '');
}

/**
 * A Storage address (a signed file URL) as the browser can reach it. The demo serves Supabase's
 * HTTP surface on the app's own origin, at /supabase; a Supabase project's address is used as is.
 */
export function browserStorageUrl(url: string): string {
	return url.startsWith(EMBEDDED_URL) ? `/supabase${url.slice(EMBEDDED_URL.length)}` : url;
}

export function embeddedBackend(): Promise<EmbeddedBackend> {
	if (!isDemo()) throw new Error('The embedded backend runs only in the demo (npm start).');
	embedded ??= createEmbeddedBackend({
		dataDir: env.DATA_DIR || './.data',
		siteUrl: siteUrl(),
		seed: true,
		sessions: sessionLimits(),
		clockOffsetSeconds: () => demoClock.offsetMs() / 1000,
		log: (line) => console.log(line)
	});
	return embedded;
}

async function backendConfig(): Promise<BackendConfig> {
	if (!isDemo()) {
		const anonKey = publicEnv.PUBLIC_SUPABASE_ANON_KEY;
		if (!anonKey) throw new Error('PUBLIC_SUPABASE_ANON_KEY must be set with PUBLIC_SUPABASE_URL.');
		return {
			url: publicEnv.PUBLIC_SUPABASE_URL ?? '',
			anonKey,
			serviceRoleKey: env.SUPABASE_SERVICE_ROLE_KEY,
			fetch: undefined
		};
	}
	const backend = await embeddedBackend();
	return {
		url: backend.url,
		anonKey: backend.anonKey,
		serviceRoleKey: backend.serviceRoleKey,
		fetch: backend.fetch
	};
}

/**
 * Cookies hold the session; the browser's scripts can never read them. They last no longer than
 * a session may (@supabase/ssr would otherwise keep them for 400 days).
 */
export function cookieOptions(secure: boolean) {
	return {
		path: '/',
		httpOnly: true,
		secure,
		sameSite: 'lax' as const,
		maxAge: sessionLimits().maxSeconds
	};
}

/** A client for one request, acting as whoever its cookies say is signed in. */
export async function createRequestClient(
	cookies: Cookies,
	secure: boolean
): Promise<SupabaseClient<Database>> {
	const config = await backendConfig();
	const options = cookieOptions(secure);
	return createServerClient<Database>(config.url, config.anonKey, {
		cookieOptions: options,
		cookies: {
			getAll: () => cookies.getAll(),
			setAll: (list) => {
				for (const { name, value, options: o } of list)
					cookies.set(name, value, { ...o, ...options });
			}
		},
		global: config.fetch ? { fetch: config.fetch } : undefined,
		realtime
	});
}

/**
 * The service-role client, for the Auth admin calls (sending invitations) only. It bypasses
 * RLS, so callers first ask the database, as the signed-in person, whether they may.
 */
/** The service role's client; `job` names a background job's (the demo counts its calls apart). */
export async function createAdminClient({ job }: { job?: string } = {}): Promise<
	SupabaseClient<Database>
> {
	const config = await backendConfig();
	if (!config.serviceRoleKey) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set.');
	return createClient<Database>(config.url, config.serviceRoleKey, {
		auth: { persistSession: false, autoRefreshToken: false },
		global: {
			...(config.fetch ? { fetch: config.fetch } : {}),
			...(job ? { headers: { [JOB_HEADER]: job } } : {})
		},
		realtime
	});
}

/** Production means a real Supabase project behind a real domain: cookies must be Secure. */
export function secureCookies(url: URL): boolean {
	return url.protocol === 'https:' || !isDemo();
}

/** A secret only this server knows, for signing its own cookies (the service role key). */
export async function serverSecret(): Promise<string> {
	const key = (await backendConfig()).serviceRoleKey;
	if (!key) throw new Error('SUPABASE_SERVICE_ROLE_KEY is not set.');
	return key;
}
