import { z } from 'zod';
import { clock, day } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	enrolment_id: z.string(),
	group_name: z.string().optional(),
	offer_expires_at: z.string().nullish(),
	first_session: z.string().nullish()
});

/** A place came free and is offered to the next family on the waitlist. */
export const placeOffered: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const href = `${ctx.siteUrl}/my/offers/${p.enrolment_id}`;
	const group = p.group_name ?? 'the group';
	const starts = p.first_session
		? `, which starts on ${day(p.first_session)} at ${clock(p.first_session)}`
		: '';
	const by = p.offer_expires_at
		? `Please let us know by ${day(p.offer_expires_at)} at ${clock(p.offer_expires_at)} whether you would like it.`
		: '';
	const after =
		'If you cannot take it up this time, that is fine: the place will go to the next family waiting.';
	return {
		subject: 'A place has come up in your Reflective Parenting group',
		...layout(
			{
				text: [
					`A place has come up in ${group}${starts}.`,
					by,
					`Accept or decline: ${href}`,
					after
				],
				html: [
					`<p>A place has come up in <strong>${escapeHtml(group)}</strong>${escapeHtml(starts)}.</p>`,
					by ? `<p>${escapeHtml(by)}</p>` : '',
					`<p>${link(href, 'Accept or decline the place')}</p>`,
					`<p>${escapeHtml(after)}</p>`
				],
				why: 'You get this because you are on the waiting list for this group.'
			},
			ctx
		)
	};
};
