import { z } from 'zod';
import { clock, day } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	token: z.string(),
	places: z.number(),
	offered_until: z.string(),
	course: z.object({ slug: z.string(), title: z.string() })
});

/** Places came free on a full course: a link to book them, kept until a deadline. */
export const coursePlaceOffered: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const what = p.places === 1 ? 'a place' : `${p.places} places`;
	const href = `${ctx.siteUrl}/courses/${p.course.slug}/book?offer=${encodeURIComponent(p.token)}`;
	const until = `${day(p.offered_until)} at ${clock(p.offered_until)}`;
	const opening = `Good news: ${what} on ${p.course.title} ${p.places === 1 ? 'has' : 'have'} come free, and ${p.places === 1 ? 'it is' : 'they are'} yours to book.`;
	const limits = `We keep ${p.places === 1 ? 'it' : 'them'} for you until ${until}. After that ${p.places === 1 ? 'it goes' : 'they go'} to the next person on the waiting list. This link is just for you.`;
	return {
		subject: `A place has come free on ${p.course.title}`,
		...layout(
			{
				text: [opening, `Book here: ${href}`, limits],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>${link(href, 'Book your place')}</p>`,
					`<p>${escapeHtml(limits)}</p>`
				],
				why: `You get this because you are on a course waiting list at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
