import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Database } from '../../src/lib/database';
import { noRealtime } from '../../src/lib/server/no-realtime';
import { createEmbeddedBackend, type EmbeddedBackend } from '../../src/lib/server/embedded/backend';

export const DEMO_PASSWORD = 'reflective-demo';
export const SITE = 'http://app.test';

export const ids = {
	lead: '00000000-0000-4000-8000-000000000001',
	facilitator1: '00000000-0000-4000-8000-000000000101',
	facilitator2: '00000000-0000-4000-8000-000000000102',
	/** Leah Morgan: trained, co-facilitating the online group with facilitator1. */
	facilitator3: '00000000-0000-4000-8000-000000000103',
	/** Jamal Hussain: trained only. */
	facilitator4: '00000000-0000-4000-8000-000000000104',
	parent: (n: number) => `00000000-0000-4000-8000-0000000002${String(n).padStart(2, '0')}`
};

export type Client = SupabaseClient<Database>;

/** A fresh embedded backend on an in-memory copy of the migrated, seeded schema. */
export async function startBackend(): Promise<EmbeddedBackend> {
	const dump = new Blob([readFileSync(inject('schemaDump'))]);
	return createEmbeddedBackend({ loadDataDir: dump, siteUrl: SITE });
}

/** A supabase-js client talking to the backend exactly as the app does, signed out. */
export function anonClient(
	backend: EmbeddedBackend,
	key = backend.anonKey,
	headers: Record<string, string> = {}
): Client {
	return createClient<Database>(backend.url, key, {
		auth: { persistSession: false, autoRefreshToken: false },
		global: { fetch: backend.fetch, headers },
		realtime: noRealtime
	});
}

/** A client signed in with a password (the demo one by default). */
export async function signIn(
	backend: EmbeddedBackend,
	email: string,
	password = DEMO_PASSWORD
): Promise<Client> {
	const client = anonClient(backend);
	const { error } = await client.auth.signInWithPassword({ email, password });
	if (error) throw new Error(`sign-in as ${email} failed: ${error.message}`);
	return client;
}

/**
 * Run SQL directly as an API role, the way a hostile client with a valid token could reach the
 * tables through PostgREST: role switched, JWT claims set, RLS in force.
 */
export async function asRole<T = Record<string, unknown>>(
	backend: EmbeddedBackend,
	userId: string | null,
	sql: string,
	params: unknown[] = []
): Promise<T[]> {
	return backend.db.transaction(async (tx) => {
		await tx.exec(`set local role ${userId ? 'authenticated' : 'anon'}`);
		const claims = userId ? { sub: userId, role: 'authenticated' } : { role: 'anon' };
		await tx.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
		const { rows } = await tx.query<T>(sql, params);
		return rows;
	});
}

/** The SQLSTATE a statement fails with as that role, or null if it succeeds. */
export async function sqlError(
	backend: EmbeddedBackend,
	userId: string | null,
	sql: string,
	params: unknown[] = []
): Promise<string | null> {
	try {
		await asRole(backend, userId, sql, params);
		return null;
	} catch (e) {
		return (e as { code?: string }).code ?? 'unknown';
	}
}
