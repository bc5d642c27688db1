import { describe, expect, it } from 'vitest';
import { sessionsCalendar, sessionTitle, sessionUid } from './ics';
import type { CalendarSession } from '$lib/parents/types';

const SITE = 'https://groups.example.org';
const base: CalendarSession = {
	id: '11111111-1111-4111-8111-111111111111',
	number: 3,
	title: 'Attention and curiosity',
	starts_at: '2027-03-30T09:00:00.000Z',
	ends_at: '2027-03-30T11:00:00.000Z',
	status: 'scheduled',
	revision: 0,
	group_name: 'Tuesday mornings',
	venue: 'Oak Room, 12 Mill Lane',
	video_link: null,
	session_count: 8
};
const other = { ...base, id: '22222222-2222-4222-8222-222222222222', number: 4, revision: 2 };
const clinic = { name: 'Northside Family Clinic', email: 'groups@northside.example.org' };

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const lines = (ics: string) => unfold(ics).split('\r\n');
const field = (ics: string, name: string) =>
	lines(ics)
		.filter((l) => l.startsWith(name + ':') || l.startsWith(name + ';'))
		.map((l) => l.slice(l.indexOf(':') + 1));
/** The lines of each VEVENT, alarms included. */
const events = (ics: string) =>
	unfold(ics)
		.split('BEGIN:VEVENT\r\n')
		.slice(1)
		.map((e) => e.slice(0, e.indexOf('END:VEVENT')));
/** A field of the event itself, not of its alarm. */
const eventField = (event: string, name: string) =>
	field(event.replace(/BEGIN:VALARM[\s\S]*?END:VALARM\r\n/g, ''), name);

describe('sessionTitle', () => {
	it('names the session by number and topic', () => {
		expect(sessionTitle(base)).toBe('Session 3 of 8: Attention and curiosity');
		expect(sessionTitle({ ...base, title: null })).toBe('Session 3 of 8');
	});
});

describe('sessionsCalendar (PUBLISH: the parents’ downloads)', () => {
	it('gives each session a stable UID that survives regeneration and changes', () => {
		const first = sessionsCalendar([base], SITE);
		const moved = sessionsCalendar(
			[
				{
					...base,
					starts_at: '2027-04-06T09:00:00.000Z',
					ends_at: '2027-04-06T11:00:00.000Z',
					revision: 1
				}
			],
			SITE
		);
		expect(field(first, 'METHOD')).toEqual(['PUBLISH']);
		expect(field(first, 'UID')).toEqual([sessionUid(base.id)]);
		expect(field(moved, 'UID')).toEqual(field(first, 'UID'));
		expect(field(first, 'SEQUENCE')).toEqual(['0']);
		expect(field(moved, 'SEQUENCE')).toEqual(['1']);
		expect(field(moved, 'DTSTART')).toEqual(['20270406T090000Z']);
	});

	it('writes times in UTC so 10:00 London (BST) is 09:00Z, and titles the session by its topic', () => {
		const ics = sessionsCalendar([base], SITE);
		expect(field(ics, 'DTSTART')).toEqual(['20270330T090000Z']);
		expect(field(ics, 'DTEND')).toEqual(['20270330T110000Z']);
		expect(eventField(events(ics)[0]!, 'SUMMARY')).toEqual([
			'Session 3 of 8: Attention and curiosity'
		]);
		expect(field(ics, 'LOCATION')[0]).toContain('Oak Room');
		expect(field(ics, 'DESCRIPTION')[0]).toContain(`${SITE}/my/sessions/${base.id}`);
		// A download names no organiser: there is nobody to reply to.
		expect(field(ics, 'ORGANIZER')).toEqual([]);
	});

	it('gives every session still to happen a display alarm two hours before', () => {
		const ics = sessionsCalendar([base, other], SITE);
		for (const e of events(ics)) {
			expect(e).toContain('BEGIN:VALARM\r\n');
			expect(field(e, 'ACTION')).toEqual(['DISPLAY']);
			expect(field(e, 'TRIGGER')).toEqual(['-PT2H']);
			expect(field(e.slice(e.indexOf('BEGIN:VALARM')), 'DESCRIPTION')[0]).toMatch(
				/^Session \d of 8: Attention and curiosity starts in 2 hours$/
			);
		}
	});

	it('marks a cancelled session as cancelled, with no alarm', () => {
		const ics = sessionsCalendar([base, { ...other, status: 'cancelled' }], SITE);
		expect(field(ics, 'STATUS')).toEqual(['CONFIRMED', 'CANCELLED']);
		expect(field(ics, 'UID')).toHaveLength(2);
		const [, cancelled] = events(ics);
		expect(cancelled).not.toContain('BEGIN:VALARM');
		expect(eventField(cancelled!, 'SUMMARY')).toEqual([
			'Cancelled: Session 4 of 8: Attention and curiosity'
		]);
	});

	it('shows a video call as Online with its link', () => {
		const ics = sessionsCalendar(
			[{ ...base, venue: null, video_link: 'https://meet.example/x' }],
			SITE
		);
		expect(field(ics, 'LOCATION')).toEqual(['Online']);
		expect(field(ics, 'DESCRIPTION')[0]).toContain('Video call: https://meet.example/x');
	});
});

describe('sessionsCalendar for emails (REQUEST and CANCEL)', () => {
	it('REQUEST updates the same event: same UID, SEQUENCE = revision, the clinic as organiser', () => {
		const moved = {
			...base,
			starts_at: '2027-04-01T17:00:00.000Z',
			ends_at: '2027-04-01T19:00:00.000Z',
			revision: 3
		};
		const ics = sessionsCalendar([moved], SITE, { method: 'REQUEST', organizer: clinic });
		expect(field(ics, 'METHOD')).toEqual(['REQUEST']);
		expect(field(ics, 'UID')).toEqual(field(sessionsCalendar([base], SITE), 'UID'));
		expect(field(ics, 'SEQUENCE')).toEqual(['3']);
		expect(field(ics, 'STATUS')).toEqual(['CONFIRMED']);
		expect(field(ics, 'DTSTART')).toEqual(['20270401T170000Z']);
		expect(field(ics, 'ORGANIZER')).toEqual(['MAILTO:groups@northside.example.org']);
		expect(lines(ics).find((l) => l.startsWith('ORGANIZER'))).toContain(
			'CN="Northside Family Clinic"'
		);
		expect(ics).toContain('BEGIN:VALARM');
	});

	it('CANCEL cancels every event in it, whatever its status, with the same UID and its revision', () => {
		const ics = sessionsCalendar([base, { ...other, status: 'scheduled' }], SITE, {
			method: 'CANCEL',
			organizer: clinic
		});
		expect(field(ics, 'METHOD')).toEqual(['CANCEL']);
		expect(field(ics, 'STATUS')).toEqual(['CANCELLED', 'CANCELLED']);
		expect(field(ics, 'UID')).toEqual([sessionUid(base.id), sessionUid(other.id)]);
		expect(field(ics, 'SEQUENCE')).toEqual(['0', '2']);
		expect(ics).not.toContain('BEGIN:VALARM');
	});

	it('leaves out an organiser with no address rather than writing an empty one', () => {
		const ics = sessionsCalendar([base], SITE, {
			method: 'REQUEST',
			organizer: { name: 'Clinic', email: null }
		});
		expect(field(ics, 'ORGANIZER')).toEqual([]);
	});
});
