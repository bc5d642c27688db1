/**
 * Delivery on PostgreSQL 15, where claims really race: two workers (each with its own connection,
 * as two servers have) drain one queue of a few hundred messages and each message is sent exactly
 * once; retries and the unknown rule with the worker's injected clock; and the SMTP transport
 * (nodemailer) against a real SMTP server (smtp-server) that accepts one address and refuses
 * another with a 550, which becomes a permanent failure in the server's own words.
 */
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
	smtpTransport,
	type OutgoingMail,
	type Transport
} from '../../src/lib/server/messages/transport';
import { createWorker, type MessageQueue } from '../../src/lib/server/messages/worker';
import { useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 10 });
const RENDER = { siteUrl: 'https://groups.example.org', domain: 'clinic.example' };
const FROM = '"Riverside Family Clinic" <groups@clinic.example>';

/** The queue's functions over one pg connection of its own, as the service role (as PostgREST). */
function pgQueue(url: string): MessageQueue & { end(): Promise<void> } {
	const pool = new pg.Pool({ connectionString: url, max: 1 });
	async function call(sql: string, params: unknown[]): Promise<unknown> {
		const c = await pool.connect();
		try {
			await c.query('begin');
			await c.query('set local role service_role');
			await c.query("select set_config('request.jwt.claims', $1, true)", [
				JSON.stringify({ role: 'service_role' })
			]);
			const { rows } = await c.query<{ r: unknown }>(sql, params);
			await c.query('commit');
			return rows[0]!.r;
		} catch (e) {
			await c.query('rollback').catch(() => {});
			throw e;
		} finally {
			c.release();
		}
	}
	return {
		claim: (worker, max, asOf) =>
			call('select public.claim_messages($1, $2, coalesce($3, now())) as r', [worker, max, asOf]),
		sent: (id, worker, response, asOf) =>
			call('select public.message_sent($1, $2, $3, coalesce($4, now())) as r', [
				id,
				worker,
				response,
				asOf
			]),
		failed: (id, worker, error, permanent, asOf) =>
			call('select public.message_failed($1, $2, $3, $4, coalesce($5, now())) as r', [
				id,
				worker,
				error,
				permanent,
				asOf
			]),
		runScheduledJobs: (asOf) =>
			call('select public.run_scheduled_jobs(coalesce($1, now())) as r', [asOf]),
		end: () => pool.end()
	};
}

/** Queue `n` warnings to made-up addresses (as the function that makes a change would). */
async function queue(n: number, domain = 'example.org'): Promise<number[]> {
	const { rows } = await db().pool.query<{ id: string }>(
		`select private.queue_message_to_email('sign_in_attempts', 'person' || i || '@' || $2,
		   'Person ' || i, '{}'::jsonb) as id
		 from generate_series(1, $1) i`,
		[n, domain]
	);
	return rows.map((r) => Number(r.id));
}

