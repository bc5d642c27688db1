/**
 * PostgreSQL 15 test harness: a fresh database per test file on the server at PG_TEST_URL
 * (started by scripts/with-pg.sh), built from the same bootstrap, migrations and seed the
 * embedded backend applies. No server means a failed suite, never a skipped one.
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { bootstrapSql, migrations, seedSql } from '../../src/lib/server/embedded/database';
import { applyScript, withDatabase } from '../../scripts/db/build.js';

export const ids = {
	lead: '00000000-0000-4000-8000-000000000001',
	facilitator1: '00000000-0000-4000-8000-000000000101',
	facilitator2: '00000000-0000-4000-8000-000000000102',
	parent: (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`
};

export interface FreshDatabase {
	/** The database's name, unique per call. */
	name: string;
	/** A connection string for it, as the superuser `postgres`. */
	url: string;
	/** A pool on it (as `postgres`); `max` from the options, 30 by default. */
	pool: pg.Pool;
	/** Each script applied, in order, with how long it took. */
	applied: { name: string; ms: number }[];
	/** End the pool and drop the database. */
	drop(): Promise<void>;
}

/** PG_TEST_URL, or a clear failure telling how to get one. */
export function serverUrl(): string {
	const url = process.env.PG_TEST_URL;
	if (!url) {
		throw new Error(
			'PG_TEST_URL is not set: the pg suite needs a PostgreSQL 15 server. ' +
				'Run it with `npm run test:pg` (or `bash scripts/with-pg.sh npx vitest run --project pg`), ' +
				'which starts a private cluster.'
		);
	}
	return url;
}

/** Connect to PG_TEST_URL, or throw saying it is unreachable. */
export async function connectServer(): Promise<pg.Client> {
	const url = serverUrl();
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
	try {
		await client.connect();
	} catch (e) {
		throw new Error(`PG_TEST_URL (${url}) is unreachable: ${(e as Error).message}`, {
			cause: e
		});
	}
	return client;
}

/**
 * Create a uniquely named database and apply, in order, supabase/embedded-bootstrap.sql, every
 * migration in supabase/migrations/ and supabase/seed.sql. Drop it with `drop()`.
 */
