import { describe, expect, it } from 'vitest';
import { courseDates, money, parsePence } from './format';

describe('money', () => {
	it('prints pounds with pence and thousands', () => {
		expect(money(123450)).toBe('£1,234.50');
		expect(money(5)).toBe('£0.05');
	});
	it('reads what people type', () => {
		expect(parsePence('£1,234.50')).toBe(123450);
		expect(parsePence('570')).toBe(57000);
		expect(parsePence('0.5')).toBe(50);
		expect(parsePence('12.345')).toBeNull();
		expect(parsePence('-3')).toBeNull();
		expect(parsePence('')).toBeNull();
	});
	it('lists a course’s days', () => {
		expect(courseDates([{ day: '2027-06-03' }, { day: '2027-06-04' }])).toBe(
			'Thu 3 Jun 2027 and Fri 4 Jun 2027'
		);
	});
});