async function statuses(ids: number[]): Promise<Record<string, number>> {
	const { rows } = await db().pool.query<{ status: string; n: number }>(
		'select status::text, count(*)::int as n from public.notifications where id = any($1) group by status',
		[ids]
	);
	return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** A transport that keeps what it is given, taking a little while as a real server does. */
function recording(): Transport & { sent: OutgoingMail[] } {
	const sent: OutgoingMail[] = [];
	return {
		sent,
		async send(mail) {
			await new Promise((r) => setTimeout(r, Math.random() * 3));
			sent.push(mail);
			return { response: `250 ok ${sent.length}` };
		}
	};
}

const idOf = (m: OutgoingMail) => Number(/<message-(\d+)@/.exec(m.messageId)![1]);

beforeEach(async () => {
	await db().pool.query(
		"update public.notifications set status = 'sent', sent_at = coalesce(sent_at, now()) where status <> 'sent'"
	);
});

describe('two workers, one queue', () => {
	it('send each of 400 messages exactly once', async () => {
		const ids = await queue(400);
		const queues = [pgQueue(db().url), pgQueue(db().url)];
		const transports = [recording(), recording()];
		const workers = queues.map((q, i) =>
			createWorker({
				...RENDER,
				queue: q,
				transport: transports[i]!,
				id: `server-${i + 1}`,
				batchSize: 10,
				maxBatches: 2
			})
		);
		try {
			// Both servers pass at once, again and again, until neither finds anything.
			for (let round = 0; round < 100; round++) {
				const reports = await Promise.all(workers.map((w) => w.run()));
				if (reports.every((r) => r.claimed === 0)) break;
			}
		} finally {
			await Promise.all(queues.map((q) => q.end()));
		}
		const sentIds = transports.flatMap((t) => t.sent.map(idOf)).filter((id) => ids.includes(id));
		expect(sentIds).toHaveLength(400);
		expect(new Set(sentIds).size).toBe(400);
		// Both really worked the queue.
		for (const t of transports) expect(t.sent.length).toBeGreaterThan(0);
		expect(await statuses(ids)).toEqual({ sent: 400 });
		const { rows } = await db().pool.query<{ claimed_by: string; n: number }>(
			'select claimed_by, count(*)::int as n from public.notifications where id = any($1) group by 1 order by 1',
			[ids]
		);
		expect(rows.map((r) => r.claimed_by)).toEqual(['server-1', 'server-2']);
		expect(rows.map((r) => r.n)).toEqual(transports.map((t) => t.sent.length));
	});
});

describe('retries and the unknown rule, on the worker clock', () => {
	it('a transient failure is tried again after a minute, then sent', async () => {
		const [id] = await queue(1, 'retry.example');
		let now = new Date('2030-01-01T10:00:00Z');
		let down = true;
		const sent: OutgoingMail[] = [];
		const q = pgQueue(db().url);
		const w = createWorker({
			...RENDER,
			queue: q,
			now: () => now,
			transport: {
				async send(mail) {
					if (down) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' });
					sent.push(mail);
					return { response: '250 ok' };
				}
			}
		});
		try {
			expect(await w.run()).toMatchObject({ claimed: 1, retrying: 1, sent: 0 });
			const { rows } = await db().pool.query<{ next_attempt_at: Date; last_error: string }>(
				'select next_attempt_at, last_error from public.notifications where id = $1',
				[id]
			);
			expect(rows[0]!.next_attempt_at.toISOString()).toBe('2030-01-01T10:01:00.000Z');
			expect(rows[0]!.last_error).toBe('ESOCKET: connect ECONNREFUSED');
			down = false;
			now = new Date('2030-01-01T10:00:59Z');
			expect(await w.run()).toMatchObject({ claimed: 0 });
			now = new Date('2030-01-01T10:01:00Z');
			expect(await w.run()).toMatchObject({ claimed: 1, sent: 1 });
			expect(sent.map(idOf)).toEqual([id]);
		} finally {
			await q.end();
		}
	});

	it('a claim never reported becomes unknown after 10 minutes and no worker sends it', async () => {
		const [id] = await queue(1, 'unknown.example');
		const q = pgQueue(db().url);
		try {
			// A server claims it and dies before reporting.
			await q.claim('dead-server', 20, '2030-02-01T10:00:00Z');
			const t = recording();
			const w = createWorker({
				...RENDER,
				queue: q,
				transport: t,
				now: () => new Date('2030-02-01T10:10:00Z')
			});
			const report = await w.run({ scheduled: true });
			expect(report.scheduled).toMatchObject({ claims_unknown: 1 });
			// In 2030 the run also queues (and the worker sends) the demo invoices' overdue reminders.
			const reminders = (report.scheduled as Record<string, number>).invoice_reminders_queued;
			expect(report.claimed).toBe(reminders);
			expect(await statuses([id!])).toEqual({ unknown: 1 });
			expect(t.sent.filter((m) => !/invoice .* is overdue/.test(m.subject))).toEqual([]);
		} finally {
			await q.end();
		}
	});
});

describe('a template that throws', () => {
	it('fails that message with the reason and sends the rest of the batch', async () => {
		const ids = await queue(3, 'template.example');
		const { rows } = await db().pool.query<{ id: string }>(
			"select private.queue_message_to_email('concern_raised', 'lead2@template.example', 'Lead', '{}') as id"
		);
		const broken = Number(rows[0]!.id);
		const t = recording();
		const q = pgQueue(db().url);
		try {
			const report = await createWorker({
				...RENDER,
				queue: q,
				transport: t,
				templates: {
					sign_in_attempts: () => ({ subject: 'Hello', text: 'Hello', html: '<p>Hello</p>' }),
					concern_raised: () => {
						throw new Error('the concern has no group');
					}
				}
			}).run();
			expect(report).toMatchObject({ claimed: 4, sent: 3, failed: 1 });
		} finally {
			await q.end();
		}
		expect(t.sent.map(idOf).sort()).toEqual([...ids].sort());
		const { rows: after } = await db().pool.query<{ status: string; last_error: string }>(
			'select status::text, last_error from public.notifications where id = $1',
			[broken]
		);
		expect(after[0]).toEqual({
			status: 'failed',
			last_error: 'The email could not be written from what was queued: the concern has no group'
		});
	});
});

describe('SMTP (nodemailer) against a real SMTP server', () => {
	const received: { to: string[]; raw: string }[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(address, _session, callback) {
			if (address.address.startsWith('nobody@')) {
				const err = Object.assign(
					new Error(`5.1.1 <${address.address}>: Recipient address rejected: User unknown`),
					{ responseCode: 550 }
				);
				return callback(err);
			}
			callback();
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (c: Buffer) => chunks.push(c));
			stream.on('end', () => {
				received.push({
					to: session.envelope.rcptTo.map((r) => r.address),
					raw: Buffer.concat(chunks).toString('utf8')
				});
				callback(null, 'Message accepted as 4711');
			});
		}
	});
	const listening = new Promise<number>((resolve) =>
		server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port))
	);
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it('sends one, and a 550 for another becomes a permanent failure with the server text', async () => {
		const port = await listening;
		const { rows } = await db().pool.query<{ ok: string; refused: string }>(
			`select private.queue_message_to_email('sign_in_attempts', 'real.person@example.org', 'Real Person', '{}') as ok,
			        private.queue_message_to_email('sign_in_attempts', 'nobody@example.org', 'Nobody', '{}') as refused`
		);
		const okId = Number(rows[0]!.ok);
		const refusedId = Number(rows[0]!.refused);
		const transport = smtpTransport(`smtp://127.0.0.1:${port}`, FROM);
		const q = pgQueue(db().url);
		try {
			const report = await createWorker({ ...RENDER, queue: q, transport }).run();
			expect(report).toMatchObject({ claimed: 2, sent: 1, failed: 1, retrying: 0 });
		} finally {
			transport.close?.();
			await q.end();
		}
		const { rows: after } = await db().pool.query<{
			id: string;
			status: string;
			attempts: number;
			last_error: string | null;
			provider_response: string | null;
		}>(
			'select id, status::text, attempts, last_error, provider_response from public.notifications where id = any($1)',
			[[okId, refusedId]]
		);
		const byId = new Map(after.map((r) => [Number(r.id), r]));
		expect(byId.get(okId)).toMatchObject({ status: 'sent' });
		expect(byId.get(okId)!.provider_response).toContain('250');
		expect(byId.get(okId)!.provider_response).toContain('Message accepted as 4711');
		expect(byId.get(refusedId)).toMatchObject({ status: 'failed', attempts: 1 });
		expect(byId.get(refusedId)!.last_error).toBe(
			'550 5.1.1 <nobody@example.org>: Recipient address rejected: User unknown'
		);
		// What arrived: to the one address, from MAIL_FROM, with our headers and both parts.
		expect(received).toHaveLength(1);
		expect(received[0]!.to).toEqual(['real.person@example.org']);
		const raw = received[0]!.raw.replace(/\r\n/g, '\n');
		expect(raw).toMatch(/^From: "?Riverside Family Clinic"? <groups@clinic\.example>$/m);
		// Replies go to the clinic's reply-to address (organisation settings).
		expect(raw).toMatch(/^Reply-To: groups@riverside-clinic\.example$/m);
		expect(raw).toMatch(new RegExp(`^Message-ID: <message-${okId}@clinic\\.example>$`, 'mi'));
		expect(raw).toMatch(/^Auto-Submitted: auto-generated$/m);
		expect(raw).toContain('Content-Type: text/plain');
		expect(raw).toContain('Content-Type: text/html');
	});

	it('a mail server that cannot be reached is retried later, and nothing is lost', async () => {
		const [id] = await queue(1, 'down.example');
		// A port with nothing listening.
		const closed = new SMTPServer({ logger: false });
		const port = await new Promise<number>((resolve) =>
			closed.listen(0, '127.0.0.1', () => resolve((closed.server.address() as AddressInfo).port))
		);
		await new Promise<void>((r) => closed.close(() => r()));
		const transport = smtpTransport(`smtp://127.0.0.1:${port}`, FROM);
		const q = pgQueue(db().url);
		try {
			expect(await createWorker({ ...RENDER, queue: q, transport }).run()).toMatchObject({
				claimed: 1,
				retrying: 1
			});
		} finally {
			transport.close?.();
			await q.end();
		}
		const { rows } = await db().pool.query<{ status: string; last_error: string }>(
			'select status::text, last_error from public.notifications where id = $1',
			[id]
		);
		expect(rows[0]!.status).toBe('queued');
		expect(rows[0]!.last_error).toMatch(/ECONNREFUSED/);
	});
});
