import { describe, expect, it } from 'vitest';
import { sessionsCalendar, sessionUid } from './ics';
import type { CalendarSession } from '$lib/parents/types';

const base: CalendarSession = {
	id: '11111111-1111-4111-8111-111111111111',
	number: 3,
	starts_at: '2027-03-30T09:00:00.000Z',
	ends_at: '2027-03-30T11:00:00.000Z',
	status: 'scheduled',
	revision: 0,
	group_name: 'Tuesday mornings',
	venue: 'Oak Room, 12 Mill Lane',
	video_link: null,
	session_count: 8
};
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const field = (ics: string, name: string) =>
	unfold(ics)
		.split('\r\n')
		.filter((l) => l.startsWith(name + ':') || l.startsWith(name + ';'))
		.map((l) => l.slice(l.indexOf(':') + 1));

describe('sessionsCalendar', () => {
	it('gives each session a stable UID that survives regeneration and changes', () => {
		const first = sessionsCalendar([base], 'https://groups.example.org');
		const moved = sessionsCalendar(
			[
				{
					...base,
					starts_at: '2027-04-06T09:00:00.000Z',
					ends_at: '2027-04-06T11:00:00.000Z',
					revision: 1
				}
			],
			'https://groups.example.org'
		);
		expect(field(first, 'UID')).toEqual([sessionUid(base.id)]);
		expect(field(moved, 'UID')).toEqual(field(first, 'UID'));
		expect(field(first, 'SEQUENCE')).toEqual(['0']);
		expect(field(moved, 'SEQUENCE')).toEqual(['1']);
		expect(field(moved, 'DTSTART')).toEqual(['20270406T090000Z']);
	});

	it('writes times in UTC so 10:00 London (BST) is 09:00Z', () => {
		const ics = sessionsCalendar([base], 'https://groups.example.org');
		expect(field(ics, 'DTSTART')).toEqual(['20270330T090000Z']);
		expect(field(ics, 'DTEND')).toEqual(['20270330T110000Z']);
		expect(field(ics, 'SUMMARY')).toEqual(['Tuesday mornings: session 3 of 8']);
		expect(field(ics, 'LOCATION')[0]).toContain('Oak Room');
	});

	it('marks a cancelled session as cancelled', () => {
		const ics = sessionsCalendar(
			[
				base,
				{ ...base, id: '22222222-2222-4222-8222-222222222222', status: 'cancelled', revision: 2 }
			],
			'https://groups.example.org'
		);
		expect(field(ics, 'STATUS')).toEqual(['CONFIRMED', 'CANCELLED']);
		expect(field(ics, 'UID')).toHaveLength(2);
	});
});
