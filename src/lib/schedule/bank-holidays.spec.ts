import { describe, expect, it } from 'vitest';
import { bankHoliday, dateFlag, eveOf } from './bank-holidays';
import { planSessions } from './schedule';

describe('bankHoliday by region', () => {
	it('England and Wales by default: Christmas, Easter Monday, the last Monday of August', () => {
		expect(bankHoliday('2026-12-25')).toBe('Christmas Day');
		expect(bankHoliday('2027-03-29', 'england_wales')).toBe('Easter Monday');
		expect(bankHoliday('2027-08-30', 'england_wales')).toBe('Summer bank holiday');
		expect(bankHoliday('2027-08-02', 'england_wales')).toBeNull();
		expect(bankHoliday('2026-01-02', 'england_wales')).toBeNull();
		expect(bankHoliday('2026-11-30', 'england_wales')).toBeNull();
		expect(bankHoliday('2027-03-17', 'england_wales')).toBeNull();
		expect(bankHoliday('2027-07-12', 'england_wales')).toBeNull();
	});

	it('Scotland: 2 January, St Andrew’s Day, the first Monday of August, and no Easter Monday', () => {
		expect(bankHoliday('2026-01-02', 'scotland')).toMatch(/January 2nd/);
		expect(bankHoliday('2026-11-30', 'scotland')).toMatch(/St Andrew/);
		expect(bankHoliday('2027-08-02', 'scotland')).toBe('Summer bank holiday');
		expect(bankHoliday('2027-08-30', 'scotland')).toBeNull();
		expect(bankHoliday('2027-03-29', 'scotland')).toBeNull();
		expect(bankHoliday('2026-12-25', 'scotland')).toBe('Christmas Day');
	});

	it('Northern Ireland: St Patrick’s Day and 12 July (Monday 13th when the 12th is a Sunday)', () => {
		expect(bankHoliday('2027-03-17', 'northern_ireland')).toMatch(/St Patrick/);
		expect(bankHoliday('2027-07-12', 'northern_ireland')).toMatch(/Battle of the Boyne/);
		expect(bankHoliday('2026-07-13', 'northern_ireland')).toMatch(/Battle of the Boyne/);
		expect(bankHoliday('2027-08-30', 'northern_ireland')).toBe('Summer bank holiday');
		expect(bankHoliday('2026-11-30', 'northern_ireland')).toBeNull();
	});

	it('a Scottish group skips 2 January and a group in England does not', () => {
		const req = {
			firstDate: '2026-01-02',
			time: '10:00',
			count: 2,
			minutes: 120,
			cadence: 'weekly' as const,
			skipBankHolidays: true
		};
		expect(planSessions({ ...req, region: 'scotland' }).skipped).toEqual([
			{ date: '2026-01-02', name: expect.stringMatching(/January 2nd/) }
		]);
		expect(planSessions({ ...req, region: 'england_wales' }).skipped).toEqual([]);
	});
});

describe('Christmas Eve and New Year’s Eve', () => {
	it('are flagged on the schedule, though they are not bank holidays', () => {
		expect(eveOf('2026-12-24')).toBe('Christmas Eve');
		expect(eveOf('2026-12-31')).toBe('New Year’s Eve');
		expect(eveOf('2026-12-23')).toBeNull();
		expect(bankHoliday('2026-12-24')).toBeNull();
		expect(dateFlag('2026-12-24', 'england_wales')).toBe('Christmas Eve');
		expect(dateFlag('2026-12-31', 'scotland')).toBe('New Year’s Eve');
		expect(dateFlag('2026-12-25', 'england_wales')).toBe('Bank holiday: Christmas Day');
		expect(dateFlag('2026-11-30', 'scotland')).toMatch(/^Bank holiday: St Andrew/);
		expect(dateFlag('2026-11-30', 'england_wales')).toBeNull();
	});
});
