import { createEvents, type EventAttributes } from 'ics';
import type { CalendarSession } from '$lib/parents/types';

/** The same UID every time a session is exported, so a re-import updates rather than duplicates. */
export function sessionUid(id: string): string {
	return `session-${id}@reflective-groups`;
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
 * replaces the copy already in someone's calendar.
 */
export function sessionsCalendar(sessions: CalendarSession[], siteUrl: string): string {
	const events: EventAttributes[] = sessions.map((s) => ({
		uid: sessionUid(s.id),
		sequence: s.revision,
		title: `${s.group_name}: session ${s.number} of ${s.session_count}`,
		start: utcParts(s.starts_at),
		startInputType: 'utc',
		startOutputType: 'utc',
		end: utcParts(s.ends_at),
		endInputType: 'utc',
		endOutputType: 'utc',
		location: s.venue ?? (s.video_link ? 'Online' : undefined),
		description: [
			'Reflective Parenting group.',
			s.video_link ? `Video call: ${s.video_link}` : '',
			`Your group: ${siteUrl}/my`
		]
			.filter(Boolean)
			.join('\n'),
		status: s.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
		productId: 'reflective-groups/ics',
		calName: 'Reflective Parenting group'
	}));
	const { error, value } = createEvents(events);
	if (error || !value) throw error ?? new Error('Could not build the calendar.');
	return value;
}
