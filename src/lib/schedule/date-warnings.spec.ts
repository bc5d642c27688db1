import { describe, expect, it } from 'vitest';
import { dateWarnings, laterSessionWarnings, usualWeekday, weekdayOf } from './date-warnings';
import { longDate } from './london';
import { planSessions } from './schedule';

const THURSDAY = 4;

describe('dateWarnings', () => {
	it('names the bank holiday and the region', () => {
		expect(dateWarnings({ date: '2026-12-25', region: 'england_wales' })).toEqual([
			'Friday 25 December 2026 is a bank holiday in England and Wales (Christmas Day).'
		]);
		expect(dateWarnings({ date: '2026-11-30', region: 'scotland' })).toEqual([
			expect.stringMatching(/^Monday 30 November 2026 is a bank holiday in Scotland \(St Andrew/)
		]);
		expect(dateWarnings({ date: '2026-11-30', region: 'england_wales' })).toEqual([]);
	});

	it('flags Christmas Eve and New Year’s Eve, evenings most of all', () => {
		expect(dateWarnings({ date: '2026-12-24', time: '18:30', region: 'england_wales' })).toEqual([
			'Thursday 24 December 2026 is Christmas Eve: many families are busy, and an evening session is often missed.'
		]);
		expect(dateWarnings({ date: '2026-12-31', time: '10:00', region: 'england_wales' })).toEqual([
			'Thursday 31 December 2026 is New Year’s Eve: many families are busy that day.'
		]);
	});

	it('says when a date is not the group’s usual weekday, and nothing for an ordinary day', () => {
		expect(
			dateWarnings({ date: '2027-01-15', region: 'england_wales', usualWeekday: THURSDAY })
		).toEqual(['The group usually meets on Thursdays; this date is a Friday.']);
		expect(
			dateWarnings({ date: '2027-01-14', region: 'england_wales', usualWeekday: THURSDAY })
		).toEqual([]);
		expect(
			dateWarnings({ date: '2027-01-15', region: 'england_wales', usualWeekday: null })
		).toEqual([]);
	});

	it('gives every reason that applies', () => {
		expect(
			dateWarnings({ date: '2026-12-25', region: 'england_wales', usualWeekday: THURSDAY })
		).toHaveLength(2);
	});
});

describe('usualWeekday', () => {
	it('is the commonest London weekday of the sessions, the earliest on a tie', () => {
		// Two Thursdays and one session moved to a Friday.
		const starts = ['2027-01-07T10:00:00Z', '2027-01-14T10:00:00Z', '2027-01-22T10:00:00Z'];
		expect(usualWeekday(starts.map((s) => new Date(s)))).toBe(THURSDAY);
		// 23:30 UTC on 30 June is 00:30 on Thursday 1 July in London (BST).
		expect(usualWeekday([new Date('2027-06-30T23:30:00Z')])).toBe(THURSDAY);
		expect(usualWeekday([new Date('2027-01-08T10:00Z'), new Date('2027-01-07T10:00Z')])).toBe(
			THURSDAY
		);
		expect(usualWeekday([])).toBeNull();
	});

	it('reads dates as calendar days', () => {
		expect(weekdayOf('2026-12-25')).toBe(5);
		expect(longDate('2027-01-08')).toBe('Friday 8 January 2027');
	});
});

describe('laterSessionWarnings', () => {
	const plan = (firstDate: string, time: string, skipBankHolidays: boolean) =>
		planSessions({
			firstDate,
			time,
			count: 8,
			minutes: 120,
			cadence: 'weekly',
			skipBankHolidays,
			region: 'england_wales'
		}).sessions;

	it('names each later session on a bank holiday when they are kept, and none when skipped', () => {
		// Mondays from 19 April 2027: session 3 is 3 May, session 7 is 31 May.
		expect(
			laterSessionWarnings(plan('2027-04-19', '10:00', false), '10:00', 'england_wales')
		).toEqual([
			'Session 3: Monday 3 May 2027 is a bank holiday in England and Wales (Early May bank holiday).',
			'Session 7: Monday 31 May 2027 is a bank holiday in England and Wales (Spring bank holiday).'
		]);
		expect(
			laterSessionWarnings(plan('2027-04-19', '10:00', true), '10:00', 'england_wales')
		).toEqual([]);
	});

	it('names Christmas Eve and New Year’s Eve sessions, which skipping does not move', () => {
		const warnings = laterSessionWarnings(
			plan('2026-12-10', '18:30', true),
			'18:30',
			'england_wales'
		);
		expect(warnings).toEqual([
			expect.stringMatching(/^Session 3: Thursday 24 December 2026 is Christmas Eve/),
			expect.stringMatching(/^Session 4: Thursday 31 December 2026 is New Year’s Eve/)
		]);
	});
});
