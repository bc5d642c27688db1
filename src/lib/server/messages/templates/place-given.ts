import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import { calendarAttachment, firstSession, Place, schedule, whereAndWho } from '../place';
import type { Renderer } from '../types';

/**
 * A family has a place (given by staff, or an offer accepted): every session's date, where,
 * who runs it, how to reach the clinic, and all the sessions as one calendar file.
 */
export const placeGiven: Renderer = (payload, ctx) => {
	const p = Place.parse(payload);
	const c = ctx.clinic;
	const href = `${ctx.siteUrl}/my`;
	const starts = firstSession(p);
	const opening = `You have a place in ${p.group.name}, a Reflective Parenting group${starts ? ` starting ${starts}` : ''}.`;
	const intro = `These are the dates of all ${p.sessions.length} sessions:`;
	const s = schedule(p);
	const w = whereAndWho(p);
	const reach = [c.phone ? `call ${c.phone}` : '', c.email ? `email ${c.email}` : '']
		.filter(Boolean)
		.join(' or ');
	const contact = `If you have a question, or cannot come to a session, ${reach || 'reply to this email'}.`;
	const calendar =
		'The attached calendar file adds every session to your phone or computer calendar.';
	return {
		subject: `Your place in ${p.group.name}`,
		...layout(
			{
				text: [opening, intro, s.text, ...w.text, calendar, contact, `Your group: ${href}`],
				html: [
					`<p>${escapeHtml(opening)}</p>`,
					`<p>${escapeHtml(intro)}</p>`,
					s.html,
					...w.html,
					`<p>${escapeHtml(calendar)}</p>`,
					`<p>${escapeHtml(contact)}</p>`,
					`<p>${link(href, 'See your group')}</p>`
				],
				why: `You get this because you have a place in a group at ${c.name}.`
			},
			ctx
		),
		attachments: p.sessions.length ? [calendarAttachment(p, ctx)] : undefined
	};
};
