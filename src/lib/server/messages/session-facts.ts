/**
 * What the session emails (session_changed, group_cancelled, session_reminder) share: the group
 * and session facts their payloads carry (private.group_facts and private.session_facts in
 * supabase/schemas/75_session_messages.sql), times as people say them, where the group meets,
 * the link to the exact page for each audience, and the calendar files that update calendars.
 */
import { z } from 'zod';
import { sessionStatus } from '$lib/view-fields';
import { sessionsCalendar, sessionTitle, type CalendarMethod } from '$lib/calendar/ics';
import type { CalendarSession } from '$lib/parents/types';
import type { Attachment, MessageContext } from './types';

export const GroupFacts = z.object({
	id: z.string(),
	name: z.string(),
	venue: z.string().nullable(),
	video_link: z.string().nullable(),
	session_count: z.number().int()
});
export type GroupFacts = z.infer<typeof GroupFacts>;

export const SessionFacts = z.object({
	id: z.string(),
	number: z.number().int(),
	title: z.string().nullable(),
	starts_at: z.string(),
	ends_at: z.string(),
	status: sessionStatus,
	revision: z.number().int()
});
export type SessionFacts = z.infer<typeof SessionFacts>;

/** A session that moved: its new facts and the times calendars had before. */
export const MovedSession = SessionFacts.extend({
	was_starts_at: z.string(),
	was_ends_at: z.string()
});
export type MovedSession = z.infer<typeof MovedSession>;

/** Who an email about a group is for: decides the link and the footer. */
export const Audience = z.enum(['parent', 'facilitator']);
export type Audience = z.infer<typeof Audience>;

const LONDON = 'Europe/London';
const dateFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	weekday: 'long',
	day: 'numeric',
	month: 'long'
});
const hourFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	hour: 'numeric',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** "Thursday 4 December" in London. */
export function longDay(iso: string): string {
	return dateFormat.format(new Date(iso)).replace(',', '');
}

function hourParts(iso: string): { time: string; half: 'am' | 'pm' } {
	const [h, m] = hourFormat.format(new Date(iso)).split(':').map(Number) as [number, number];
	const twelve = h % 12 === 0 ? 12 : h % 12;
	return {
		time: m ? `${twelve}:${String(m).padStart(2, '0')}` : `${twelve}`,
		half: h < 12 ? 'am' : 'pm'
	};
}

/** "6pm", "10:30am" in London. */
export function hour(iso: string): string {
	const p = hourParts(iso);
	return p.time + p.half;
}

/** "Thursday 4 December, 6–8pm" or "Tuesday 9 December, 10am–12pm", in London. */
export function when(startIso: string, endIso: string): string {
	const a = hourParts(startIso);
	const b = hourParts(endIso);
	const range =
		a.half === b.half ? `${a.time}–${b.time}${b.half}` : `${hour(startIso)}–${hour(endIso)}`;
	return `${longDay(startIso)}, ${range}`;
}

/** "Session 4 of 8: Attention and curiosity". */
export function named(s: SessionFacts, g: GroupFacts): string {
	return sessionTitle({ number: s.number, session_count: g.session_count, title: s.title });
}

/** Where the group meets: the venue, or the video call. */
export function place(g: GroupFacts): { text: string; href: string | null } {
	if (g.venue) return { text: `At ${g.venue}`, href: null };
	return { text: `Online, by video call: ${g.video_link ?? ''}`, href: g.video_link };
}

/** The exact page for a session: a parent's own, or the group's page for its staff. */
export function sessionHref(
	ctx: MessageContext,
	audience: Audience,
	g: GroupFacts,
	s: SessionFacts
) {
	return audience === 'parent'
		? `${ctx.siteUrl}/my/sessions/${s.id}`
		: `${ctx.siteUrl}/groups/${g.id}/sessions/${s.number}`;
}

/** Why the person gets an email about their group. */
export function why(audience: Audience, g: GroupFacts): string {
	return audience === 'parent'
		? `You get this because you have a place in ${g.name}. We always tell you when a session changes.`
		: `You get this because you facilitate ${g.name}.`;
}

function calendarSession(s: SessionFacts, g: GroupFacts): CalendarSession {
	return {
		id: s.id,
		number: s.number,
		title: s.title,
		starts_at: s.starts_at,
		ends_at: s.ends_at,
		status: s.status,
		revision: s.revision,
		group_name: g.name,
		venue: g.venue,
		video_link: g.video_link,
		session_count: g.session_count
	};
}

/**
 * A calendar file for an email: REQUEST updates (or adds) the events, CANCEL removes them; the
 * same UIDs as the parents' downloads, SEQUENCE their revision, the clinic as organiser.
 */
export function calendarFile(
	method: Exclude<CalendarMethod, 'PUBLISH'>,
	sessions: SessionFacts[],
	g: GroupFacts,
	ctx: MessageContext
): Attachment {
	const content = sessionsCalendar(
		sessions.map((s) => calendarSession(s, g)),
		ctx.siteUrl,
		{
			method,
			organizer: { name: ctx.clinic.name, email: ctx.clinic.reply_to ?? ctx.clinic.email }
		}
	);
	return {
		filename: method === 'CANCEL' ? 'cancelled.ics' : 'updated.ics',
		contentType: `text/calendar; charset=utf-8; method=${method}`,
		content
	};
}
