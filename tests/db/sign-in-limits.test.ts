/**
 * Sign-in limits kept in SQL (supabase/migrations/20261201000200_sign_in_limits.sql), driven the
 * way the sign-in action drives them: signInWithLimits with the request's client and the
 * service-role client, both real supabase-js clients on the embedded backend. Floods call the
 * two SQL functions directly, as the service role, which is all the action adds around them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import {
	signInWithLimits,
	TOO_MANY_ATTEMPTS,
	WRONG_PASSWORD,
	type SignInResult
} from '../../src/lib/server/sign-in-limits';
import { anonClient, DEMO_PASSWORD, ids, signIn, sqlError, type Client } from './harness';
import { startBackend } from './harness';

let backend: EmbeddedBackend;
let admin: Client;
beforeAll(async () => {
	backend = await startBackend();
	admin = anonClient(backend, backend.serviceRoleKey);
});
afterAll(() => backend.close());

const WRONG = { ok: false, status: 400, message: WRONG_PASSWORD };
const LIMITED = { ok: false, status: 429, message: TOO_MANY_ATTEMPTS };

/** One sign-in through the action's code path, from `address`. No refusal floor: it only waits. */
function attempt(email: string, password: string, address: string): Promise<SignInResult> {
	return signInWithLimits(
		{ supabase: anonClient(backend), admin },
		{ email, password, address },
		{ refusalFloorMs: 0 }
	);
}

/** What the person is shown: status and message, or the role they were signed in with. */
function shown(r: SignInResult) {
	return r.ok ? { ok: true, role: decodeJwt(r.session.access_token).user_role } : r;
}

async function failures(email: string, address: string, n: number) {
	const answers = [];
	for (let i = 0; i < n; i++) answers.push(shown(await attempt(email, `wrong-${i}`, address)));
	return answers;
}

/** The two SQL calls of one attempt whose password is wrong; whether it was let through. */
async function failedAttempt(email: string, address: string): Promise<boolean> {
	const start = await admin.rpc('start_sign_in_attempt', { email, address });
	expect(start.error).toBeNull();
	if (!(start.data as { allowed: boolean }).allowed) return false;
	const finish = await admin.rpc('finish_sign_in_attempt', { email, address, outcome: 'failed' });
	expect(finish.error).toBeNull();
	return true;
}

async function maxAuditId(): Promise<number> {
	const { rows } = await backend.db.query<{ id: number }>(
		'select coalesce(max(id), 0)::int as id from public.audit_log'
	);
	return rows[0]!.id;
}

async function auditSince(id: number) {
	const { rows } = await backend.db.query<{ actor: string | null; action: string; detail: object }>(
		'select actor, action, detail from public.audit_log where id > $1 order by id',
		[id]
	);
	return rows;
}

async function warnings(profile: string): Promise<number> {
	const { rows } = await backend.db.query<{ n: number }>(
		"select count(*)::int as n from public.notifications where kind = 'sign_in_attempts' and to_profile = $1",
		[profile]
	);
	return rows[0]!.n;
}

