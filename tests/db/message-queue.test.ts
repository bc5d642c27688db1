/**
 * The message queue's state machine through supabase-js, as the app's worker calls it: claim,
 * sent, failed (retry with backoff, permanent, out of tries), the unknown rule for claims never
 * reported, the lead's retry, and run_scheduled_jobs. Times are given as `as_of` (the worker's
 * injectable clock), so backoff is checked to the second without waiting.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, ids, startBackend, type Client } from './harness';
import { clients, ok, rpc, rpcCode } from './groups-fixtures';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

const as = clients(() => backend);
const service = (): Client => anonClient(backend, backend.serviceRoleKey);
const MIN = 60_000;
const T0 = Date.parse('2027-03-01T09:00:00Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

interface Claimed {
	clinic: { name: string };
	messages: { id: number; kind: string; to: string; full_name: string; role: string | null }[];
}

const claim = (worker: string, asOf: number, max = 20) =>
	ok<Claimed>(service(), 'claim_messages', { worker, max, as_of: at(asOf) });

async function row(id: number) {
	const { rows } = await backend.db.query<{
		status: string;
		attempts: number;
		next_attempt_at: Date;
		last_error: string | null;
		provider_response: string | null;
		sent_at: Date | null;
		claimed_by: string | null;
	}>(
		`select status, attempts, next_attempt_at, last_error, provider_response, sent_at, claimed_by
		 from public.notifications where id = $1`,
		[id]
	);
	return rows[0]!;
}

/** Queue one sign-in warning to facilitator 1, due at T0. */
async function queueOne(key?: string): Promise<number | null> {
	const { rows } = await backend.db.query<{ id: number | null }>(
		`select private.queue_message('sign_in_attempts', $1, '{}'::jsonb, $2) as id`,
		[ids.facilitator1, key ?? null]
	);
	const id = rows[0]!.id;
	if (id !== null) {
		await backend.db.query('update public.notifications set next_attempt_at = $2 where id = $1', [
			id,
			at(0)
		]);
	}
	return id === null ? null : Number(id);
}

beforeEach(async () => {
	// Each test starts with an empty queue: whatever the seed or an earlier test left is sent.
	await backend.db.exec(
		"update public.notifications set status = 'sent', sent_at = coalesce(sent_at, now()) where status <> 'sent'"
	);
});

describe('claim_messages', () => {
	it('claims a due message once, with its recipient and the clinic, and not one due later', async () => {
		const id = (await queueOne())!;
		const later = (await queueOne())!;
		await backend.db.query('update public.notifications set next_attempt_at = $2 where id = $1', [
			later,
			at(5 * MIN)
		]);
		const a = await claim('worker-a', 0);
		expect(a.messages.map((m) => m.id)).toEqual([id]);
		expect(a.messages[0]).toMatchObject({
			kind: 'sign_in_attempts',
			to: 'facilitator1@example.org',
			role: 'facilitator'
		});
		expect(a.messages[0]!.full_name).toBeTruthy();
		expect(a.clinic.name).toBeTruthy();
		expect(await row(id)).toMatchObject({ status: 'sending', attempts: 1, claimed_by: 'worker-a' });
		// Another worker gets nothing now, and the later one when it falls due.
		expect((await claim('worker-b', 0)).messages).toEqual([]);
		expect((await claim('worker-b', 5 * MIN)).messages.map((m) => m.id)).toEqual([later]);
	});

	it('is for the service role only, and needs a worker name', async () => {
		for (const email of ['lead@example.org', 'facilitator1@example.org', 'parent1@example.org']) {
			const who = await as(email);
			expect(await rpcCode(who, 'claim_messages', { worker: 'x', max: 5 })).toBe('42501');
			expect(await rpcCode(who, 'message_sent', { id: 1, worker: 'x' })).toBe('42501');
			expect(await rpcCode(who, 'message_failed', { id: 1, worker: 'x', error: 'e' })).toBe(
				'42501'
			);
		}
		expect(await rpcCode(anonClient(backend), 'claim_messages', { worker: 'x', max: 5 })).toBe(
			'42501'
		);
		expect(await rpcCode(service(), 'claim_messages', { worker: ' ', max: 5 })).toBe('22023');
	});

	it('queues a dedupe key once', async () => {
		expect(await queueOne('test:dedupe')).not.toBeNull();
		expect(await queueOne('test:dedupe')).toBeNull();
	});
});

