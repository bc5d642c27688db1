import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { printedDate } from '$lib/money/format';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	course: z.string(),
	/** Whether the rule opens it now: false while the place is unpaid (early access never overrides that). */
	open: z.boolean(),
	state: z.string(),
	first_day: z.string().nullable(),
	place_id: z.string()
});

/** The training staff granted early access to the online training (queued by grant_online_early_access). */
export const onlineEarlyAccess: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}/training`;
	const starts = p.first_day ? ` before the course on ${printedDate(p.first_day)}` : '';
	const opening = `You have been given early access to the online training for ${p.course}.`;
	const now = p.open
		? `It is open now: you can start the videos whenever suits you${starts}.`
		: `It will open as soon as your place is paid for. We will not need anything else from you.`;
	return {
		subject: p.open
			? `The online training for ${p.course} is open`
			: `Early access to the online training for ${p.course}`,
		...layout(
			{
				text: [opening, now, `Your training: ${href}`],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>${escapeHtml(now)}</p>`,
					`<p>${link(href, 'Go to your training')}</p>`
				],
				why: `You get this because you have a place on a course at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