describe('limits per email and address', () => {
	it('5 wrong passwords from one address refuse that email there; the right person elsewhere signs in', async () => {
		expect(await failures('lead@example.org', '198.51.100.1', 5)).toEqual([
			WRONG,
			WRONG,
			WRONG,
			WRONG,
			LIMITED
		]);
		// From there even the right password now waits...
		expect(shown(await attempt('lead@example.org', DEMO_PASSWORD, '198.51.100.1'))).toEqual(
			LIMITED
		);
		// ...but the lead at their usual address is not locked out by a stranger,
		expect(shown(await attempt('lead@example.org', DEMO_PASSWORD, '203.0.113.10'))).toEqual({
			ok: true,
			role: 'clinical_lead'
		});
		// and other people at the stranger's address are not refused either.
		expect(shown(await attempt('parent1@example.org', DEMO_PASSWORD, '198.51.100.1'))).toEqual({
			ok: true,
			role: 'parent'
		});
	});

	it('20 failures across different emails from one address refuse that address, for every email', async () => {
		const answers = [];
		for (let i = 0; i < 20; i++) {
			answers.push(shown(await attempt(`sprayed${i}@example.org`, 'Summer2026!', '198.51.100.2')));
		}
		expect(answers.slice(0, 19)).toEqual(Array(19).fill(WRONG));
		expect(answers[19]).toEqual(LIMITED);
		expect(shown(await attempt('parent2@example.org', DEMO_PASSWORD, '198.51.100.2'))).toEqual(
			LIMITED
		);
		expect(shown(await attempt('parent2@example.org', DEMO_PASSWORD, '198.51.100.3'))).toEqual({
			ok: true,
			role: 'parent'
		});
	});

	it('IPv6 addresses in one /64 count as one address; an IPv4-mapped address is its IPv4 address', async () => {
		for (let i = 1; i <= 5; i++)
			await attempt('parent10@example.org', 'wrong', `2001:db8:1:2::${i}`);
		expect(
			shown(await attempt('parent10@example.org', DEMO_PASSWORD, '2001:DB8:1:2:ffff::9'))
		).toEqual(LIMITED);
		expect(shown(await attempt('parent10@example.org', DEMO_PASSWORD, '2001:db8:1:3::1'))).toEqual({
			ok: true,
			role: 'parent'
		});

		await failures('parent11@example.org', '::ffff:198.51.100.4', 5);
		expect(shown(await attempt('parent11@example.org', DEMO_PASSWORD, '198.51.100.4'))).toEqual(
			LIMITED
		);
	});

	it('a success clears its pair and does not count against its address', async () => {
		expect(await failures('parent4@example.org', '198.51.100.5', 4)).toEqual(Array(4).fill(WRONG));
		expect((await attempt('parent4@example.org', DEMO_PASSWORD, '198.51.100.5')).ok).toBe(true);
		// The pair starts again from nothing: 4 more are only wrong, the 5th limits.
		expect(await failures('parent4@example.org', '198.51.100.5', 5)).toEqual([
			WRONG,
			WRONG,
			WRONG,
			WRONG,
			LIMITED
		]);

		// 18 failures and a success from one address, then a 19th failure: still under 20.
		for (let i = 0; i < 18; i++) await attempt(`shared${i}@example.org`, 'wrong', '198.51.100.6');
		expect((await attempt('parent5@example.org', DEMO_PASSWORD, '198.51.100.6')).ok).toBe(true);
		expect(shown(await attempt('shared18@example.org', 'wrong', '198.51.100.6'))).toEqual(WRONG);
		expect((await attempt('parent5@example.org', DEMO_PASSWORD, '198.51.100.6')).ok).toBe(true);
	});

	it('after 15 minutes the pair may try again', async () => {
		await failures('parent12@example.org', '198.51.100.7', 5);
		expect((await attempt('parent12@example.org', DEMO_PASSWORD, '198.51.100.7')).ok).toBe(false);
		await backend.db.exec(
			"update private.sign_in_limits set failures = array(select t - interval '16 minutes' from unnest(failures) t)"
		);
		expect((await attempt('parent12@example.org', DEMO_PASSWORD, '198.51.100.7')).ok).toBe(true);
	});
});

describe('no answer tells whether an account exists', () => {
	it('an unknown email and a real one get the same status and message, wrong and when limited', async () => {
		const sequence = async (email: string, address: string) => [
			...(await failures(email, address, 5)),
			shown(await attempt(email, DEMO_PASSWORD, address)),
			shown(await attempt(email, 'still wrong', address))
		];
		const real = await sequence('parent3@example.org', '198.51.100.8');
		const unknown = await sequence('nobody.here@example.org', '198.51.100.9');
		expect(real).toEqual([WRONG, WRONG, WRONG, WRONG, LIMITED, LIMITED, LIMITED]);
		expect(unknown).toEqual(real);
	});

	it('the Auth server itself answers a wrong password and an unknown email alike', async () => {
		const real = await anonClient(backend).auth.signInWithPassword({
			email: 'facilitator2@example.org',
			password: 'not the password'
		});
		const unknown = await anonClient(backend).auth.signInWithPassword({
			email: 'no.such.person@example.org',
			password: 'not the password'
		});
		const view = (e: typeof real.error) => ({ status: e?.status, code: e?.code, msg: e?.message });
		expect(view(unknown.error)).toEqual(view(real.error));
		expect(view(real.error)).toEqual({
			status: 400,
			code: 'invalid_credentials',
			msg: 'Invalid login credentials'
		});
	});
});

