import { z } from 'zod';
import { clock, day } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';

const Payload = z.object({
	enrolment_id: z.string(),
	group_name: z.string().optional(),
	group: z.object({ name: z.string() }).optional(),
	sessions: z.array(z.object({ starts_at: z.string() })).optional(),
	/** For a family who has not set a password: a welcome link that sets one, then opens the offer. */
	welcome_token: z.string().optional(),
	offer_expires_at: z.string().nullish(),
	first_session: z.string().nullish()
});

/** A place came free and is offered to the next family on the waitlist. */
export const placeOffered: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const offer = `/my/offers/${p.enrolment_id}`;
	const href = p.welcome_token
		? `${ctx.siteUrl}/welcome/${p.welcome_token}?next=${encodeURIComponent(offer)}`
		: `${ctx.siteUrl}${offer}`;
	const group = p.group?.name ?? p.group_name ?? 'the group';
	const first = p.sessions?.[0]?.starts_at ?? p.first_session;
	const starts = first ? `, which starts on ${day(first)} at ${clock(first)}` : '';
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
					p.welcome_token
						? `First choose a password for your account, then accept or decline: ${href}`
						: `Accept or decline: ${href}`,
					after
				],
				html: [
					`<p>A place has come up in <strong>${escapeHtml(group)}</strong>${escapeHtml(starts)}.</p>`,
					by ? `<p>${escapeHtml(by)}</p>` : '',
					p.welcome_token
						? `<p>First choose a password for your account, then accept or decline: ${link(href, 'Set up your account and see the offer')}</p>`
						: `<p>${link(href, 'Accept or decline the place')}</p>`,
					`<p>${escapeHtml(after)}</p>`
				],
				why: 'You get this because you are on the waiting list for this group.'
			},
			ctx
		)
	};
};
