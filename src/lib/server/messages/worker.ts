import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { templates as registry } from './templates';
import { sendFailure, type OutgoingMail, type Transport } from './transport';
import type { Clinic, Renderer } from './types';

/**
 * The worker: claims a batch of queued messages (public.claim_messages, `for update skip
 * locked`, so any number of servers can run one each), renders each with its template, sends it
 * and reports what happened (message_sent, message_failed). It runs on a timer in every server
 * (with the scheduled jobs) and whenever an action has queued mail (`run()`).
 *
 * What the worker never does is send a message twice by itself: a message is claimed before it
 * is sent, and a claim that is never reported becomes `unknown` in SQL, not queued again.
 */

/** The queue's functions, as the worker calls them (supabase-js in the app, pg in a pg test). */
export interface MessageQueue {
	/** public.claim_messages: the batch, as jsonb. */
	claim(worker: string, max: number, asOf?: string): Promise<unknown>;
	/** public.message_sent. */
	sent(id: number, worker: string, response: string, asOf?: string): Promise<unknown>;
	/** public.message_failed: the message's new status (`queued` to retry, or `failed`). */
	failed(
		id: number,
		worker: string,
		error: string,
		permanent: boolean,
		asOf?: string
	): Promise<unknown>;
	/** public.run_scheduled_jobs: counts of what it did. */
	runScheduledJobs(asOf?: string): Promise<unknown>;
}

const ClinicSchema = z.object({
	name: z.string(),
	phone: z.string().nullable(),
	email: z.string().nullable(),
	postal_address: z.string().nullable(),
	reply_to: z.string().nullable(),
	staff_contact: z.string().nullable()
});

const Batch = z.object({ clinic: ClinicSchema, messages: z.array(z.unknown()) });

/** One claimed message, as public.claim_messages returns it. */
export const ClaimedMessage = z.object({
	id: z.number().int(),
	kind: z.string(),
	payload: z.unknown(),
	attempts: z.number().int(),
	to: z.string(),
	full_name: z.string(),
	role: z.string().nullable()
});
export type ClaimedMessage = z.infer<typeof ClaimedMessage>;

export interface RenderOptions {
	siteUrl: string;
	/** For Message-IDs: the domain of MAIL_FROM. */
	domain: string;
	templates?: Record<string, Renderer>;
}

/**
 * The email for a claimed message, or why there cannot be one: no template for its kind, or a
 * template that throws on its payload. Either way trying again would fail the same way, so the
 * worker fails the message at once with this reason (the lead can retry it after a fix).
 */
export function renderMessage(
	m: ClaimedMessage,
	clinic: Clinic,
	{ siteUrl, domain, templates = registry }: RenderOptions
): { mail: OutgoingMail; problem?: never } | { mail?: never; problem: string } {
	const template = Object.hasOwn(templates, m.kind) ? templates[m.kind] : undefined;
	if (!template) return { problem: `There is no email template for messages of kind "${m.kind}".` };
	try {
		const body = template(m.payload, {
			recipient: { email: m.to, full_name: m.full_name, role: m.role },
			clinic,
			siteUrl
		});
		return {
			mail: {
				...body,
				to: m.to,
				replyTo: body.replyTo ?? clinic.reply_to ?? undefined,
				// Automatic, so auto-replies stay quiet (RFC 3834); the template's own headers win.
				headers: { 'Auto-Submitted': 'auto-generated', ...body.headers },
				// The same id on every try: a mail program shows a resent copy once.
				messageId: `<message-${m.id}@${domain}>`
			}
		};
	} catch (e) {
		const why = e instanceof z.ZodError ? z.prettifyError(e) : e instanceof Error ? e.message : e;
		return { problem: `The email could not be written from what was queued: ${String(why)}` };
	}
}

export interface WorkerOptions extends RenderOptions {
	queue: MessageQueue;
	transport: Transport;
	/** Names this worker in each claim; unique per process by default. */
	id?: string;
	/**
	 * The worker's clock, injected for tests and the demo's /dev/clock. Without one the database's
	 * clock decides what is due, so servers whose clocks disagree still agree.
	 */
	now?: () => Date;
	/** Messages claimed at a time (at most 100). */
	batchSize?: number;
	/** Batches in one pass before it lets the next timer tick carry on. */
	maxBatches?: number;
	log?: Pick<Console, 'error' | 'warn'>;
}

/** What one pass did. */
export interface PassReport {
	claimed: number;
	sent: number;
	/** Failed this time, to be tried again later. */
	retrying: number;
	/** Failed for good (permanent, out of tries, or no email could be written). */
	failed: number;
	/** Claimed but not reported (the database could not be told): unknown in 10 minutes. */
	unreported: number;
	/** run_scheduled_jobs' counts, when the pass ran them. */
	scheduled: unknown;
}

export interface Worker {
	readonly id: string;
	/**
	 * Run a pass (with the scheduled jobs when asked) after any pass already running, so passes in
	 * one process never overlap. Resolves with its report; never rejects.
	 */
	run(options?: { scheduled?: boolean }): Promise<PassReport>;
	/** Run a pass with the scheduled jobs now and every `ms`; the timer does not keep Node alive. */
	start(ms: number): void;
	/** Stop the timer and wait for the pass in progress. */
	stop(): Promise<void>;
}

