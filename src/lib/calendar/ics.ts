import { createEvents, type EventAttributes } from 'ics';
import type { CalendarSession } from '$lib/parents/types';

/** The same UID every time a session is exported, so a re-import updates rather than duplicates. */
export function sessionUid(id: string): string {
	return `session-${id}@reflective-groups`;
}

/**
 * What a calendar file is for (RFC 5546): PUBLISH for a download, REQUEST for an email that
 * updates an event already in someone's calendar, CANCEL for one that removes it. A calendar
 * object has one METHOD, so an email about a cancel-and-reschedule carries two files.
 */
export type CalendarMethod = 'PUBLISH' | 'REQUEST' | 'CANCEL';

export interface CalendarOptions {
	method?: CalendarMethod;
	/**
	 * Who the events are from. Calendar apps expect an ORGANIZER on a REQUEST or CANCEL before
	 * they apply it to the copy they hold; the clinic's name and address.
	 */
	organizer?: { name: string; email: string | null };
}

/** How long before a session the calendar's own reminder pops up. */
export const ALARM_HOURS_BEFORE = 2;

/** "Session 4 of 8: Attention and curiosity" (just "Session 4 of 8" when it has no title). */
export function sessionTitle(s: Pick<CalendarSession, 'number' | 'session_count' | 'title'>) {
	const numbered = `Session ${s.number} of ${s.session_count}`;
	return s.title ? `${numbered}: ${s.title}` : numbered;
}

function utcParts(iso: string): [number, number, number, number, number] {
	const d = new Date(iso);
	return [
		d.getUTCFullYear(),
		d.getUTCMonth() + 1,
		d.getUTCDate(),
		d.getUTCHours(),
		d.getUTCMinutes()
	];
}

/**
 * An iCalendar file of sessions. Times are written in UTC so every calendar app shows the
 * right local time; SEQUENCE is the session's revision, so a moved or cancelled session
 * replaces the copy already in someone's calendar. With method CANCEL every event in the file
 * is cancelled, whatever its status was. A session still to happen gets an alarm two hours
 * before; a cancelled one gets none.
 */
export function sessionsCalendar(
	sessions: CalendarSession[],
	siteUrl: string,
	options: CalendarOptions = {}
): string {
	const method = options.method ?? 'PUBLISH';
	const organizer =
		options.organizer?.email && method !== 'PUBLISH'
			? { name: options.organizer.name, email: options.organizer.email }
			: undefined;
	const events: EventAttributes[] = sessions.map((s) => {
		const cancelled = method === 'CANCEL' || s.status === 'cancelled';
		const title = sessionTitle(s);
		return {
			uid: sessionUid(s.id),
			sequence: s.revision,
			title: cancelled ? `Cancelled: ${title}` : title,
			start: utcParts(s.starts_at),
			startInputType: 'utc',
			startOutputType: 'utc',
			end: utcParts(s.ends_at),
			endInputType: 'utc',
			endOutputType: 'utc',
			location: s.venue ?? (s.video_link ? 'Online' : undefined),
			description: [
				`${s.group_name}, a Reflective Parenting group.`,
				s.video_link ? `Video call: ${s.video_link}` : '',
				`This session: ${siteUrl}/my/sessions/${s.id}`
			]
				.filter(Boolean)
				.join('\n'),
			status: cancelled ? 'CANCELLED' : 'CONFIRMED',
			organizer,
			alarms: cancelled
				? undefined
				: [
						{
							action: 'display',
							description: `${title} starts in ${ALARM_HOURS_BEFORE} hours`,
							trigger: { hours: ALARM_HOURS_BEFORE, minutes: 0, before: true }
						}
					]
		};
	});
	const { error, value } = createEvents(events, {
		method,
		productId: 'reflective-groups/ics',
		calName: 'Reflective Parenting group'
	});
	if (error || !value) throw error ?? new Error('Could not build the calendar.');
	return value;
}
