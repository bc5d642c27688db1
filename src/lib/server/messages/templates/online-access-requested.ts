import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { printedDate } from '$lib/money/format';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	request_id: z.string(),
	course_id: z.string(),
	course_title: z.string(),
	trainee_name: z.string().nullable(),
	trainee_email: z.string().nullable(),
	opens_on: z.string().nullable(),
	paid: z.boolean(),
	message: z.string()
});

/**
 * A trainee asked to open the online training early. To each training admin, who grants or
 * declines it on the course's teaching page; the email says whether the place is paid, because
 * early access never opens an unpaid place.
 */
export const onlineAccessRequested: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const who = p.trainee_name ?? p.trainee_email ?? 'A trainee';
	const href = `${ctx.siteUrl}/teaching/${p.course_id}`;
	const what = `${who} asked to start the online training for “${p.course_title}” early.`;
	const facts = [
		...(p.opens_on ? [`It opens for them on ${printedDate(p.opens_on)}.`] : []),
		p.paid
			? 'Their place is paid for.'
			: 'Their place is not paid for yet, so it cannot open until it is, even with early access.'
	].join(' ');
	const message = p.message.trim();
	return {
		subject: `Early access asked for: ${who}`,
		...layout(
			{
				text: [
					what,
					facts,
					...(message ? [`Their message:\n${message}`] : []),
					`Grant or decline it: ${href}`
				],
				html: [
					`<p>${escapeHtml(what)}</p>`,
					`<p>${escapeHtml(facts)}</p>`,
					...(message
						? [`<p>Their message:<br>${escapeHtml(message).replace(/\n/g, '<br>')}</p>`]
						: []),
					`<p>${link(href, 'Grant or decline it')}</p>`
				],
				why: 'You get this because you are a training admin.'
			},
			ctx
		)
	};
};
