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

// The spoken style of dates and times emails use ("Thursday 4 December, 6–8pm") lives with
// the pages' own formats in $lib/groups/format.
export { hour, longDay, when } from '$lib/groups/format';

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