describe("the account owner's warning", () => {
	it('is queued once after 5 failures from anywhere in 15 minutes, not twice, and again a day later', async () => {
		const owner = ids.facilitator1;
		const email = 'facilitator1@example.org';
		for (let i = 1; i <= 4; i++) await attempt(email, 'wrong', `192.0.2.${i}`);
		expect(await warnings(owner)).toBe(0);
		await attempt(email, 'wrong', '192.0.2.5');
		expect(await warnings(owner)).toBe(1);
		for (let i = 6; i <= 15; i++) await attempt(email, 'wrong', `192.0.2.${i}`);
		expect(await warnings(owner)).toBe(1);

		// The outbox hands the server an email with nothing in it but who it is for.
		const { data, error } = await admin.rpc('claim_messages', {
			worker: 'sign-in-test',
			max: 100
		});
		expect(error).toBeNull();
		const claimed = data as unknown as {
			messages: { kind: string; to: string; payload: object }[];
		};
		const mine = claimed.messages.filter((n) => n.kind === 'sign_in_attempts' && n.to === email);
		expect(mine).toEqual([
			expect.objectContaining({ kind: 'sign_in_attempts', to: email, payload: {} })
		]);

		// A day later, still being guessed: one more.
		await backend.db.exec(
			"update private.sign_in_limits set notified_at = notified_at - interval '25 hours' where kind = 'email'"
		);
		await attempt(email, 'wrong', '192.0.2.16');
		expect(await warnings(owner)).toBe(2);
	});

	it('is not sent when the owner mistypes and then gets it right, nor for an unknown email', async () => {
		const before = await backend.db.query<{ n: number }>(
			"select count(*)::int as n from public.notifications where kind = 'sign_in_attempts'"
		);
		await failures('parent6@example.org', '192.0.2.100', 4);
		expect((await attempt('parent6@example.org', DEMO_PASSWORD, '192.0.2.100')).ok).toBe(true);
		await attempt('parent6@example.org', 'wrong', '192.0.2.101');
		expect(await warnings(ids.parent(6))).toBe(0);

		for (let i = 0; i < 6; i++) await attempt('ghost@example.org', 'wrong', `192.0.2.${110 + i}`);
		const after = await backend.db.query<{ n: number }>(
			"select count(*)::int as n from public.notifications where kind = 'sign_in_attempts'"
		);
		expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
	});
});

describe('who may call the limit functions', () => {
	it('anon and signed-in people get 42501 and change nothing', async () => {
		const rows = async () =>
			(
				await backend.db.query<{ n: number }>(
					'select count(*)::int as n from private.sign_in_limits'
				)
			).rows[0]!.n;
		const before = await rows();
		const parent = await signIn(backend, 'parent7@example.org');
		for (const client of [anonClient(backend), parent]) {
			const start = await client.rpc('start_sign_in_attempt', {
				email: 'lead@example.org',
				address: '198.51.100.1'
			});
			expect(start.error?.code).toBe('42501');
			const finish = await client.rpc('finish_sign_in_attempt', {
				email: 'lead@example.org',
				address: '198.51.100.1',
				outcome: 'succeeded'
			});
			expect(finish.error?.code).toBe('42501');
		}
		expect(await rows()).toBe(before);
		// Nor can anyone read or use what lies behind them.
		for (const who of [null, ids.parent(7)]) {
			expect(await sqlError(backend, who, 'select count(*) from private.sign_in_limits')).toBe(
				'42501'
			);
			expect(await sqlError(backend, who, "select private.sign_in_key('email', 'x')")).toBe(
				'42501'
			);
		}
		expect(await sqlError(backend, ids.parent(7), 'select * from private.sign_in_key_secret')).toBe(
			'42501'
		);
	});

	it('an outcome other than succeeded, failed or not_tried is refused', async () => {
		const { error } = await admin.rpc('finish_sign_in_attempt', {
			email: 'lead@example.org',
			address: '198.51.100.1',
			outcome: 'maybe' as 'failed'
		});
		expect(error?.code).toBe('22023');
	});
});

