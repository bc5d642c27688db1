import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { signInWithLimits, TOO_MANY_ATTEMPTS } from '../../src/lib/server/sign-in-limits';
import { anonClient, DEMO_PASSWORD, ids, signIn, startBackend } from './harness';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

async function latestMailLink(to: string): Promise<URL> {
	const mail = (await backend.outbox.list()).find((m) => m.to_address === to);
	const href = /href="([^"]+)"/.exec(mail?.html ?? '')?.[1]?.replace(/&#38;/g, '&');
	if (!href) throw new Error(`no mail with a link to ${to}`);
	return new URL(href);
}

describe('password sign-in', () => {
	it.each([
		['lead@example.org', 'clinical_lead'],
		['facilitator1@example.org', 'facilitator'],
		['parent1@example.org', 'parent']
	])('%s signs in and the token carries the role %s from SQL', async (email, role) => {
		const client = anonClient(backend);
		const { data, error } = await client.auth.signInWithPassword({
			email,
			password: DEMO_PASSWORD
		});
		expect(error).toBeNull();
		expect(decodeJwt(data.session!.access_token).user_role).toBe(role);
		const { data: claims } = await client.auth.getClaims();
		expect(claims?.claims.user_role).toBe(role);
	});

	it('refuses a wrong password with invalid_credentials', async () => {
		const { error } = await anonClient(backend).auth.signInWithPassword({
			email: 'parent2@example.org',
			password: 'not-the-password'
		});
		expect(error?.code).toBe('invalid_credentials');
		expect(error?.message).toBe('Invalid login credentials');
	});

	it('refuses an unknown account the same way', async () => {
		const { error } = await anonClient(backend).auth.signInWithPassword({
			email: 'nobody@example.org',
			password: DEMO_PASSWORD
		});
		expect(error?.code).toBe('invalid_credentials');
		expect(error?.message).toBe('Invalid login credentials');
	});

	it('the verification hook does not lock an account after 5 failures: it refuses from 100 in 15 minutes', async () => {
		const client = anonClient(backend);
		for (let i = 0; i < 5; i++) {
			const { error } = await client.auth.signInWithPassword({
				email: 'parent3@example.org',
				password: `wrong-${i}`
			});
			expect(error?.message).toBe('Invalid login credentials');
		}
		await expect(signIn(backend, 'parent3@example.org')).resolves.toBeTruthy();

		// 99 failures from anywhere in the last 15 minutes; the 100th gets the app's own message,
		// and then even the right password is refused, as Supabase Auth does with the hook on.
		await backend.db.query(
			`insert into private.sign_in_attempts (user_id, outcome, at)
			 select $1, 'failed', now() - interval '10 minutes' from generate_series(1, 94)`,
			[ids.parent(3)]
		);
		const hundredth = await client.auth.signInWithPassword({
			email: 'parent3@example.org',
			password: 'wrong-again'
		});
		expect(hundredth.error?.code).toBe('invalid_credentials');
		expect(hundredth.error?.message).toBe(TOO_MANY_ATTEMPTS);
		const right = await client.auth.signInWithPassword({
			email: 'parent3@example.org',
			password: DEMO_PASSWORD
		});
		expect(right.error?.message).toBe(TOO_MANY_ATTEMPTS);
		// Through the app the owner is told to wait, not that the password is wrong.
		const viaApp = await signInWithLimits(
			{ supabase: anonClient(backend), admin: anonClient(backend, backend.serviceRoleKey) },
			{ email: 'parent3@example.org', password: DEMO_PASSWORD, address: '203.0.113.30' },
			{ refusalFloorMs: 0 }
		);
		expect(viaApp).toEqual({ ok: false, status: 429, message: TOO_MANY_ATTEMPTS });

		// Fifteen minutes on, the account opens again.
		await backend.db.query(
			"update private.sign_in_attempts set at = at - interval '16 minutes' where user_id = $1",
			[ids.parent(3)]
		);
		await expect(signIn(backend, 'parent3@example.org')).resolves.toBeTruthy();
	});

	it('audits each sign-in through the app once, failed or not (the hook writes nothing)', async () => {
		const limits = {
			supabase: anonClient(backend),
			admin: anonClient(backend, backend.serviceRoleKey)
		};
		const actions = async () =>
			(
				await backend.db.query<{ action: string }>(
					'select action from public.audit_log where actor = $1 order by id',
					[ids.facilitator2]
				)
			).rows.map((r) => r.action);
		const before = await actions();
		const wrong = await signInWithLimits(
			limits,
			{ email: 'facilitator2@example.org', password: 'wrong', address: '203.0.113.31' },
			{ refusalFloorMs: 0 }
		);
		expect(wrong.ok).toBe(false);
		const right = await signInWithLimits(
			limits,
			{ email: 'facilitator2@example.org', password: DEMO_PASSWORD, address: '203.0.113.31' },
			{ refusalFloorMs: 0 }
		);
		expect(right.ok).toBe(true);
		expect((await actions()).slice(before.length)).toEqual(['sign_in_failed', 'sign_in']);
		// Straight to the Auth server (no app): the hook counts but does not audit.
		await signIn(backend, 'facilitator2@example.org');
		await anonClient(backend).auth.signInWithPassword({
			email: 'facilitator2@example.org',
			password: 'wrong'
		});
		expect((await actions()).slice(before.length)).toEqual(['sign_in_failed', 'sign_in']);
	});
});

