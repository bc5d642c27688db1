import { describe, expect, it } from 'vitest';
import { money, parsePounds } from '$lib/courses/money';
import { courseDates } from './format';

describe('money on the money pages (one formatter: $lib/courses/money)', () => {
	it('prints pounds with pence and thousands', () => {
		expect(money(123450)).toBe('£1,234.50');
		expect(money(5)).toBe('£0.05');
	});
	it('reads what people type', () => {
		expect(parsePounds('£1,234.50')).toBe(123450);
		expect(parsePounds('570')).toBe(57000);
		expect(parsePounds('0.5')).toBe(50);
		expect(parsePounds('12.345')).toBeNull();
		expect(parsePounds('-3')).toBeNull();
		expect(parsePounds('')).toBeNull();
	});
	it('lists a course’s days', () => {
		expect(courseDates([{ day: '2027-06-03' }, { day: '2027-06-04' }])).toBe(
			'Thu 3 Jun 2027 and Fri 4 Jun 2027'
		);
	});
});
