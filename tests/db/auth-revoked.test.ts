import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { JOB_HEADER } from '../../src/lib/server/job-header';
import { anonClient, DEMO_PASSWORD, signIn, startBackend, type Client } from './harness';

/**
 * Access tokens are ES256 and checked locally (auth-js getClaims with the public key set), so a
 * page costs no Auth call; a session that has ended is refused by the database instead, before
 * any rpc runs (private.check_session, PostgREST's db-pre-request hook).
 */

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

async function accessToken(client: Client): Promise<string> {
	const { data } = await client.auth.getSession();
	return data.session!.access_token;
}

/** A PostgREST rpc call as supabase-js makes it, with this bearer token. */
async function call(fn: string, token: string, args: Record<string, unknown> = {}) {
	const res = await backend.fetch(`${backend.url}/rest/v1/rpc/${fn}`, {
		method: 'POST',
		headers: {
			apikey: backend.anonKey,
			authorization: `Bearer ${token}`,
			'content-type': 'application/json'
		},
		body: JSON.stringify(args)
	});
	const body = res.status === 204 ? null : await res.json();
	return { status: res.status, code: (body as { code?: string } | null)?.code ?? null };
}

describe('the public key set', () => {
	it('is served without an API key, cacheable, and verifies an access token', async () => {
		const res = await backend.fetch(`${backend.url}/auth/v1/.well-known/jwks.json`);
		expect(res.status).toBe(200);
		expect(res.headers.get('cache-control')).toBe('public, max-age=600');
		const jwks = (await res.json()) as { keys: JWK[] };
		expect(jwks.keys).toHaveLength(1);
		expect(jwks.keys[0]).not.toHaveProperty('d');
		const token = await accessToken(await signIn(backend, 'parent1@example.org'));
		expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'ES256', kid: jwks.keys[0]!.kid });
		const { payload } = await jwtVerify(token, createLocalJWKSet(jwks));
		expect(payload.role).toBe('authenticated');
	});

	it('the API keys stay HS256, as Supabase legacy keys', () => {
		expect(decodeProtectedHeader(backend.anonKey).alg).toBe('HS256');
		expect(decodeProtectedHeader(backend.serviceRoleKey).alg).toBe('HS256');
	});
});

describe('getClaims() without an Auth call', () => {
	it('a new client per request (as the app makes) verifies locally: 0 Auth calls', async () => {
		const token = await accessToken(await signIn(backend, 'lead@example.org'));
		// The first client in the process fetches the key set (auth-js keeps it for ten minutes,
		// per storage key, shared by all clients).
		expect((await anonClient(backend).auth.getClaims(token)).error).toBeNull();
		const before = backend.stats();
		for (let i = 0; i < 5; i++) {
			const { data, error } = await anonClient(backend).auth.getClaims(token);
			expect(error).toBeNull();
			expect(data?.claims.email).toBe('lead@example.org');
		}
		const after = backend.stats();
		expect(after.auth - before.auth).toBe(0);
	});

	it('a tampered token is refused locally, with no Auth call either', async () => {
		const token = await accessToken(await signIn(backend, 'parent2@example.org'));
		const [h, , s] = token.split('.');
		const claims = { ...decodeJwt(token), user_role: 'clinical_lead' };
		const forged = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
		const before = backend.stats().auth;
		const { data, error } = await anonClient(backend).auth.getClaims(forged);
		expect(data).toBeNull();
		expect(error?.message).toMatch(/signature/i);
		expect(backend.stats().auth).toBe(before);
		// And PostgREST refuses it too.
		expect(await call('my_profile', forged)).toEqual({ status: 401, code: 'PGRST301' });
	});

	it('counts requests by kind', async () => {
		const before = backend.stats();
		const client = await signIn(backend, 'parent3@example.org');
		await client.rpc('my_profile');
		const after = backend.stats();
		expect(after.auth - before.auth).toBe(1);
		expect(after.rpc - before.rpc).toBe(1);
		expect(after.rest - before.rest).toBe(0);
		expect(after.storage - before.storage).toBe(0);
		expect(after.jobs - before.jobs).toBe(0);
	});

	it("counts a background job's calls apart from a page's", async () => {
		const before = backend.stats();
		const job = anonClient(backend, backend.serviceRoleKey, { [JOB_HEADER]: 'messages' });
		expect((await job.rpc('claim_messages', { worker: 'test', max: 1 })).error).toBeNull();
		const after = backend.stats();
		expect(after.jobs - before.jobs).toBe(1);
		expect(after.rpc - before.rpc).toBe(0);
	});
});