describe('what is stored and logged', () => {
	it('audit rows stay capped under floods of 200 attempts', async () => {
		// One address guessing one account.
		let mark = await maxAuditId();
		for (let i = 0; i < 200; i++) await failedAttempt('parent8@example.org', '198.51.100.20');
		let rows = await auditSince(mark);
		expect(rows.filter((r) => r.action === 'sign_in_failed')).toHaveLength(5);
		expect(rows.filter((r) => r.action === 'sign_in_blocked')).toEqual([
			{ actor: ids.parent(8), action: 'sign_in_blocked', detail: { limit: 'email_and_address' } }
		]);
		expect(rows.every((r) => r.actor === ids.parent(8))).toBe(true);

		// One address spraying 200 emails.
		mark = await maxAuditId();
		for (let i = 0; i < 200; i++) await failedAttempt(`flood${i}@example.org`, '198.51.100.21');
		rows = await auditSince(mark);
		expect(rows.filter((r) => r.action === 'sign_in_failed')).toHaveLength(20);
		expect(rows.filter((r) => r.action === 'sign_in_blocked')).toEqual([
			{ actor: null, action: 'sign_in_blocked', detail: { limit: 'address' } }
		]);

		// 200 addresses guessing one account, once each: every try is let through, 20 are logged.
		mark = await maxAuditId();
		let through = 0;
		for (let i = 0; i < 200; i++) {
			if (await failedAttempt('parent9@example.org', `10.9.${i >> 8}.${i & 255}`)) through++;
		}
		expect(through).toBe(200);
		rows = await auditSince(mark);
		expect(rows.filter((r) => r.action === 'sign_in_failed')).toHaveLength(20);
		expect(rows.filter((r) => r.action === 'sign_in_blocked')).toHaveLength(0);
		expect(await warnings(ids.parent(9))).toBe(1);
		// At 100 failures from anywhere the person is told to wait, as the hook would refuse.
		const finish = await admin.rpc('finish_sign_in_attempt', {
			email: 'parent9@example.org',
			address: '10.9.9.9',
			outcome: 'failed'
		});
		expect(finish.data).toEqual({ limited: true });
	});

	it('keys are stored hashed, never as emails or addresses', async () => {
		await attempt('plain.text.person@example.org', 'wrong', '203.0.113.77');
		const { rows } = await backend.db.query<{ all: string }>(
			"select coalesce(jsonb_agg(to_jsonb(l))::text, '') as all from private.sign_in_limits l"
		);
		expect(rows[0]!.all.length).toBeGreaterThan(0);
		expect(rows[0]!.all).not.toContain('plain.text');
		expect(rows[0]!.all).not.toContain('203.0.113.77');
		const { rows: hex } = await backend.db.query<{ all: string }>(
			"select string_agg(encode(key, 'escape') || encode(coalesce(email_key, ''::bytea), 'escape'), '') as all from private.sign_in_limits"
		);
		expect(hex[0]!.all).not.toContain('plain.text');
		expect(hex[0]!.all).not.toContain('203.0.113.77');
	});

	it('rows untouched for a day are deleted as attempts pass', async () => {
		await backend.db.exec(`
			insert into private.sign_in_limits (key, kind, touched_at)
			values ('\\x01'::bytea, 'address', now() - interval '25 hours'),
			       ('\\x02'::bytea, 'address', now() - interval '23 hours')`);
		await attempt('parent1@example.org', DEMO_PASSWORD, '203.0.113.78');
		const { rows } = await backend.db.query<{ key: string }>(
			"select encode(key, 'hex') as key from private.sign_in_limits where key in ('\\x01'::bytea, '\\x02'::bytea)"
		);
		expect(rows).toEqual([{ key: '02' }]);
	});
});
