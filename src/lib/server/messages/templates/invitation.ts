import { z } from 'zod';
import { clock, day } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import { calendarAttachment, firstSession, Place, schedule, whereAndWho } from '../place';
import type { Renderer } from '../types';

const Payload = z.object({
	token: z.string(),
	expires_at: z.string(),
	role: z.enum(['facilitator', 'parent']),
	invited_by: z.object({ full_name: z.string(), first_name: z.string().optional() }),
	place: Place.nullish()
});

/**
 * A personal invitation: who invited them, to which clinic, and (when it comes from enrolling
 * a family) the group with its dates, venue and facilitators. The link opens /welcome/<token>,
 * where they set a password; it works once, for 7 days.
 */
export const invitation: Renderer = (payload, ctx) => {
	const p = Payload.parse(payload);
	const clinic = ctx.clinic.name;
	const by = p.invited_by.full_name;
	const href = `${ctx.siteUrl}/welcome/${p.token}`;
	const until = `${day(p.expires_at)} at ${clock(p.expires_at)}`;
	const place = p.place;
	const group = place?.group.name;

	let subject: string;
	let opening: string;
	if (place?.status === 'enrolled') {
		subject = `Your place in ${group} at ${clinic}`;
		opening = `${by} at ${clinic} has given you a place in ${group}, a Reflective Parenting group.`;
	} else if (place?.status === 'offered') {
		subject = `A place for you in ${group} at ${clinic}`;
		opening = `${by} at ${clinic} is offering you a place in ${group}, a Reflective Parenting group.`;
	} else if (place?.status === 'waitlisted') {
		subject = `You are on the waiting list for ${group} at ${clinic}`;
		opening = `${by} at ${clinic} has put you on the waiting list for ${group}, a Reflective Parenting group${place.position ? `: you are number ${place.position}` : ''}.`;
	} else if (p.role === 'facilitator') {
		subject = `${by} has invited you to run groups at ${clinic}`;
		opening = `${by} has invited you to join ${clinic} as a facilitator. Once your account is set up you can run groups, take registers and share session materials.`;
	} else {
		subject = `${by} has invited you to ${clinic}'s parents' groups`;
		opening = `${by} has invited you to join ${clinic}'s parents' groups. Once your account is set up you can see your group's sessions and materials.`;
	}

	const text = [opening];
	const html = [`<p>${escapeHtml(opening)}</p>`];
	if (place && place.sessions.length) {
		const starts = firstSession(place);
		const intro = `The group meets ${place.sessions.length} times${starts ? `, starting ${starts}` : ''}:`;
		const s = schedule(place);
		text.push(intro, s.text);
		html.push(`<p>${escapeHtml(intro)}</p>`, s.html);
		const w = whereAndWho(place);
		text.push(...w.text);
		html.push(...w.html);
	}
	const setUp = 'Set up your account by choosing a password:';
	const limits = `This link is just for you. It works once, until ${until}. If it has stopped working, ask ${p.invited_by.first_name ?? by} or the clinic to send a new one.`;
	text.push(`${setUp} ${href}`, limits);
	html.push(`<p>${link(href, 'Set up your account')}</p>`, `<p>${escapeHtml(limits)}</p>`);

	return {
		subject,
		...layout(
			{
				text,
				html,
				why: `You get this because ${by} at ${clinic} invited you.`
			},
			ctx
		),
		attachments:
			place?.status === 'enrolled' && place.sessions.length
				? [calendarAttachment(place, ctx)]
				: undefined
	};
};
