import { describe, expect, it } from 'vitest';
import { bankHoliday } from './bank-holidays';
import { londonDate } from './london';
import { planSessions } from './schedule';

const weekly = { count: 8, minutes: 120, cadence: 'weekly' as const, skipBankHolidays: false };
const londonClock = (d: Date) =>
	d.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' });

describe('planSessions', () => {
	it('keeps a 10:00 group at 10:00 London time across the March 2027 clock change', () => {
		// Clocks go forward on Sunday 28 March 2027.
		const { sessions } = planSessions({ ...weekly, firstDate: '2027-03-10', time: '10:00' });
		expect(sessions).toHaveLength(8);
		expect(sessions.map((s) => londonClock(s.startsAt))).toEqual(Array(8).fill('10:00'));
		// Before: GMT, so 10:00 UTC. After: BST, so 09:00 UTC.
		expect(sessions[0]!.startsAt.toISOString()).toBe('2027-03-10T10:00:00.000Z');
		expect(sessions[2]!.startsAt.toISOString()).toBe('2027-03-24T10:00:00.000Z');
		expect(sessions[3]!.startsAt.toISOString()).toBe('2027-03-31T09:00:00.000Z');
		expect(sessions[7]!.endsAt.toISOString()).toBe('2027-04-28T11:00:00.000Z');
	});

	it('keeps the wall-clock time across the October 2027 clock change', () => {
		// Clocks go back on Sunday 31 October 2027.
		const { sessions } = planSessions({ ...weekly, firstDate: '2027-10-13', time: '18:30' });
		expect(sessions.map((s) => londonClock(s.startsAt))).toEqual(Array(8).fill('18:30'));
		expect(sessions[2]!.startsAt.toISOString()).toBe('2027-10-27T17:30:00.000Z');
		expect(sessions[3]!.startsAt.toISOString()).toBe('2027-11-03T18:30:00.000Z');
	});

	it('lasts the programme length in real time even on the night of a change', () => {
		const { sessions } = planSessions({
			...weekly,
			firstDate: '2027-03-28',
			time: '00:30',
			count: 1,
			minutes: 120
		});
		expect(sessions[0]!.endsAt.getTime() - sessions[0]!.startsAt.getTime()).toBe(120 * 60_000);
	});

	it('skips a bank holiday and pushes the later sessions back a week', () => {
		// Mondays from 19 April 2027; Monday 3 May is the Early May bank holiday.
		const plan = planSessions({
			...weekly,
			firstDate: '2027-04-19',
			time: '10:00',
			skipBankHolidays: true
		});
		const dates = plan.sessions.map((s) => londonDate(s.startsAt));
		expect(plan.skipped).toEqual([
			{ date: '2027-05-03', name: 'Early May bank holiday' },
			{ date: '2027-05-31', name: 'Spring bank holiday' }
		]);
		expect(dates).not.toContain('2027-05-03');
		// 31 May is also a bank holiday (Spring), so the run skips it too.
		expect(dates).toEqual([
			'2027-04-19',
			'2027-04-26',
			'2027-05-10',
			'2027-05-17',
			'2027-05-24',
			'2027-06-07',
			'2027-06-14',
			'2027-06-21'
		]);
		expect(plan.sessions.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});

	it('keeps bank holidays when not asked to skip them', () => {
		const plan = planSessions({ ...weekly, firstDate: '2027-04-19', time: '10:00' });
		expect(plan.skipped).toEqual([]);
		expect(plan.sessions.map((s) => londonDate(s.startsAt))).toContain('2027-05-03');
	});

	it('plans the two consecutive days of a course', () => {
		const plan = planSessions({
			firstDate: '2027-02-09',
			time: '09:30',
			count: 2,
			minutes: 360,
			cadence: 'daily',
			skipBankHolidays: true
		});
		expect(plan.sessions.map((s) => londonDate(s.startsAt))).toEqual(['2027-02-09', '2027-02-10']);
	});
});

describe('bankHoliday', () => {
	it('names England and Wales bank holidays and nothing else', () => {
		expect(bankHoliday('2027-08-30')).toBe('Summer bank holiday');
		expect(bankHoliday('2027-12-27')).toMatch(/substitute/);
		expect(bankHoliday('2027-08-31')).toBeNull();
	});
});
