// The words the course pages use for dates, places and venues. Course days are London dates
// with London wall-clock times (course_days), so a date is formatted as the calendar date it is,
// never shifted through the server's time zone.
import type { BookingClosedReason } from './types';

const longDate = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'UTC',
	weekday: 'long',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});
const shortDate = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'UTC',
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	year: 'numeric'
});
const londonDateTime = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** A `YYYY-MM-DD` calendar date as midday UTC, so no time zone moves it to another day. */
function calendarDate(day: string): Date {
	return new Date(`${day}T12:00:00Z`);
}

/** "Thursday 28 January 2027". */
export function courseDate(day: string): string {
	return longDate.format(calendarDate(day)).replace(',', '');
}

/** "Thu 28 Jan 2027". */
export function courseDateShort(day: string): string {
	return shortDate.format(calendarDate(day)).replace(',', '');
}

/** "Thursday 28 January 2027, 09:30–16:30". */
export function courseDay(d: { day: string; starts: string; ends: string }): string {
	return `${courseDate(d.day)}, ${d.starts}–${d.ends}`;
}

/** "28 January 2027 at 09:00": an instant, in London. */
export function londonMoment(iso: string): string {
	return londonDateTime.format(new Date(iso)).replace(', ', ' at ').replace(',', '');
}

/** "Thu 28 Jan 2027" or "Thu 28 Jan 2027 – Fri 29 Jan 2027": when a course runs, for a list. */
export function courseDates(c: { first_day: string; last_day: string }): string {
	return c.first_day === c.last_day
		? courseDateShort(c.first_day)
		: `${courseDateShort(c.first_day)} – ${courseDateShort(c.last_day)}`;
}

/** "1 day", "2 days". */
export function dayCount(n: number): string {
	return n === 1 ? '1 day' : `${n} days`;
}

/** "12 places left", "1 place left", "Full — join the waiting list". */
export function placesLeft(c: { places_left: number; full: boolean }): string {
	if (c.full || c.places_left === 0) return 'Full — join the waiting list';
	return c.places_left === 1 ? '1 place left' : `${c.places_left} places left`;
}

/** "The Kantor Centre of Excellence, London N1", or "Online". */
export function courseWhere(c: {
	online: boolean;
	venue_name: string | null;
	area: string | null;
}): string {
	if (c.online) return 'Online';
	return [c.venue_name, c.area].filter(Boolean).join(', ') || 'In person';
}

/** Why the Book button is not there, in plain words; null when it is. */
export function closedReason(
	reason: BookingClosedReason | null,
	opensAt: string | null
): string | null {
	switch (reason) {
		case null:
			return null;
		case 'not_yet_open':
			return opensAt ? `Booking opens on ${londonMoment(opensAt)}.` : 'Booking is not open yet.';
		case 'closed':
			return 'Booking for this course has closed.';
		case 'full':
			return 'This course is full.';
		case 'cancelled':
			return 'This course has been cancelled.';
		case 'completed':
			return 'This course has taken place.';
		case 'draft':
			return 'This course is not published yet.';
	}
}
