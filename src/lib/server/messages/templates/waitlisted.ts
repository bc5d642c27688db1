import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import { firstSession, Place } from '../place';
import type { Renderer } from '../types';

/** A family is on a group's waiting list: where they are on it and what happens next. */
export const waitlisted: Renderer = (payload, ctx) => {
	const p = Place.parse(payload);
	const href = `${ctx.siteUrl}/my`;
	const starts = firstSession(p);
	const where = p.position
		? `You are number ${p.position} on the waiting list for ${p.group.name}`
		: `You are on the waiting list for ${p.group.name}`;
	const opening = `${where}, a Reflective Parenting group${starts ? ` starting ${starts}` : ''}. The group is full for now.`;
	const next =
		'If a place comes up, we will email you to offer it. You will then have up to 7 days (less if the group is about to start) to say whether you would like it. You do not need to do anything until then.';
	return {
		subject: `You are on the waiting list for ${p.group.name}`,
		...layout(
			{
				text: [opening, next, `See where you are: ${href}`],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>${escapeHtml(next)}</p>`,
					`<p>${link(href, 'See where you are on the list')}</p>`
				],
				why: `You get this because you are on a waiting list at ${ctx.clinic.name}.`
			},
			ctx
		)
	};
};
