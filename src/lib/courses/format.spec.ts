import { describe, expect, it } from 'vitest';
import {
	closedReason,
	courseDate,
	courseDates,
	courseDay,
	courseWhere,
	dayCount,
	londonMoment,
	placesLeft
} from './format';

describe('the course pages’ words', () => {
	it('writes a course day as its London calendar date and times', () => {
		expect(courseDate('2027-01-28')).toBe('Thursday 28 January 2027');
		expect(courseDay({ day: '2027-01-28', starts: '09:30', ends: '16:30' })).toBe(
			'Thursday 28 January 2027, 09:30–16:30'
		);
		// Summer time does not move the date.
		expect(courseDate('2027-06-17')).toBe('Thursday 17 June 2027');
		expect(courseDates({ first_day: '2027-01-28', last_day: '2027-01-29' })).toBe(
			'Thu 28 Jan 2027 – Fri 29 Jan 2027'
		);
		expect(courseDates({ first_day: '2027-01-28', last_day: '2027-01-28' })).toBe(
			'Thu 28 Jan 2027'
		);
		expect(dayCount(1)).toBe('1 day');
		expect(dayCount(3)).toBe('3 days');
	});

	it('writes an instant in London time, summer or winter', () => {
		expect(londonMoment('2027-01-10T09:00:00Z')).toBe('10 January 2027 at 09:00');
		expect(londonMoment('2027-07-10T09:00:00Z')).toBe('10 July 2027 at 10:00');
	});

	it('counts places left, and sends a full course to the waiting list', () => {
		expect(placesLeft({ places_left: 12, full: false })).toBe('12 places left');
		expect(placesLeft({ places_left: 1, full: false })).toBe('1 place left');
		expect(placesLeft({ places_left: 0, full: false })).toBe('Full — join the waiting list');
		expect(placesLeft({ places_left: 3, full: true })).toBe('Full — join the waiting list');
	});

	it('says where: the venue and postcode district, or online', () => {
		expect(courseWhere({ online: false, venue_name: 'Kantor Centre', area: 'N1' })).toBe(
			'Kantor Centre, N1'
		);
		expect(courseWhere({ online: true, venue_name: null, area: null })).toBe('Online');
	});

	it('says why a course cannot be booked', () => {
		expect(closedReason(null, null)).toBeNull();
		expect(closedReason('not_yet_open', '2027-01-10T09:00:00Z')).toBe(
			'Booking opens on 10 January 2027 at 09:00.'
		);
		expect(closedReason('full', null)).toBe('This course is full.');
		expect(closedReason('cancelled', null)).toBe('This course has been cancelled.');
	});
});
