import { describe, expect, it } from 'vitest';
import { CONTROL_MESSAGE } from '$lib/input/characters';
import { NO_SUCH_DATE_MESSAGE, REPORTING_YEARS } from '$lib/input/dates';
import { queryDate, queryErrors, queryText } from './query';

const url = (q: string) => new URL(`http://app.test/review?${q}`);

describe('queryDate', () => {
	it('gives the date, nothing for an empty one, or what is wrong', () => {
		expect(queryDate(url('from_date=2026-03-31'), 'from_date', REPORTING_YEARS)).toEqual({
			value: '2026-03-31',
			error: null
		});
		expect(queryDate(url('from_date='), 'from_date', REPORTING_YEARS)).toEqual({
			value: null,
			error: null
		});
		expect(queryDate(url('from_date=2026-02-30'), 'from_date', REPORTING_YEARS)).toEqual({
			value: null,
			error: NO_SUCH_DATE_MESSAGE
		});
		expect(queryDate(url('from_date=9999-12-31'), 'from_date', REPORTING_YEARS).error).toBe(
			REPORTING_YEARS.tooLate
		);
		expect(queryDate(url('from_date=2026%00'), 'from_date', REPORTING_YEARS).error).toBe(
			CONTROL_MESSAGE
		);
	});
});

describe('queryText', () => {
	it('refuses control characters and overlong text with the given message', () => {
		expect(queryText(url('funder=%20Trust%20'), 'funder', 10, 'Pick one.')).toEqual({
			value: 'Trust',
			error: null
		});
		expect(queryText(url('funder=a%00b'), 'funder', 10, 'Pick one.').error).toBe('Pick one.');
		expect(queryText(url('funder=' + 'x'.repeat(11)), 'funder', 10, 'Pick one.').error).toBe(
			'Pick one.'
		);
	});
});

describe('queryErrors', () => {
	it('lists only the parameters that have a problem', () => {
		expect(
			queryErrors({ a: { value: 'x', error: null }, b: { value: null, error: 'Bad.' } })
		).toEqual({ b: 'Bad.' });
	});
});
