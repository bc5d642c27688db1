import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { LINK_SECONDS } from '../../src/lib/server/embedded/auth';
import { anonClient, DEMO_PASSWORD, ids, signIn, startBackend, type Client } from './harness';

/**
 * Sessions and passwords as GoTrue handles them (the embedded backend mirrors it): bcrypt at
 * cost 10, a password change that needs the current password and ends the other sessions, and
 * sessions that end when idle or too old, refresh tokens with them.
 */

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

async function hashOf(userId: string): Promise<string> {
	const { rows } = await backend.db.query<{ encrypted_password: string }>(
		'select encrypted_password from auth.users where id = $1',
		[userId]
	);
	return rows[0]?.encrypted_password ?? '';
}

async function sessionId(client: Client): Promise<string> {
	const { data } = await client.auth.getSession();
	return String(decodeJwt(data.session!.access_token).session_id);
}

async function recoveryToken(email: string): Promise<string> {
	await anonClient(backend).auth.resetPasswordForEmail(email);
	const mail = (await backend.outbox.list()).find((m) => m.to_address === email);
	const href = /href="([^"]+)"/.exec(mail?.html ?? '')?.[1]?.replace(/&#38;/g, '&') ?? '';
	return new URL(href).searchParams.get('token_hash') ?? '';
}

describe('password hashes', () => {
	it('the demo accounts are hashed with bcrypt at cost 10, as GoTrue hashes them', async () => {
		expect(await hashOf(ids.lead)).toMatch(/^\$2[ab]\$10\$/);
		expect(await hashOf(ids.parent(12))).toMatch(/^\$2[ab]\$10\$/);
	});
});

describe('changing a password', () => {
	it('needs the current password, and a wrong one changes nothing', async () => {
		const client = await signIn(backend, 'parent5@example.org');
		const before = await hashOf(ids.parent(5));
		const missing = await client.auth.updateUser({ password: 'a-new-long-password' });
		expect(missing.error?.code).toBe('current_password_required');
		const wrong = await client.auth.updateUser({
			password: 'a-new-long-password',
			current_password: 'not-my-password'
		});
		expect(wrong.error?.code).toBe('current_password_mismatch');
		expect(await hashOf(ids.parent(5))).toBe(before);
	});

	it('with the current password it works, at cost 10, and signs out every other session', async () => {
		const phone = await signIn(backend, 'parent6@example.org');
		const laptop = await signIn(backend, 'parent6@example.org');
		const { error } = await laptop.auth.updateUser({
			password: 'a-new-long-password',
			current_password: DEMO_PASSWORD
		});
		expect(error).toBeNull();
		expect(await hashOf(ids.parent(6))).toMatch(/^\$2[ab]\$10\$/);
		expect((await laptop.auth.getUser()).error).toBeNull();
		expect((await phone.auth.getUser()).data.user).toBeNull();
		expect((await phone.auth.refreshSession()).error).not.toBeNull();
		await expect(
			signIn(backend, 'parent6@example.org', 'a-new-long-password')
		).resolves.toBeTruthy();
	});

	it('refuses the same password again', async () => {
		const client = await signIn(backend, 'parent7@example.org');
		const { error } = await client.auth.updateUser({
			password: DEMO_PASSWORD,
			current_password: DEMO_PASSWORD
		});
		expect(error?.code).toBe('same_password');
	});

	it('after a reset link, a new password needs no current one', async () => {
		const client = anonClient(backend);
		const token = await recoveryToken('parent8@example.org');
		const { error: verifyError } = await client.auth.verifyOtp({
			token_hash: token,
			type: 'recovery'
		});
		expect(verifyError).toBeNull();
		const { error } = await client.auth.updateUser({ password: 'chosen-after-reset' });
		expect(error).toBeNull();
		await expect(
			signIn(backend, 'parent8@example.org', 'chosen-after-reset')
		).resolves.toBeTruthy();
	});

	it('a reset link keeps its amr through a refresh, so it is still a recovery session', async () => {
		const client = anonClient(backend);
		await client.auth.verifyOtp({
			token_hash: await recoveryToken('parent9@example.org'),
			type: 'recovery'
		});
		const { data } = await client.auth.refreshSession();
		const amr = decodeJwt(data.session!.access_token).amr as { method: string }[];
		expect(amr.map((m) => m.method)).toEqual(['recovery']);
	});
});

describe('emailed links', () => {
	it('last as long as otp_expiry in supabase/config.toml, and no longer', async () => {
		expect(LINK_SECONDS).toBe(86400);
		const token = await recoveryToken('parent10@example.org');
		await backend.db.query(
			`update auth.users set recovery_sent_at = now() - make_interval(secs => $2) where id = $1`,
			[ids.parent(10), LINK_SECONDS + 5]
		);
		const { error } = await anonClient(backend).auth.verifyOtp({
			token_hash: token,
			type: 'recovery'
		});
		expect(error?.code).toBe('otp_expired');
	});
});

describe('session lifetimes', () => {
	it('a session idle for more than 12 hours cannot be refreshed or used', async () => {
		const client = await signIn(backend, 'parent11@example.org');
		await backend.db.query(
			`update auth.sessions set refreshed_at = (now() - interval '12 hours 1 minute') at time zone 'utc',
         updated_at = now() - interval '12 hours 1 minute' where id = $1`,
			[await sessionId(client)]
		);
		// Ask with the token itself: a failed getUser() would drop the session from the client.
		const { data: current } = await client.auth.getSession();
		const { error } = await client.auth.refreshSession();
		expect(error?.code).toBe('session_expired');
		expect((await client.auth.getUser(current.session!.access_token)).data.user).toBeNull();
	});

	it('a busy session still ends 30 days after signing in', async () => {
		const client = await signIn(backend, 'parent12@example.org');
		await backend.db.query(
			`update auth.sessions set created_at = now() - interval '30 days 1 minute' where id = $1`,
			[await sessionId(client)]
		);
		const { error } = await client.auth.refreshSession();
		expect(error?.code).toBe('session_expired');
	});

	it('a session in use refreshes normally', async () => {
		const client = await signIn(backend, 'facilitator2@example.org');
		await backend.db.query(
			`update auth.sessions set refreshed_at = (now() - interval '11 hours') at time zone 'utc' where id = $1`,
			[await sessionId(client)]
		);
		const { error } = await client.auth.refreshSession();
		expect(error).toBeNull();
		expect((await client.auth.getUser()).error).toBeNull();
	});
});