describe('sessions', () => {
	it('refreshes with a rotating refresh token', async () => {
		const client = await signIn(backend, 'parent5@example.org');
		const before = (await client.auth.getSession()).data.session!;
		const { data, error } = await client.auth.refreshSession();
		expect(error).toBeNull();
		expect(data.session?.refresh_token).not.toBe(before.refresh_token);
		expect(decodeJwt(data.session!.access_token).user_role).toBe('parent');
	});

	it('signing out ends the session: its token no longer verifies', async () => {
		const client = await signIn(backend, 'parent6@example.org');
		const token = (await client.auth.getSession()).data.session!.access_token;
		await client.auth.signOut();
		const { error } = await anonClient(backend).auth.getUser(token);
		expect(error).not.toBeNull();
	});
});

describe('invitations and password links', () => {
	it('the lead invites a facilitator, who accepts once through the emailed link', async () => {
		const lead = await signIn(backend, 'lead@example.org');
		const { error } = await lead.rpc('invite_person', {
			email: 'New.Facilitator@Example.org',
			full_name: 'Nia Facilitator',
			role: 'facilitator'
		});
		expect(error).toBeNull();
		const admin = anonClient(backend, backend.serviceRoleKey);
		const invited = await admin.auth.admin.inviteUserByEmail('new.facilitator@example.org');
		expect(invited.error).toBeNull();

		const link = await latestMailLink('new.facilitator@example.org');
		expect(link.origin + link.pathname).toBe('http://app.test/auth/confirm');
		expect(link.searchParams.get('type')).toBe('invite');
		const token_hash = link.searchParams.get('token_hash')!;

		const invitee = anonClient(backend);
		const verified = await invitee.auth.verifyOtp({ token_hash, type: 'invite' });
		expect(verified.error).toBeNull();
		expect(decodeJwt(verified.data.session!.access_token).user_role).toBe('facilitator');
		expect((await invitee.auth.updateUser({ password: 'short' })).error?.code).toBe(
			'weak_password'
		);
		expect((await invitee.auth.updateUser({ password: 'a brand new password' })).error).toBeNull();
		await expect(
			signIn(backend, 'new.facilitator@example.org', 'a brand new password')
		).resolves.toBeTruthy();

		// Single use: the same link does nothing the second time.
		const again = await anonClient(backend).auth.verifyOtp({ token_hash, type: 'invite' });
		expect(again.error?.code).toBe('otp_expired');

		// The invitation is marked accepted and the profile took its role from SQL.
		const { data: home } = await lead.rpc('review_home');
		const inv = (
			home as { invitations: { email: string; accepted_at: string | null }[] }
		).invitations.find((i) => i.email === 'new.facilitator@example.org');
		expect(inv?.accepted_at).not.toBeNull();
	});

	it('an invitation link expires after 24 hours', async () => {
		const lead = await signIn(backend, 'lead@example.org');
		await lead.rpc('invite_person', {
			email: 'late@example.org',
			full_name: 'Late Person',
			role: 'parent'
		});
		await anonClient(backend, backend.serviceRoleKey).auth.admin.inviteUserByEmail(
			'late@example.org'
		);
		const token_hash = (await latestMailLink('late@example.org')).searchParams.get('token_hash')!;
		await backend.db.query(
			"update auth.users set confirmation_sent_at = now() - interval '25 hours' where email = $1",
			['late@example.org']
		);
		const { error } = await anonClient(backend).auth.verifyOtp({ token_hash, type: 'invite' });
		expect(error?.code).toBe('otp_expired');
	});

	it('the forgotten-password link lets the owner choose a new password', async () => {
		const client = anonClient(backend);
		expect((await client.auth.resetPasswordForEmail('parent7@example.org')).error).toBeNull();
		// Unknown addresses get the same answer and no mail.
		expect((await client.auth.resetPasswordForEmail('ghost@example.org')).error).toBeNull();
		expect((await backend.outbox.list()).some((m) => m.to_address === 'ghost@example.org')).toBe(
			false
		);

		const link = await latestMailLink('parent7@example.org');
		expect(link.searchParams.get('type')).toBe('recovery');
		const { error } = await client.auth.verifyOtp({
			token_hash: link.searchParams.get('token_hash')!,
			type: 'recovery'
		});
		expect(error).toBeNull();
		expect((await client.auth.updateUser({ password: 'recovered password 1' })).error).toBeNull();
		await expect(
			signIn(backend, 'parent7@example.org', 'recovered password 1')
		).resolves.toBeTruthy();
	});

	it('admin calls need the service role key', async () => {
		const { error } = await anonClient(backend).auth.admin.inviteUserByEmail('x@example.org');
		expect(error?.status).toBe(403);
		const { error: createError } = await anonClient(backend).auth.admin.createUser({
			email: 'y@example.org',
			password: 'whatever password'
		});
		expect(createError?.status).toBe(403);
	});

	it('an account created without an invitation gets no profile and no role', async () => {
		const admin = anonClient(backend, backend.serviceRoleKey);
		const { error } = await admin.auth.admin.createUser({
			email: 'stray@example.org',
			password: 'a long password',
			email_confirm: true
		});
		expect(error).toBeNull();
		const client = anonClient(backend);
		const { data } = await client.auth.signInWithPassword({
			email: 'stray@example.org',
			password: 'a long password'
		});
		expect(decodeJwt(data.session!.access_token).user_role).toBeNull();
		const { error: rpcError } = await client.rpc('groups_page');
		expect(rpcError?.code).toBe('42501');
	});
});
