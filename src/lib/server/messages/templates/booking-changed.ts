import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { longDate } from '$lib/schedule/london';
import { money } from '$lib/courses/money';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Common = z.object({
	booking: z.object({ id: z.string(), reference: z.string(), booker_name: z.string() }),
	course: z.object({ id: z.string(), title: z.string(), first_day: z.string().nullable() }),
	places: z.array(z.string())
});
const Payload = z.discriminatedUnion('change', [
	Common.extend({
		change: z.literal('cancel'),
		refund_pence: z.number().int(),
		band: z.string(),
		credit_note_number: z.number().int().nullable(),
		reason: z.string()
	}),
	Common.extend({
		change: z.literal('transfer'),
		fee_pence: z.number().int(),
		band: z.string(),
		to_course: z.object({ title: z.string(), first_day: z.string().nullable() }),
		new_booking: z.object({ id: z.string(), reference: z.string() })
	}),
	Common.extend({
		change: z.literal('substitute'),
		replaced: z.string().nullable(),
		grants_online_training: z.boolean()
	})
]);

const who = (places: string[]) =>
	places.length === 1 ? `1 place (${places[0]})` : `${places.length} places (${places.join(', ')})`;

/**
 * A booking changed under the course's terms (87_course_terms.sql): places cancelled with what is
 * credited, places transferred with the fee, or an attendee substituted. To the booker.
 */
export const bookingChanged: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const ref = p.booking.reference;
	let subject: string;
	let lines: string[];
	let href = `${ctx.siteUrl}/bookings/${p.booking.id}`;
	if (p.change === 'cancel') {
		subject = `Booking ${ref}: places cancelled`;
		lines = [
			`We have cancelled ${who(p.places)} on ${p.course.title}, booking ${ref}.`,
			`${p.band}. ${
				p.credit_note_number
					? `Credit note ${p.credit_note_number} takes ${money(p.refund_pence)} off the invoice; if you have already paid more than is now due, we will pay the difference back.`
					: 'Nothing is refunded, so the invoice stays as it was.'
			}`
		];
	} else if (p.change === 'transfer') {
		subject = `Booking ${ref}: places moved to a later course`;
		href = `${ctx.siteUrl}/bookings/${p.new_booking.id}`;
		lines = [
			`We have moved ${who(p.places)} from ${p.course.title} to ${p.to_course.title}${
				p.to_course.first_day ? `, starting ${longDate(p.to_course.first_day)}` : ''
			}. The new booking is ${p.new_booking.reference}.`,
			`${p.band}. The transfer costs ${money(p.fee_pence)}, on a new invoice; your original invoice still pays for the places.`
		];
	} else {
		subject = `Booking ${ref}: attendee changed`;
		lines = [
			`${p.places[0]} now has the place on ${p.course.title}${
				p.replaced ? ` instead of ${p.replaced}` : ''
			}, booking ${ref}. There is no charge.`,
			`We have emailed ${p.places[0]} an invitation to set up their account.${
				p.grants_online_training
					? ' The place includes the online training, which they need to do themselves: their own progress starts from the beginning.'
					: ''
			}`
		];
	}
	return {
		subject,
		...layout(
			{
				text: [...lines, `Your booking: ${href}`],
				html: [
					...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
					`<p>${link(href, 'Your booking')}</p>`
				],
				why: `You get this because you made booking ${ref} with ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
