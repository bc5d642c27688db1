import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	concern_id: z.string(),
	group_id: z.string(),
	urgency: z.string(),
	kind: z.string()
});

/** A facilitator raised a concern. The email carries no details: they stay behind sign-in. */
export const concernRaised: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const urgent = p.urgency === 'high';
	// The concern's own page (behind sign-in), so the link lands on it.
	const href = `${ctx.siteUrl}/concerns/${p.concern_id}`;
	const what = `A facilitator has raised a ${p.urgency}-urgency ${p.kind} concern about a family.${urgent ? ' It is marked as needing action today.' : ''}`;
	return {
		subject: `${urgent ? 'Urgent: a' : 'A'} ${p.kind} concern has been raised`,
		...layout(
			{
				text: [what, `Read the concern: ${href}`],
				html: [`<p>${escapeHtml(what)}</p>`, `<p>${link(href, 'Read the concern')}</p>`],
				why: 'You get this because you review concerns for the clinic.'
			},
			ctx
		)
	};
};
