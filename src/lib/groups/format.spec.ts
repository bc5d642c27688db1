import { describe, expect, it } from 'vitest';
import { clock, count, dateAndTime, day, pounds, sessionTime } from './format';

describe('format (London time)', () => {
	it('shows GMT and BST instants as London wall-clock time', () => {
		expect(sessionTime('2027-03-09T10:00:00Z', '2027-03-09T12:00:00Z')).toBe(
			'Tue 9 Mar 2027, 10:00–12:00'
		);
		expect(clock('2027-03-30T09:00:00Z')).toBe('10:00');
		expect(day('2027-10-31T23:30:00Z')).toBe('Sun 31 Oct 2027');
		expect(day('2027-06-30T23:30:00Z')).toBe('Thu 1 Jul 2027');
	});

	it('gives form values in London', () => {
		expect(dateAndTime('2027-06-30T23:30:00Z')).toEqual(['2027-07-01', '00:30']);
	});

	it('formats fees', () => {
		expect(pounds(12000)).toBe('£120');
		expect(pounds(9550)).toBe('£95.50');
		expect(pounds(null)).toBe('');
		expect(pounds(123456700)).toBe('£1,234,567');
		expect(pounds(123456789)).toBe('£1,234,567.89');
	});

	it('groups thousands in counts', () => {
		expect(count(22450)).toBe('22,450');
		expect(count(12)).toBe('12');
		expect(count(0)).toBe('0');
	});
});
