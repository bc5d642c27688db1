import { env } from '$env/dynamic/private';
import { isDemo } from './mode';
import { embeddedBackend } from './supabase';

import type { Mail } from './messages/types';

/**
 * Send one app email (auth emails are Supabase's own). Embedded mode keeps it in the outbox at
 * /dev/mail. With a Supabase project, mail goes to the provider at MAIL_WEBHOOK_URL (a JSON
 * POST of {to, subject, html}, which Resend, Postmark and most relays accept through a small
 * adapter); without one it is logged so nothing is silently lost.
 */
export async function sendMail(mail: Mail): Promise<void> {
	if (isDemo()) {
		await (await embeddedBackend()).outbox.send(mail.to, mail.subject, mail.html);
		return;
	}
	if (!env.MAIL_WEBHOOK_URL) {
		console.warn(`[mail] MAIL_WEBHOOK_URL is not set; not sent: "${mail.subject}" to ${mail.to}`);
		return;
	}
	const res = await fetch(env.MAIL_WEBHOOK_URL, {
		method: 'POST',
		headers: {
			'content-type': 'application/json',
			...(env.MAIL_WEBHOOK_TOKEN ? { authorization: `Bearer ${env.MAIL_WEBHOOK_TOKEN}` } : {})
		},
		body: JSON.stringify(mail)
	});
	if (!res.ok) throw new Error(`mail provider answered ${res.status}`);
}