describe('message_sent and message_failed', () => {
	it('records a send with the provider answer, only from the worker that claimed it', async () => {
		const id = (await queueOne())!;
		await claim('worker-a', 0);
		expect(await ok(service(), 'message_sent', { id, worker: 'worker-b', response: 'x' })).toBe(
			false
		);
		expect((await row(id)).status).toBe('sending');
		expect(
			await ok(service(), 'message_sent', {
				id,
				worker: 'worker-a',
				response: '250 2.0.0 Ok: queued as 12345',
				as_of: at(1000)
			})
		).toBe(true);
		expect(await row(id)).toMatchObject({
			status: 'sent',
			provider_response: '250 2.0.0 Ok: queued as 12345',
			sent_at: new Date(at(1000))
		});
		// Sent stays sent.
		expect(await ok(service(), 'message_sent', { id, worker: 'worker-a' })).toBe(false);
		expect(await ok(service(), 'message_failed', { id, worker: 'worker-a', error: 'x' })).toBe(
			null
		);
		expect((await claim('worker-a', 60 * MIN)).messages).toEqual([]);
	});

	it('retries after 1, 5, 30 minutes, 2 and 12 hours, then fails with the last reason', async () => {
		const id = (await queueOne())!;
		const waits = [1, 5, 30, 120, 720].map((m) => m * MIN);
		let now = 0;
		for (const [i, wait] of waits.entries()) {
			expect((await claim('w', now)).messages.map((m) => m.id)).toEqual([id]);
			const status = await ok(service(), 'message_failed', {
				id,
				worker: 'w',
				error: `421 try ${i + 1}: busy`,
				permanent: false,
				as_of: at(now)
			});
			expect(status).toBe('queued');
			expect(await row(id)).toMatchObject({
				status: 'queued',
				attempts: i + 1,
				next_attempt_at: new Date(at(now + wait)),
				last_error: `421 try ${i + 1}: busy`
			});
			// Not a second early.
			expect((await claim('w', now + wait - 1000)).messages).toEqual([]);
			now += wait;
		}
		expect((await claim('w', now)).messages.map((m) => m.id)).toEqual([id]);
		expect(
			await ok(service(), 'message_failed', { id, worker: 'w', error: '421 try 6', as_of: at(now) })
		).toBe('failed');
		expect(await row(id)).toMatchObject({ status: 'failed', attempts: 6, last_error: '421 try 6' });
		expect((await claim('w', now + 48 * 60 * MIN)).messages).toEqual([]);
	});

	it('fails a permanent refusal at once with the provider answer', async () => {
		const id = (await queueOne())!;
		await claim('w', 0);
		const answer = '550 5.1.1 <nobody@example.org>: Recipient address rejected';
		expect(
			await ok(service(), 'message_failed', { id, worker: 'w', error: answer, permanent: true })
		).toBe('failed');
		expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: answer });
	});
});

describe('the unknown rule', () => {
	it('a claim not reported within 10 minutes becomes unknown and is not sent again by itself', async () => {
		const id = (await queueOne())!;
		await claim('dead-worker', 0);
		expect(await ok(service(), 'run_scheduled_jobs', { as_of: at(10 * MIN - 1000) })).toMatchObject(
			{ claims_unknown: 0 }
		);
		expect((await row(id)).status).toBe('sending');
		expect(await ok(service(), 'run_scheduled_jobs', { as_of: at(10 * MIN) })).toMatchObject({
			claims_unknown: 1
		});
		expect(await row(id)).toMatchObject({ status: 'unknown', attempts: 1 });
		expect((await row(id)).last_error).toContain('may or may not');
		// Never claimed again, however long we wait. (The run in March 2027 also queued the demo
		// invoices' overdue reminders and the demo families' outcome measures opening, which are
		// claimable.)
		const later = await claim('other', 24 * 60 * MIN);
		expect(later.messages.map((m) => m.id)).not.toContain(id);
		expect(
			later.messages.filter((m) => m.kind !== 'invoice_overdue' && m.kind !== 'measure_open')
		).toEqual([]);
		// A late report from the server that had it still counts: then we know.
		expect(
			await ok(service(), 'message_sent', { id, worker: 'dead-worker', response: '250' })
		).toBe(true);
		expect((await row(id)).status).toBe('sent');
	});
});

