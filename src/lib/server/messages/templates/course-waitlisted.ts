import { z } from 'zod';
import { courseDays } from '$lib/bookings/format';
import { CourseSummary } from '$lib/bookings/types';
import { escapeHtml } from '$lib/html';
import { layout } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	course: CourseSummary,
	places: z.number(),
	offer_hours: z.number()
});

/** Someone joined a full course's waiting list: what they asked for and what happens next. */
export const courseWaitlisted: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const what = p.places === 1 ? 'a place' : `${p.places} places`;
	const opening = `You are on the waiting list for ${what} on ${p.course.title}. The course is full for now.`;
	const days = courseDays(p.course);
	const next = `If ${p.places === 1 ? 'a place comes' : 'enough places come'} free, we will email you a link to book. The places are kept for you for ${p.offer_hours} hours (less if the course is about to start). You do not need to do anything until then.`;
	return {
		subject: `You are on the waiting list for ${p.course.title}`,
		...layout(
			{
				text: [opening, ...days, next],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<ul>${days.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`,
					`<p>${escapeHtml(next)}</p>`
				],
				why: `You get this because you joined a course waiting list at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
