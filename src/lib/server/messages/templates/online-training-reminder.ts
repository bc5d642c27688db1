import { z } from 'zod';
import { courseDate } from '$lib/courses/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	name: z.string(),
	course: z.string(),
	first_day: z.string(),
	days: z.number().int(),
	unpaid: z.boolean(),
	copy: z.boolean(),
	link: z.string()
});

/**
 * 14 or 3 days before a course, to an attendee who has not finished the online training (and a
 * copy to their booker). An unpaid place is told it must be paid for first: access opens only then.
 */
export const onlineTrainingReminder: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}${p.link}`;
	const when = `${p.course} starts in ${p.days} days, on ${courseDate(p.first_day)}`;
	const who = p.copy ? `${p.name} has` : 'you have';
	const opening = `${when}, and ${who} not finished the online training yet. It must be done before the first day.`;
	const pay = p.copy
		? `${p.name}'s place must be paid for first: the online training opens once it is.`
		: 'Your place must be paid for first: the online training opens once it is.';
	const copyLine = `We have sent ${p.name} the same reminder. You get a copy because you booked the place.`;
	const lines = [opening, ...(p.unpaid ? [pay] : []), ...(p.copy ? [copyLine] : [])];
	return {
		subject: p.copy
			? `${p.name}: online training not finished, ${p.days} days to go`
			: `Your online training: ${p.days} days to go`,
		...layout(
			{
				text: [...lines, ...(p.copy ? [] : [`Carry on here: ${href}`])],
				html: [
					...lines.map((l) => `<p>${escapeHtml(l)}</p>`),
					...(p.copy ? [] : [`<p>${link(href, 'Carry on with the online training')}</p>`])
				],
				why: `You get this because ${p.copy ? 'you booked' : 'you have'} a place on a course at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
