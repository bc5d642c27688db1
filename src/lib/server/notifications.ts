import { kickWorker } from './messages/delivery';

/**
 * Deliver the email an action has just queued (an offer of a place, a concern): a pass of this
 * server's worker now rather than at its next tick. The worker (./messages/worker.ts) claims,
 * renders, sends and records each message exactly once; this name stays for the actions that
 * call it.
 */
export async function deliverNotifications(): Promise<void> {
	await kickWorker();
}
