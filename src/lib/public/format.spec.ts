import { describe, expect, it } from 'vitest';
import { cost, meets, placesLeft, where } from './format';

describe('the next-groups page’s words', () => {
	it('counts places left, and says when a group is full', () => {
		expect(placesLeft(3)).toBe('3 places left');
		expect(placesLeft(1)).toBe('1 place left');
		expect(placesLeft(0)).toBe('Full — join the waitlist');
	});

	it('says who pays', () => {
		expect(cost({ funded: true, funder: 'Northfield Family Trust', fee_pence: null })).toBe(
			'Free — funded by Northfield Family Trust'
		);
		expect(cost({ funded: false, funder: null, fee_pence: 12000 })).toBe('£120 per family');
		expect(cost({ funded: false, funder: null, fee_pence: 9550 })).toBe('£95.50 per family');
	});

	it('gives the area or online, never more', () => {
		expect(where({ online: true, area: null })).toBe('Online');
		expect(where({ online: false, area: 'NE1' })).toBe('In person, NE1 area');
		expect(where({ online: false, area: null })).toBe('In person');
	});

	it('says the weekday and time in London, summer or winter', () => {
		// 9 March 2027 is a Tuesday (GMT); 6 July 2027 is a Tuesday (BST: 09:00 UTC is 10am).
		expect(
			meets({ first_starts_at: '2027-03-09T10:00:00Z', first_ends_at: '2027-03-09T12:00:00Z' })
		).toBe('Tuesdays, 10am–12pm');
		expect(
			meets({ first_starts_at: '2027-07-06T17:30:00Z', first_ends_at: '2027-07-06T19:30:00Z' })
		).toBe('Tuesdays, 6:30–8:30pm');
	});
});
