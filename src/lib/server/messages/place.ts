import { z } from 'zod';
import { sessionsCalendar } from '$lib/calendar/ics';
import { clock, day, sessionTime } from '$lib/groups/format';
import { escapeHtml } from '$lib/html';
import { mapLink, venueLine } from '$lib/maps';
import { link } from './layout';
import type { Attachment, MessageContext } from './types';

/**
 * A family's place as private.place_message queues it: the group, its sessions and facilitators,
 * and what the family has (a place, an offer or a waitlist spot). Shared by the invitation, the
 * welcome, the waitlist and the offer emails.
 */
export const PlaceSession = z.object({
	id: z.string(),
	number: z.number(),
	title: z.string().nullish(),
	starts_at: z.string(),
	ends_at: z.string(),
	revision: z.number().default(0)
});

export const Place = z.object({
	enrolment_id: z.string(),
	status: z.enum(['enrolled', 'offered', 'waitlisted']),
	offer_expires_at: z.string().nullish(),
	position: z.number().nullish(),
	group: z.object({
		id: z.string(),
		name: z.string(),
		programme: z.string().nullish(),
		venue: z.string().nullish(),
		venue_postcode: z.string().nullish(),
		video_link: z.string().nullish()
	}),
	facilitators: z.array(z.string()).default([]),
	sessions: z.array(PlaceSession).default([])
});
export type Place = z.infer<typeof Place>;

/** "Priya and Tom", "Priya, Sam and Tom". */
export function names(list: string[]): string {
	if (list.length <= 1) return list[0] ?? '';
	return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** One line per session: "Session 1, Thu 4 Mar 2027, 18:00–20:00: Welcome". */
export function sessionLines(p: Place): string[] {
	return p.sessions.map(
		(s) =>
			`Session ${s.number}, ${sessionTime(s.starts_at, s.ends_at)}${s.title ? `: ${s.title}` : ''}`
	);
}

/** The group's where and who, as text lines and the same as html. */
export function whereAndWho(p: Place): { text: string[]; html: string[] } {
	const g = p.group;
	const venue = venueLine(g.venue ?? null, g.venue_postcode ?? null);
	const map = mapLink(g.venue ?? null, g.venue_postcode ?? null);
	const text: string[] = [];
	const html: string[] = [];
	if (venue) {
		text.push(`Where: ${venue}${map ? `\nMap: ${map}` : ''}`);
		html.push(`<p>Where: ${escapeHtml(venue)}${map ? ` (${link(map, 'map')})` : ''}</p>`);
	} else if (g.video_link) {
		text.push(`Where: online, by video call: ${g.video_link}`);
		html.push(`<p>Where: online, by video call: ${link(g.video_link, g.video_link)}</p>`);
	}
	if (p.facilitators.length) {
		const who = `Your facilitators: ${names(p.facilitators)}.`;
		text.push(who);
		html.push(`<p>${escapeHtml(who)}</p>`);
	}
	return { text, html };
}

/** The sessions as a text block and an html list. */
export function schedule(p: Place): { text: string; html: string } {
	const lines = sessionLines(p);
	return {
		text: lines.join('\n'),
		html: `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`
	};
}

/** When the first session is: "Thu 4 Mar 2027 at 18:00", or null with none. */
export function firstSession(p: Place): string | null {
	const s = p.sessions[0];
	return s ? `${day(s.starts_at)} at ${clock(s.starts_at)}` : null;
}

/**
 * Every session as one calendar file, so the family can add them all at once. A REQUEST from
 * the clinic, with the same UIDs as later change emails, so a moved session updates the copy
 * this put in their calendar.
 */
export function calendarAttachment(p: Place, ctx: MessageContext): Attachment {
	const venue = venueLine(p.group.venue ?? null, p.group.venue_postcode ?? null);
	const content = sessionsCalendar(
		p.sessions.map((s) => ({
			id: s.id,
			number: s.number,
			title: s.title ?? null,
			starts_at: s.starts_at,
			ends_at: s.ends_at,
			status: 'scheduled' as const,
			revision: s.revision,
			group_name: p.group.name,
			venue,
			video_link: p.group.video_link ?? null,
			session_count: p.sessions.length
		})),
		ctx.siteUrl,
		{
			method: 'REQUEST',
			organizer: { name: ctx.clinic.name, email: ctx.clinic.reply_to ?? ctx.clinic.email }
		}
	);
	return {
		filename: 'sessions.ics',
		contentType: 'text/calendar; charset=utf-8; method=REQUEST',
		content
	};
}
