import { z } from 'zod';
import { courseDate } from '$lib/courses/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({ course: z.string(), first_day: z.string(), link: z.string() });

/** A trainee's online training has opened (paid, within the month before, or granted early). */
export const onlineTrainingOpen: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}${p.link}`;
	const opening = `Your online training for ${p.course} is open. It is a series of short videos, about four hours in all, to watch before the course starts on ${courseDate(p.first_day)}.`;
	const how = 'You can watch a few at a time: your progress is saved as you go.';
	return {
		subject: 'Your online training is open',
		...layout(
			{
				text: [opening, `Start here: ${href}`, how],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>${link(href, 'Start the online training')}</p>`,
					`<p>${escapeHtml(how)}</p>`
				],
				why: `You get this because you have a place on a course at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