export async function freshDatabase(
	options: { seed?: boolean; max?: number; before?: string } = {}
): Promise<FreshDatabase> {
	const admin = await connectServer();
	const name = `rg_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = withDatabase(serverUrl(), name);

	const pool = new pg.Pool({ connectionString: url, max: options.max ?? 30 });
	// Dropping the database "with (force)" ends any connection still open; an idle pooled
	// client then reports 57P01, which is expected at teardown and must not crash the run.
	pool.on('error', (e: Error & { code?: string }) => {
		if (e.code !== '57P01') console.error('[pg pool]', e);
	});
	pool.on('connect', (client) => {
		client.on('error', (e: Error & { code?: string }) => {
			if (e.code !== '57P01') console.error('[pg client]', e);
		});
	});
	const drop = async () => {
		await pool.end().catch(() => {});
		const c = await connectServer();
		try {
			await c.query(`drop database if exists ${name} with (force)`);
		} finally {
			await c.end();
		}
	};

	const applied: { name: string; ms: number }[] = [];
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
		applied.push({
			name: 'supabase/embedded-bootstrap.sql',
			ms: await applyScript(client, 'supabase/embedded-bootstrap.sql', bootstrapSql)
		});
		for (const m of migrations()) {
			// A migration's own test stops before it, puts in data, then applies the rest itself.
			if (options.before && m.version >= options.before) break;
			const file = `supabase/migrations/${m.version}_${m.name}.sql`;
			applied.push({ name: file, ms: await applyScript(client, file, m.sql) });
		}
		if (options.seed ?? true) {
			applied.push({
				name: 'supabase/seed.sql',
				ms: await applyScript(client, 'supabase/seed.sql', seedSql)
			});
		}
	} catch (e) {
		await client.end().catch(() => {});
		await drop().catch(() => {});
		throw e;
	}
	await client.end();
	return { name, url, pool, applied, drop };
}

/**
 * A fresh database for the test file: created in beforeAll, dropped in afterAll. Returns a getter,
 * since the database exists only once beforeAll has run.
 */
export function useFreshDatabase(
	options: { seed?: boolean; max?: number } = {}
): () => FreshDatabase {
	let db: FreshDatabase | undefined;
	beforeAll(async () => {
		db = await freshDatabase(options);
	});
	afterAll(async () => {
		await db?.drop();
	});
	return () => {
		if (!db) throw new Error('the fresh database was not created (see the beforeAll error)');
		return db;
	};
}

/**
 * Run `fn` in one transaction as an API role, as PostgREST does per request: `set local role`,
 * JWT claims in `request.jwt.claims`, RLS in force. A user id means `authenticated`; null, `anon`.
 * Commits when `fn` resolves, rolls back when it throws.
 */
export async function asUser<T>(
	pool: pg.Pool,
	userId: string | null,
	fn: (client: pg.PoolClient) => Promise<T>
): Promise<T> {
	const role = userId ? 'authenticated' : 'anon';
	const claims = userId ? { sub: userId, role } : { role };
	return inTransaction(pool, role, claims, fn);
}

/** Run `fn` in one transaction as any role (e.g. `supabase_auth_admin`), optionally with claims. */
export async function inTransaction<T>(
	pool: pg.Pool,
	role: string,
	claims: Record<string, unknown> | null,
	fn: (client: pg.PoolClient) => Promise<T>
): Promise<T> {
	const client = await pool.connect();
	try {
		await client.query('begin');
		await client.query(`set local role ${pg.escapeIdentifier(role)}`);
		if (claims) {
			await client.query("select set_config('request.jwt.claims', $1, true)", [
				JSON.stringify(claims)
			]);
		}
		const result = await fn(client);
		await client.query('commit');
		return result;
	} catch (e) {
		await client.query('rollback').catch(() => {});
		throw e;
	} finally {
		client.release();
	}
}

/** The SQLSTATE a statement fails with as that user (null = anon), or null if it succeeds. */
export async function sqlState(
	pool: pg.Pool,
	userId: string | null,
	sql: string,
	params: unknown[] = []
): Promise<string | null> {
	try {
		await asUser(pool, userId, (c) => c.query(sql, params));
		return null;
	} catch (e) {
		return (e as { code?: string }).code ?? 'unknown';
	}
}

/** Who takes part in a race: a user id (authenticated, claims as PostgREST sets them) or the server. */
export type Racer = string | 'service_role';

/**
 * Open `n` connections, each in its own transaction as `who`, then run `call` on all of them at
 * once and commit each (a call that throws rolls its transaction back). Returns the settled
 * results and the wall time of the concurrent part. Every race test on PostgreSQL 15 uses it.
 */
export async function allAtOnce<T>(
	pool: pg.Pool,
	who: Racer,
	n: number,
	call: (c: pg.PoolClient, i: number) => Promise<T>
): Promise<{ results: PromiseSettledResult<T>[]; ms: number }> {
	const role = who === 'service_role' ? 'service_role' : 'authenticated';
	const claims = who === 'service_role' ? { role } : { sub: who, role };
	const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
	try {
		await Promise.all(
			clients.map(async (c) => {
				await c.query('begin');
				await c.query(`set local role ${role}`);
				await c.query("select set_config('request.jwt.claims', $1, true)", [
					JSON.stringify(claims)
				]);
			})
		);
		const started = performance.now();
		const results = await Promise.allSettled(
			clients.map(async (c, i) => {
				try {
					const r = await call(c, i);
					await c.query('commit');
					return r;
				} catch (e) {
					await c.query('rollback').catch(() => {});
					throw e;
				}
			})
		);
		return { results, ms: Math.round(performance.now() - started) };
	} finally {
		for (const c of clients) c.release();
	}
}

/** The values of settled results, or the first failure thrown (for races where none may fail). */
export function fulfilled<T>(results: PromiseSettledResult<T>[]): T[] {
	return results.map((r) => {
		if (r.status === 'rejected') throw r.reason;
		return r.value;
	});
}
