import type { PGlite } from '@electric-sql/pglite';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handleAuth, type SessionLifetimes } from './auth';
import { openDatabase } from './database';
import { bearer, json } from './http';
import { lockDataDir } from './lock';
import { JOB_HEADER } from '../job-header';

export { DataDirInUseError, lockDataDir } from './lock';
import { describeOpenFailure } from './open-errors';
import { Outbox } from './mail';
import { handleRest } from './rest';
import { handleStorage, isSignedRead } from './storage';
import { newSigningKey, randomToken, Tokens, type SigningKey } from './tokens';

/** The Supabase-compatible backend that runs in-process when no Supabase project is configured. */
export interface EmbeddedBackend {
	/** A made-up origin; requests to it only ever go through `fetch` below. */
	url: string;
	anonKey: string;
	serviceRoleKey: string;
	/** Give this to supabase-js as `global.fetch`. */
	fetch: typeof fetch;
	/** Serve a request whose path starts at /auth/v1 or /rest/v1 after `prefix`. */
	handle(req: Request, prefix?: string): Promise<Response>;
	db: PGlite;
	outbox: Outbox;
	/**
	 * How many requests of each kind this backend has served since it started (demo only: the
	 * bench reads them at /dev/backend-calls to show that a page costs no Auth call).
	 */
	stats(): BackendCalls;
	close(): Promise<void>;
}

/**
 * Cumulative request counts by kind: Auth, PostgREST rpc, other PostgREST, Storage; and `jobs`,
 * every request a background job made (the message worker's timer), counted apart so that a
 * page's cost is not blurred by what the worker did meanwhile.
 */
export interface BackendCalls {
	auth: number;
	rpc: number;
	rest: number;
	storage: number;
	jobs: number;
}

export interface BackendOptions {
	/**
	 * Persist here (database in `pgdata/`, the API keys' secret in `jwt-secret`, the access
	 * tokens' ES256 key in `signing-key.json`); omit for memory.
	 */
	dataDir?: string;
	/** Start from a database dump instead of an empty database (tests). */
	loadDataDir?: Blob | File;
	/** The app's origin, used in emailed links. */
	siteUrl: string;
	/** Load the demo data into a new database. */
	seed?: boolean;
	/** When sessions end (GoTrue's sessions.inactivity_timeout and timebox); 12 h and 30 days. */
	sessions?: SessionLifetimes;
	/**
	 * The demo clock's offset from real time in seconds, read per request: private.clock() adds
	 * it, so the online training's opening date can pass in a test. Omit for real time.
	 */
	clockOffsetSeconds?: () => number;
	/** Told what start-up is doing ("Opening the database in …", "Applying 3 migrations…"). */
	log?: (line: string) => void;
}

const DEFAULT_SESSIONS: SessionLifetimes = { idleSeconds: 12 * 3600, maxSeconds: 30 * 86400 };

export const EMBEDDED_URL = 'http://embedded.invalid';

function jwtSecret(dataDir: string | undefined): string {
	if (!dataDir) return randomToken(48);
	const file = join(dataDir, 'jwt-secret');
	if (existsSync(file)) return readFileSync(file, 'utf8').trim();
	const secret = randomToken(48);
	writeFileSync(file, secret, { mode: 0o600 });
	return secret;
}

/** The access tokens' ES256 key pair: made once per data directory and kept there (0600). */
async function signingKey(dataDir: string | undefined): Promise<SigningKey> {
	if (!dataDir) return newSigningKey();
	const file = join(dataDir, 'signing-key.json');
	if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as SigningKey;
	const key = await newSigningKey();
	writeFileSync(file, JSON.stringify(key), { mode: 0o600 });
	return key;
}

/**
 * Open the backend. With a `dataDir` it is locked for this process first (see ./lock.ts): a
 * second server on the same directory gets DataDirInUseError, and the lock goes on close().
 * A directory that cannot be used gives DatabaseOpenError, whose message says what and where.
 */
