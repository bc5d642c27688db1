import { describe, expect, it } from 'vitest';
import {
	CLOCK_MESSAGE,
	DATE_FORMAT_MESSAGE,
	NO_SUCH_DATE_MESSAGE,
	REPORTING_YEARS,
	clockProblem,
	dateProblem,
	isCalendarDate,
	shiftDate
} from './dates';

describe('isCalendarDate', () => {
	it.each(['2026-02-28', '2028-02-29', '2026-12-31', '2000-01-01'])('accepts %s', (d) => {
		expect(isCalendarDate(d)).toBe(true);
	});
	it.each([
		'2026-02-30',
		'2026-02-29',
		'2026-13-01',
		'2026-00-10',
		'2026-04-31',
		'2026-1-01',
		'26-01-01',
		'2026-01-01T00:00',
		' 2026-01-01',
		'2026/01/01',
		''
	])('refuses %j', (d) => {
		expect(isCalendarDate(d)).toBe(false);
	});
});

describe('dateProblem', () => {
	const rule = {
		min: '2026-01-10',
		max: () => '2026-03-01',
		tooEarly: 'too early',
		tooLate: 'too late'
	};
	it('says what is wrong: empty, badly written, impossible, out of bounds', () => {
		expect(dateProblem('', rule)).toBe('Enter a date.');
		expect(dateProblem('', { ...rule, missing: 'Enter the date they left.' })).toBe(
			'Enter the date they left.'
		);
		expect(dateProblem('10/01/2026', rule)).toBe(DATE_FORMAT_MESSAGE);
		expect(dateProblem('2026-02-30', rule)).toBe(NO_SUCH_DATE_MESSAGE);
		expect(dateProblem('2026-13-01', rule)).toBe(NO_SUCH_DATE_MESSAGE);
		expect(dateProblem('2026-01-09', rule)).toBe('too early');
		expect(dateProblem('2026-03-02', rule)).toBe('too late');
	});
	it('accepts the bounds themselves and what lies between', () => {
		expect(dateProblem('2026-01-10', rule)).toBeNull();
		expect(dateProblem('2026-02-14', rule)).toBeNull();
		expect(dateProblem('2026-03-01', rule)).toBeNull();
	});
	it('keeps reports between 2000 and 2100: year 0 and 9999 are refused', () => {
		// The calendar has no year 0 (1 BC is followed by AD 1).
		expect(dateProblem('0000-01-01', REPORTING_YEARS)).toBe(NO_SUCH_DATE_MESSAGE);
		expect(dateProblem('0001-01-01', REPORTING_YEARS)).toBe(REPORTING_YEARS.tooEarly);
		expect(dateProblem('1999-12-31', REPORTING_YEARS)).toBe(REPORTING_YEARS.tooEarly);
		expect(dateProblem('9999-12-31', REPORTING_YEARS)).toBe(REPORTING_YEARS.tooLate);
		expect(dateProblem('2100-12-31', REPORTING_YEARS)).toBeNull();
	});
});

describe('clockProblem', () => {
	it.each(['00:00', '09:30', '23:59'])('accepts %s', (t) => expect(clockProblem(t)).toBeNull());
	it.each(['24:00', '10:60', '9:30', '10:00:00', '1000', '', 'ten'])('refuses %j', (t) => {
		expect(clockProblem(t)).toBe(CLOCK_MESSAGE);
	});
});

describe('shiftDate', () => {
	it('moves by years and days, a leap day landing on 28 February', () => {
		expect(shiftDate('2026-12-01', { years: 2 })).toBe('2028-12-01');
		expect(shiftDate('2026-12-31', { days: 1 })).toBe('2027-01-01');
		expect(shiftDate('2028-02-29', { years: -1 })).toBe('2027-02-28');
	});
});