describe('retry_message (the clinical lead)', () => {
	it('queues a failed or unknown message again with fresh tries, and is audited', async () => {
		const failed = (await queueOne())!;
		const unknown = (await queueOne())!;
		await claim('w', 0);
		await ok(service(), 'message_failed', {
			id: failed,
			worker: 'w',
			error: '550',
			permanent: true
		});
		await ok(service(), 'run_scheduled_jobs', { as_of: at(11 * MIN) });
		expect((await row(unknown)).status).toBe('unknown');

		const lead = await as('lead@example.org');
		for (const id of [failed, unknown]) {
			expect(await ok(lead, 'retry_message', { id })).toMatchObject({ id });
			expect(await row(id)).toMatchObject({ status: 'queued', attempts: 0 });
		}
		const { rows } = await backend.db.query<{ n: number }>(
			"select count(*)::int as n from public.audit_log where action = 'retry_message' and row_id = any($1)",
			[[String(failed), String(unknown)]]
		);
		expect(rows[0]!.n).toBe(2);
		// Queued or sent: nothing to retry.
		const again = await rpc(lead, 'retry_message', { id: failed });
		expect(again.error?.code).toBe('P0001');
		expect((await rpc(lead, 'retry_message', { id: 999_999_999 })).error?.code).toBe('P0002');
		// Claimed again now (the database's clock).
		expect(
			(await ok<Claimed>(service(), 'claim_messages', { worker: 'w2', max: 10 })).messages
				.map((m) => m.id)
				.sort()
		).toEqual([failed, unknown].sort());
	});

	it('is refused to every other role, changing nothing', async () => {
		const id = (await queueOne())!;
		await claim('w', 0);
		await ok(service(), 'message_failed', { id, worker: 'w', error: '550', permanent: true });
		for (const email of ['facilitator1@example.org', 'parent1@example.org']) {
			expect(await rpcCode(await as(email), 'retry_message', { id })).toBe('42501');
		}
		expect(await rpcCode(anonClient(backend), 'retry_message', { id })).toBe('42501');
		expect((await row(id)).status).toBe('failed');
	});
});

describe('run_scheduled_jobs', () => {
	// Lapsing offers through it is tested with the offers (groups-lifecycle.test.ts).
	it('returns its counts, calls the hooks, and is for the service role or the database', async () => {
		const counts = await ok<Record<string, unknown>>(service(), 'run_scheduled_jobs');
		expect(counts).toEqual({
			accreditation_reminders_queued: expect.any(Number),
			measure_reminders_queued: expect.any(Number),
			offers_lapsed: expect.any(Number),
			claims_unknown: expect.any(Number),
			reminders_queued: expect.any(Number),
			concerns_escalated: expect.any(Number),
			interest_attempts_pruned: expect.any(Number),
			course_holds: {
				holds_expired: expect.any(Number),
				offers_expired: expect.any(Number),
				places_offered: expect.any(Number)
			},
			invoice_reminders_queued: expect.any(Number),
			online_nudges_queued: expect.any(Number)
		});
		// pg_cron runs it as the database's own role, with no request claims.
		const direct = await backend.db.query<{ r: Record<string, number> }>(
			'select public.run_scheduled_jobs() as r'
		);
		expect(direct.rows[0]!.r.offers_lapsed).toBe(0);
		for (const email of ['lead@example.org', 'facilitator1@example.org', 'parent1@example.org']) {
			expect(await rpcCode(await as(email), 'run_scheduled_jobs')).toBe('42501');
		}
	});
});
