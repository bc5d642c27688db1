import { z } from 'zod';
import { courseDays, courseWhere, places } from '$lib/bookings/format';
import { CourseSummary } from '$lib/bookings/types';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	reference: z.string(),
	pay_by: z.enum(['invoice', 'card']),
	po_number: z.string().nullable(),
	course: CourseSummary,
	tiers: z.array(z.object({ name: z.string(), count: z.number() })),
	places: z.number(),
	named: z.number(),
	payment_due_days: z.number()
});

/**
 * A booking is confirmed (by invoice at once, by card once paid): the course, its days and
 * venue, the places per fee, the reference, what happens next, and where to sign in to manage it.
 */
export const bookingConfirmed: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}/bookings`;
	const opening = `Thank you: your booking of ${places(p.places)} on ${p.course.title} is confirmed. Your reference is ${p.reference}.`;
	const days = courseDays(p.course);
	const where = `Where: ${courseWhere(p.course)}`;
	const perTier = p.tiers.map((t) => `${places(t.count)}: ${t.name}`);
	const next: string[] = [];
	if (p.pay_by === 'invoice') {
		next.push(
			`We are sending the invoice to your finance contact. It is due within ${p.payment_due_days} days (or before the course starts, if sooner).${p.po_number ? ` It quotes your purchase order ${p.po_number}.` : ' Please add your purchase-order number when you have it.'}`
		);
	} else {
		next.push('Your card payment has been received.');
	}
	const unnamed = p.places - p.named;
	next.push(
		unnamed > 0
			? `You can name the ${places(unnamed)} still to be named at any time before the course. Each attendee gets an email to set up their account.`
			: 'Each attendee gets an email to set up their account.'
	);
	const manage = `See and manage your booking (sign in with this email address): ${href}`;
	return {
		subject: `Booking confirmed: ${p.course.title} (${p.reference})`,
		...layout(
			{
				text: [opening, 'The days:', ...days, where, 'Places:', ...perTier, ...next, manage],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>The days:</p><ul>${days.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`,
					`<p>${escapeHtml(where)}</p>`,
					`<p>Places:</p><ul>${perTier.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`,
					...next.map((n) => `<p>${escapeHtml(n)}</p>`),
					`<p>${link(href, 'See and manage your booking')} (sign in with this email address).</p>`
				],
				why: `You get this because you booked a course with ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
