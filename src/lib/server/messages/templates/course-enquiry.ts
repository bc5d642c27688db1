import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	enquiry_id: z.string(),
	organisation: z.string(),
	contact_name: z.string(),
	email: z.string(),
	phone: z.string().nullable(),
	staff_count: z.number().int(),
	area: z.string(),
	message: z.string(),
	course_title: z.string().nullable()
});

/**
 * An organisation asked about commissioning training, from the public form. Unlike the groups'
 * sign-up this email carries the enquiry: it is about a professional's work, not a family, and
 * goes only to the training admins, who reply to it.
 */
export const courseEnquiry: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}/admin/enquiries`;
	const what = p.course_title
		? `${p.organisation} would like to commission “${p.course_title}” locally.`
		: `${p.organisation} would like to commission training locally.`;
	const details: [string, string][] = [
		['Contact', p.contact_name],
		['Email', p.email],
		...(p.phone ? ([['Phone', p.phone]] as [string, string][]) : []),
		['Staff', String(p.staff_count)],
		['Area', p.area]
	];
	const message = p.message.trim();
	return {
		subject: `Training enquiry from ${p.organisation}`,
		...layout(
			{
				text: [
					what,
					details.map(([k, v]) => `${k}: ${v}`).join('\n'),
					...(message ? [`Their message:\n${message}`] : []),
					`See all enquiries: ${href}`
				],
				html: [
					`<p>${escapeHtml(what)}</p>`,
					`<p>${details.map(([k, v]) => `${escapeHtml(k)}: ${escapeHtml(v)}`).join('<br>')}</p>`,
					...(message
						? [`<p>Their message:<br>${escapeHtml(message).replace(/\n/g, '<br>')}</p>`]
						: []),
					`<p>${link(href, 'See all enquiries')}</p>`
				],
				why: 'You get this because you are a training admin.'
			},
			ctx
		)
	};
};
