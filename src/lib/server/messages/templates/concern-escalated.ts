import { z } from 'zod';
import { clock, day } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	concern_id: z.string(),
	kind: z.string(),
	urgency: z.string(),
	raised_at: z.string()
});

/**
 * To the deputy: a high-urgency concern still not reviewed a day later. Like the lead's email,
 * it carries no details; the link opens the concern behind sign-in.
 */
export const concernEscalated: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}/concerns/${p.concern_id}`;
	const what = `A high-urgency ${p.kind} concern raised on ${day(p.raised_at)} at ${clock(p.raised_at)} has not been reviewed in 24 hours. Please read it and review it today.`;
	return {
		subject: `Urgent: a ${p.kind} concern has not been reviewed`,
		...layout(
			{
				text: [what, `Read the concern: ${href}`],
				html: [`<p>${escapeHtml(what)}</p>`, `<p>${link(href, 'Read the concern')}</p>`],
				why: `You get this because you are ${ctx.clinic.name}'s deputy for concerns.`
			},
			ctx
		),
		headers: { Importance: 'high', 'X-Priority': '1' }
	};
};
