import { env } from '$env/dynamic/private';
import { isDemo } from '../mode';
import { createAdminClient, embeddedBackend, siteUrl } from '../supabase';
import { demoClock } from './demo-clock';
import { outboxTransport } from './outbox-transport';
import { supabaseQueue } from './queue';
import { fromDomain, smtpTransport, type Transport } from './transport';
import { createWorker, type PassReport, type Worker } from './worker';

/**
 * This server's one worker: SMTP (SMTP_URL, MAIL_FROM) with a Supabase project, the outbox in
 * the demo, where /dev/clock can move its clock. Every server runs one; the queue's claims keep
 * them from sending a message twice.
 */

/** Who the demo's mail is from when MAIL_FROM is not set. */
const DEMO_FROM = '"Reflective Groups (demo)" <groups@demo.invalid>';

/** How often each server runs a pass with the scheduled jobs. */
export const TICK_MS = 15_000;

let worker: Promise<Worker> | undefined;

function appWorker(): Promise<Worker> {
	worker ??= (async () => {
		const demo = isDemo();
		const from = env.MAIL_FROM || (demo ? DEMO_FROM : '');
		const transport: Transport = demo
			? outboxTransport((await embeddedBackend()).outbox, from)
			: smtpTransport(env.SMTP_URL ?? '', from);
		return createWorker({
			queue: supabaseQueue(await createAdminClient({ job: 'messages' })),
			transport,
			siteUrl: siteUrl(),
			domain: fromDomain(from),
			now: demo ? demoClock.now : undefined
		});
	})();
	return worker;
}

/** Start this server's timer (the server's init hook calls it once). */
export async function startDelivery(): Promise<void> {
	(await appWorker()).start(TICK_MS);
}

/** Stop the timer and let the pass in progress finish (on shutdown). */
export async function stopDelivery(): Promise<void> {
	if (worker) await (await worker).stop();
}

/**
 * Deliver what an action has just queued, now rather than at the next tick. Waits for the pass
 * at most `waitMs` (a slow mail server must not hold up the page); the pass goes on regardless.
 * `scheduled` also runs the scheduled jobs (the demo clock, after moving).
 */
export async function kickWorker({
	waitMs = 2_000,
	scheduled = false
}: { waitMs?: number; scheduled?: boolean } = {}): Promise<PassReport | null> {
	const pass = (await appWorker()).run({ scheduled });
	let timer: ReturnType<typeof setTimeout> | undefined;
	const waited = new Promise<null>((resolve) => {
		timer = setTimeout(() => resolve(null), waitMs);
		timer.unref();
	});
	try {
		return await Promise.race([pass, waited]);
	} finally {
		clearTimeout(timer);
	}
}
