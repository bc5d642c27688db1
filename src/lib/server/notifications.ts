import { z } from 'zod';
import { sendMail } from './mailer';
import { templates } from './messages/templates';
import type { Clinic, Mail } from './messages/types';
import { createAdminClient, siteUrl } from './supabase';

/** What public.take_notifications returns for each queued email. */
const Queued = z.object({
	id: z.number().int(),
	kind: z.string(),
	to: z.string(),
	full_name: z.string(),
	payload: z.unknown()
});
type Queued = z.infer<typeof Queued>;

/** Until the organisation's settings reach the queue, emails are signed by the service's name. */
const CLINIC: Clinic = {
	name: 'Reflective Groups',
	phone: null,
	email: null,
	postal_address: null,
	reply_to: null,
	staff_contact: null
};

/** The email for a queued message, as sent; throws for a kind with no template. */
export function renderNotification(n: Queued, clinic: Clinic = CLINIC): Mail {
	const template = templates[n.kind];
	if (!template) throw new Error(`no template for ${n.kind}`);
	const context = {
		recipient: { email: n.to, full_name: n.full_name, role: null },
		clinic,
		siteUrl: siteUrl()
	};
	return { to: n.to, ...template(n.payload, context) };
}

/**
 * Deliver what the database queued: lapse overdue offers (which may queue new ones), then send
 * every pending email. Runs after actions that can free places and every minute on a timer.
 */
export async function deliverNotifications(): Promise<number> {
	const admin = await createAdminClient();
	const lapsed = await admin.rpc('lapse_offers');
	if (lapsed.error) console.error('[notifications] lapse_offers', lapsed.error);
	const { data, error } = await admin.rpc('take_notifications');
	if (error) {
		console.error('[notifications] take_notifications', error);
		return 0;
	}
	// Taken means marked as sent: one the app cannot read is logged, and the rest still go.
	const pending = Array.isArray(data) ? data : [];
	for (const item of pending) {
		const n = Queued.safeParse(item);
		if (!n.success) {
			console.error('[notifications] cannot read', item, z.prettifyError(n.error));
			continue;
		}
		try {
			await sendMail(renderNotification(n.data));
		} catch (e) {
			console.error(`[notifications] could not send ${n.data.id}`, e);
		}
	}
	return pending.length;
}