describe('a session that has ended is refused by the database', () => {
	it("a signed-out session's access token is refused by rpcs (28000); a live one works", async () => {
		const phone = await signIn(backend, 'parent8@example.org');
		const laptop = await signIn(backend, 'parent8@example.org');
		const old = await accessToken(phone);
		const live = await accessToken(laptop);
		expect(await call('my_profile', old)).toEqual({ status: 200, code: null });
		expect((await phone.auth.signOut({ scope: 'local' })).error).toBeNull();
		// The token itself still verifies (it has not expired): only the database knows.
		expect((await anonClient(backend).auth.getClaims(old)).error).toBeNull();
		expect(await call('my_profile', old)).toEqual({ status: 403, code: '28000' });
		expect(await call('parent_home', old)).toEqual({ status: 403, code: '28000' });
		expect(await call('my_profile', live)).toEqual({ status: 200, code: null });
	});

	it('a write is refused too, and changes nothing', async () => {
		const client = await signIn(backend, 'parent9@example.org');
		const token = await accessToken(client);
		await client.auth.signOut({ scope: 'local' });
		const count = async () =>
			(
				await backend.db.query<{ n: number }>(
					'select count(*)::int as n from public.message_preferences'
				)
			).rows[0]?.n;
		const before = await count();
		const r = await call('save_message_preferences', token, { reminders: false });
		expect(r).toEqual({ status: 403, code: '28000' });
		expect(await count()).toBe(before);
		// The same call with a live session writes.
		const live = await signIn(backend, 'parent9@example.org');
		expect(
			await call('save_message_preferences', await accessToken(live), { reminders: false })
		).toEqual({ status: 200, code: null });
	});

	it('signing out everywhere refuses every session of that person, not anyone else', async () => {
		const a = await signIn(backend, 'parent10@example.org');
		const b = await signIn(backend, 'parent10@example.org');
		const other = await signIn(backend, 'parent11@example.org');
		const [ta, tb, to] = await Promise.all([a, b, other].map(accessToken));
		await a.auth.signOut({ scope: 'global' });
		expect(await call('my_profile', ta!)).toEqual({ status: 403, code: '28000' });
		expect(await call('my_profile', tb!)).toEqual({ status: 403, code: '28000' });
		expect(await call('my_profile', to!)).toEqual({ status: 200, code: null });
	});

	it("after a password change the other sessions' tokens are refused; the changer's works", async () => {
		const phone = await signIn(backend, 'parent12@example.org');
		const laptop = await signIn(backend, 'parent12@example.org');
		const phoneToken = await accessToken(phone);
		const { error } = await laptop.auth.updateUser({
			password: 'a-new-long-password',
			current_password: DEMO_PASSWORD
		});
		expect(error).toBeNull();
		expect(await call('my_profile', phoneToken)).toEqual({ status: 403, code: '28000' });
		expect(await call('my_profile', await accessToken(laptop))).toEqual({
			status: 200,
			code: null
		});
	});

	for (const email of [
		'lead@example.org',
		'facilitator1@example.org',
		'training@example.org',
		'trainee1@example.org',
		'booker@example.org'
	]) {
		it(`applies to every role: ${email}`, async () => {
			const client = await signIn(backend, email);
			const token = await accessToken(client);
			expect(await call('my_profile', token)).toEqual({ status: 200, code: null });
			await client.auth.signOut({ scope: 'local' });
			expect(await call('my_profile', token)).toEqual({ status: 403, code: '28000' });
		});
	}

	it('anon and the service role are unaffected (their keys carry no session)', async () => {
		expect(await call('next_groups', backend.anonKey)).toEqual({ status: 200, code: null });
		const admin = anonClient(backend, backend.serviceRoleKey);
		const { error } = await admin.rpc('invitation_by_token', { token: 'no-such-token' });
		expect(error?.code).not.toBe('28000');
	});

	it('a session id that is not a uuid is refused, not an error', async () => {
		const code = await backend.db
			.transaction(async (tx) => {
				await tx.exec('set local role authenticated');
				await tx.query("select set_config('request.jwt.claims', $1, true)", [
					JSON.stringify({ role: 'authenticated', session_id: 'not-a-uuid' })
				]);
				await tx.query('select private.check_session()');
				return 'passed';
			})
			.catch((e: { code?: string }) => e.code);
		expect(code).toBe('28000');
	});
});