export function defaultWorkerId(): string {
	return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

const RECORD_TRIES = [0, 250, 1000];

export function createWorker(options: WorkerOptions): Worker {
	const id = options.id ?? defaultWorkerId();
	const { queue, transport, now } = options;
	const log = options.log ?? console;
	const batchSize = Math.min(Math.max(options.batchSize ?? 20, 1), 100);
	const maxBatches = options.maxBatches ?? 10;
	const asOf = () => now?.().toISOString();

	/** Tell the database; a brief outage is waited out, a longer one leaves the claim to SQL. */
	async function record(what: string, call: () => Promise<unknown>): Promise<unknown> {
		let last: unknown;
		for (const wait of RECORD_TRIES) {
			if (wait) await new Promise((r) => setTimeout(r, wait));
			try {
				return await call();
			} catch (e) {
				last = e;
			}
		}
		throw new Error(`could not record ${what}`, { cause: last });
	}

	async function pass(scheduled: boolean): Promise<PassReport> {
		const report: PassReport = {
			claimed: 0,
			sent: 0,
			retrying: 0,
			failed: 0,
			unreported: 0,
			scheduled: null
		};
		if (scheduled) {
			try {
				report.scheduled = await queue.runScheduledJobs(asOf());
			} catch (e) {
				log.error('[messages] run_scheduled_jobs failed', e);
			}
		}
		for (let batch = 0; batch < maxBatches; batch++) {
			let claimed: z.infer<typeof Batch>;
			try {
				claimed = Batch.parse(await queue.claim(id, batchSize, asOf()));
			} catch (e) {
				log.error('[messages] could not claim messages', e);
				break;
			}
			report.claimed += claimed.messages.length;
			await deliver(claimed.clinic, claimed.messages, report);
			if (claimed.messages.length < batchSize) break;
		}
		return report;
	}

	async function fail(m: { id: number }, reason: string, permanent: boolean, report: PassReport) {
		try {
			const status = await record(`the failure of ${m.id}`, () =>
				queue.failed(m.id, id, reason, permanent, asOf())
			);
			if (status === 'queued') report.retrying += 1;
			else report.failed += 1;
		} catch (e) {
			report.unreported += 1;
			log.error(`[messages] message ${m.id}: ${reason}; and the failure was not recorded`, e);
		}
	}

	async function deliver(clinic: Clinic, items: unknown[], report: PassReport): Promise<void> {
		/** Set once the mail server itself failed: the rest of the batch waits for a later try. */
		let serverProblem: string | null = null;
		for (const item of items) {
			const parsed = ClaimedMessage.safeParse(item);
			if (!parsed.success) {
				// Not readable, so not sendable; with an id it can at least be failed visibly.
				const msgId = z.object({ id: z.number().int() }).safeParse(item);
				const why = `The worker could not read the queued message: ${z.prettifyError(parsed.error)}`;
				if (msgId.success) await fail(msgId.data, why, true, report);
				else log.error('[messages]', why, item);
				continue;
			}
			const m = parsed.data;
			if (serverProblem) {
				await fail(m, `Not tried: ${serverProblem}`, false, report);
				continue;
			}
			const rendered = renderMessage(m, clinic, options);
			if (rendered.problem !== undefined) {
				log.warn(`[messages] message ${m.id} (${m.kind}): ${rendered.problem}`);
				await fail(m, rendered.problem, true, report);
				continue;
			}
			let response: string;
			try {
				response = (await transport.send(rendered.mail)).response;
			} catch (e) {
				const f = sendFailure(e);
				if (f.scope === 'server') serverProblem = f.reason;
				await fail(m, f.reason, f.permanent, report);
				continue;
			}
			try {
				await record(`the sending of ${m.id}`, () => queue.sent(m.id, id, response, asOf()));
				report.sent += 1;
			} catch (e) {
				// Sent, but the database does not know: it becomes unknown, never sent again by itself.
				report.unreported += 1;
				log.error(`[messages] message ${m.id} was sent but could not be recorded`, e);
			}
		}
	}

	let current: Promise<PassReport> | null = null;
	let next: Promise<PassReport> | null = null;
	let nextScheduled = false;
	let timer: ReturnType<typeof setInterval> | undefined;

	function run({ scheduled = false } = {}): Promise<PassReport> {
		if (!current) {
			current = pass(scheduled)
				.catch((e) => {
					log.error('[messages] pass failed', e);
					return { claimed: 0, sent: 0, retrying: 0, failed: 0, unreported: 0, scheduled: null };
				})
				.finally(() => {
					current = null;
				});
			return current;
		}
		// One pass after the running one serves every request made meanwhile.
		nextScheduled ||= scheduled;
		next ??= current.then(() => {
			const s = nextScheduled;
			next = null;
			nextScheduled = false;
			return run({ scheduled: s });
		});
		return next;
	}

	return {
		id,
		run,
		start(ms) {
			if (timer) return;
			void run({ scheduled: true });
			timer = setInterval(() => void run({ scheduled: true }), ms);
			timer.unref();
		},
		async stop() {
			if (timer) clearInterval(timer);
			timer = undefined;
			await (next ?? current);
		}
	};
}