export async function createEmbeddedBackend(options: BackendOptions): Promise<EmbeddedBackend> {
	let unlock = () => {};
	if (options.dataDir) {
		try {
			mkdirSync(options.dataDir, { recursive: true });
		} catch (e) {
			throw describeOpenFailure(options.dataDir, e);
		}
		try {
			unlock = lockDataDir(options.dataDir);
		} catch (e) {
			const code = (e as NodeJS.ErrnoException).code;
			if (code === 'EEXIST' || code === undefined) throw e;
			throw describeOpenFailure(options.dataDir, e);
		}
	}
	let db: PGlite;
	let tokens: Tokens;
	try {
		db = await openDatabase({
			dataDir: options.dataDir ? join(options.dataDir, 'pgdata') : undefined,
			loadDataDir: options.loadDataDir,
			seed: options.seed,
			log: options.log
		});
		tokens = new Tokens(jwtSecret(options.dataDir), await signingKey(options.dataDir));
	} catch (e) {
		unlock();
		throw e;
	}
	const calls: BackendCalls = { auth: 0, rpc: 0, rest: 0, storage: 0, jobs: 0 };
	const outbox = new Outbox(db);
	const anonKey = await tokens.apiKey('anon');
	const serviceRoleKey = await tokens.apiKey('service_role');
	const issuer = `${options.siteUrl}/supabase/auth/v1`;

	async function handle(req: Request, prefix = ''): Promise<Response> {
		const url = new URL(req.url);
		const path = url.pathname.slice(prefix.length);
		if (req.headers.has(JOB_HEADER)) calls.jobs++;
		else if (path.startsWith('/auth/v1/')) calls.auth++;
		else if (path.startsWith('/rest/v1/rpc/')) calls.rpc++;
		else if (path.startsWith('/rest/v1/')) calls.rest++;
		else if (path.startsWith('/storage/v1/')) calls.storage++;
		try {
			// The public key set is public, as GoTrue serves it (no API key), for ten minutes.
			if (path === '/auth/v1/.well-known/jwks.json' && req.method === 'GET') {
				return json(tokens.jwks(), 200, { 'cache-control': 'public, max-age=600' });
			}
			// A signed file address is its own authority: browsers fetch it with no API key.
			if (path.startsWith('/storage/v1/') && isSignedRead(req, path.slice(12))) {
				return await handleStorage({ db, tokens, claims: null }, req, path.slice(12));
			}
			const apikey = req.headers.get('apikey') ?? url.searchParams.get('apikey');
			const keyRole = (await tokens.verify(apikey))?.role;
			if (keyRole !== 'anon' && keyRole !== 'service_role') {
				return json(
					{
						message: 'Invalid API key',
						hint: 'Double check your Supabase `anon` or `service_role` API key.'
					},
					401
				);
			}
			if (path.startsWith('/auth/v1/')) {
				return await handleAuth(
					{
						db,
						tokens,
						outbox,
						siteUrl: options.siteUrl,
						issuer,
						sessions: options.sessions ?? DEFAULT_SESSIONS
					},
					req,
					path.slice(9),
					url
				);
			}
			if (path.startsWith('/rest/v1/')) {
				return await handleRest(
					{ db, tokens, clockOffsetSeconds: options.clockOffsetSeconds },
					req,
					path.slice(9),
					bearer(req) ?? apikey
				);
			}
			if (path.startsWith('/storage/v1/')) {
				const claims = await tokens.verify(bearer(req) ?? apikey);
				return await handleStorage(
					{ db, tokens, claims, clockOffsetSeconds: options.clockOffsetSeconds },
					req,
					path.slice(12)
				);
			}
			return json({ message: 'Not found' }, 404);
		} catch (e) {
			console.error('[embedded backend]', req.method, path, e);
			return json({ code: 'unexpected_failure', message: 'Unexpected failure' }, 500);
		}
	}

	return {
		url: EMBEDDED_URL,
		anonKey,
		serviceRoleKey,
		db,
		outbox,
		handle,
		fetch: (input, init) => handle(new Request(input, init)),
		stats: () => ({ ...calls }),
		close: async () => {
			try {
				await db.close();
			} finally {
				unlock();
			}
		}
	};
}
