import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	course: z.string(),
	not_done: z.array(z.string()),
	total: z.number().int(),
	done: z.number().int(),
	link: z.string()
});

/** The morning of day one, to each trainer: who has not finished the online training. */
export const onlineTrainingTrainers: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}${p.link}`;
	const counts = `${p.done} of ${p.total} attendees have finished the online training for ${p.course}, which starts today.`;
	const list = p.not_done.length
		? `Not finished yet: ${p.not_done.join(', ')}.`
		: 'Everyone has finished it.';
	return {
		subject: p.not_done.length
			? `Today's course: ${p.not_done.length} not finished the online training`
			: "Today's course: everyone has finished the online training",
		...layout(
			{
				text: [counts, list, `The attendees and the register: ${href}`],
				html: [
					`<p>${escapeHtml(counts)}</p>`,
					p.not_done.length
						? `<p>Not finished yet:</p><ul>${p.not_done.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
						: `<p>${escapeHtml(list)}</p>`,
					`<p>${link(href, 'Open the attendees and the register')}</p>`
				],
				why: `You get this because you are a trainer on this course at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
