import { createClient } from '@supabase/supabase-js';
import { expect, test } from '@playwright/test';
import { SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import { noRealtime } from '../../src/lib/server/no-realtime';

/**
 * The embedded backend's Supabase HTTP surface on the app's own port, reached over real HTTP as a
 * stranger would: it exists, and without a key signed by the server it refuses everything. (The db
 * suite covers what the public anon key may and may not do.)
 */
// @js: no browser is involved, so it runs once, in the js project (see playwright.config.ts).
test.describe('the Supabase HTTP surface refuses strangers @js', () => {
	const RPC = '/supabase/rest/v1/rpc/review_home';

	/** A well-formed Supabase key, signed with a secret the server has never seen. */
	async function forgedKey(role: string, sub?: string): Promise<string> {
		const jwt = new SignJWT({ role, ...(sub ? { sub } : {}) })
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.setIssuedAt()
			.setExpirationTime('1h');
		return jwt.sign(randomBytes(32));
	}

	test('the mail outbox and the REST endpoint exist', async ({ request }) => {
		expect((await request.get('/dev/mail')).status()).toBe(200);
		// Answered by the backend in Supabase's own shape, not by a SvelteKit 404 page.
		const res = await request.get(RPC);
		expect(res.status()).toBe(401);
		expect(res.headers()['content-type']).toContain('application/json');
		expect(await res.json()).toMatchObject({ message: 'Invalid API key' });
	});

	test('a call with no key gets 401', async ({ request }) => {
		const res = await request.post(RPC, { data: {} });
		expect(res.status()).toBe(401);
		expect((await request.post('/supabase/auth/v1/user')).status()).toBe(401);
	});

	for (const role of ['anon', 'authenticated', 'service_role']) {
		test(`a forged ${role} key gets 401`, async ({ request }) => {
			const key = await forgedKey(role, '00000000-0000-4000-8000-000000000001');
			const res = await request.post(RPC, {
				data: {},
				headers: { apikey: key, authorization: `Bearer ${key}` }
			});
			expect(res.status()).toBe(401);
		});
	}

	test('an unsigned ("alg": "none") key gets 401', async ({ request }) => {
		const part = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
		const key = `${part({ alg: 'none', typ: 'JWT' })}.${part({ role: 'service_role' })}.`;
		const res = await request.post(RPC, { data: {}, headers: { apikey: key } });
		expect(res.status()).toBe(401);
	});

	test('supabase-js with a forged key can neither sign in nor call a function', async ({
		baseURL
	}) => {
		const supabase = createClient(`${baseURL}/supabase`, await forgedKey('anon'), {
			auth: { persistSession: false, autoRefreshToken: false },
			realtime: noRealtime
		});
		const signIn = await supabase.auth.signInWithPassword({
			email: 'lead@example.org',
			password: 'reflective-demo'
		});
		expect(signIn.data.session).toBeNull();
		expect(signIn.error?.status).toBe(401);
		const rpc = await supabase.rpc('review_home');
		expect(rpc.data).toBeNull();
		expect(rpc.status).toBe(401);
	});
});
