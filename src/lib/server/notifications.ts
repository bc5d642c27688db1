import { z } from 'zod';
import { day, clock } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { sendMail } from './mailer';
import { createAdminClient, siteUrl } from './supabase';

/** What public.take_notifications returns for each queued email, by kind. */
const base = { id: z.number().int(), to: z.string(), full_name: z.string() };
const OfferNotification = z.object({
	...base,
	kind: z.literal('place_offered'),
	payload: z.object({
		enrolment_id: z.string(),
		group_name: z.string().optional(),
		offer_expires_at: z.string().nullish(),
		first_session: z.string().nullish()
	})
});
const ConcernNotification = z.object({
	...base,
	kind: z.literal('concern_raised'),
	payload: z.object({
		concern_id: z.string(),
		group_id: z.string(),
		urgency: z.string(),
		kind: z.string()
	})
});
const SignInAttemptsNotification = z.object({
	...base,
	kind: z.literal('sign_in_attempts'),
	payload: z.object({})
});
const Notification = z.discriminatedUnion('kind', [
	OfferNotification,
	ConcernNotification,
	SignInAttemptsNotification
]);
export type Notification = z.infer<typeof Notification>;
type OfferNotification = z.infer<typeof OfferNotification>;
type ConcernNotification = z.infer<typeof ConcernNotification>;
type SignInAttemptsNotification = z.infer<typeof SignInAttemptsNotification>;

function firstName(fullName: string): string {
	return escapeHtml(fullName.split(' ')[0] ?? fullName);
}

function offerMail(n: OfferNotification) {
	const p = n.payload;
	const link = `${siteUrl()}/my/offers/${p.enrolment_id}`;
	return {
		to: n.to,
		subject: 'A place has come up in your Reflective Parenting group',
		html: [
			`<p>Dear ${firstName(n.full_name)},</p>`,
			`<p>A place has come up in <strong>${escapeHtml(p.group_name ?? 'the group')}</strong>`,
			p.first_session
				? `, which starts on ${day(p.first_session)} at ${clock(p.first_session)}.</p>`
				: '.</p>',
			p.offer_expires_at
				? `<p>Please let us know by ${day(p.offer_expires_at)} at ${clock(p.offer_expires_at)} whether you would like it.</p>`
				: '',
			`<p><a href="${link}">Accept or decline the place</a></p>`,
			'<p>If you cannot take it up this time, that is fine: the place will go to the next family waiting.</p>'
		].join('')
	};
}

/** Email carries no details of the concern: they stay behind sign-in. */
function concernMail(n: ConcernNotification) {
	const p = n.payload;
	const urgent = p.urgency === 'high';
	return {
		to: n.to,
		subject: `${urgent ? 'Urgent: a' : 'A'} ${p.kind} concern has been raised`,
		html: [
			`<p>Dear ${firstName(n.full_name)},</p>`,
			`<p>A facilitator has raised a ${escapeHtml(p.urgency)}-urgency ${escapeHtml(p.kind)} concern about a family.`,
			urgent ? ' It is marked as needing action today.' : '',
			'</p>',
			`<p><a href="${siteUrl()}/review">Sign in to read it</a></p>`
		].join('')
	};
}

/**
 * Sent once a day at most when several sign-ins to the account have failed. It says nothing
 * about when, where from or how often: only what to do.
 */
function signInAttemptsMail(n: SignInAttemptsNotification) {
	return {
		to: n.to,
		subject: 'Someone has been trying to sign in to your account',
		html: [
			`<p>Dear ${firstName(n.full_name)},</p>`,
			'<p>Someone has been trying to sign in to your Reflective Groups account.</p>',
			'<p>If it was you, there is nothing you need to do.</p>',
			'<p>If it was not you, your account is still safe as long as nobody else knows your ',
			'password. To be sure, you can choose a new one:</p>',
			`<p><a href="${siteUrl()}/forgot-password">Reset your password</a></p>`
		].join('')
	};
}

/** The email for a queued notification, as sent. */
export function renderNotification(n: Notification) {
	switch (n.kind) {
		case 'place_offered':
			return offerMail(n);
		case 'concern_raised':
			return concernMail(n);
		case 'sign_in_attempts':
			return signInAttemptsMail(n);
	}
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
		const n = Notification.safeParse(item);
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
