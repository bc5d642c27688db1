import { fail } from '@sveltejs/kit';
import { demoClock } from '$lib/server/messages/demo-clock';
import { kickWorker } from '$lib/server/messages/delivery';
import type { Actions, PageServerLoad } from './$types';

const UNITS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

export const load = (() => ({
	now: demoClock.now().toISOString(),
	offsetMs: demoClock.offsetMs()
})) satisfies PageServerLoad;

/**
 * Move the worker's clock (demo only) and run a pass with the scheduled jobs straight away, so
 * what falls due by the new time (reminders, retries, stale claims) happens before the page
 * comes back.
 */
export const actions = {
	forward: async ({ request }) => {
		const form = await request.formData();
		const amount = Number(form.get('amount'));
		const unit = String(form.get('unit') ?? '');
		const values = { amount: String(form.get('amount') ?? ''), unit };
		const errors: { amount?: string; unit?: string } = {};
		if (!Object.hasOwn(UNITS, unit)) errors.unit = 'Choose minutes, hours or days.';
		if (!Number.isInteger(amount) || amount < 1 || amount > 1000) {
			errors.amount = 'Enter a whole number from 1 to 1000.';
		}
		if (errors.unit || errors.amount) return fail(400, { values, errors });
		demoClock.forward(amount * UNITS[unit as keyof typeof UNITS]);
		const pass = await kickWorker({ scheduled: true, waitMs: 10_000 });
		return { moved: true, pass: pass && { claimed: pass.claimed, sent: pass.sent } };
	},
	reset: async () => {
		demoClock.reset();
		return { moved: true, pass: null };
	}
} satisfies Actions;
