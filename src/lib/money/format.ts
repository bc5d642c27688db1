/** Dates as the money pages and invoices print them (money itself is $lib/courses/money). */
import { format } from 'date-fns';

/** A calendar date (yyyy-MM-dd) as a local date, only ever read back as that same date. */
function calendarDay(date: string): Date {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(y!, m! - 1, d!);
}

/** "4 June 2027". */
export function printedDate(date: string): string {
	return format(calendarDay(date), 'd MMMM yyyy');
}

/** "Thu 4 Jun 2027". */
export function shortDate(date: string): string {
	return format(calendarDay(date), 'EEE d MMM yyyy');
}

/** A course's days: "Thu 4 Jun 2027 and Fri 5 Jun 2027", or "to be announced". */
export function courseDates(days: { day: string }[]): string {
	if (days.length === 0) return 'Dates to be announced';
	if (days.length === 1) return shortDate(days[0]!.day);
	const all = days.map((d) => shortDate(d.day));
	return `${all.slice(0, -1).join(', ')} and ${all.at(-1)}`;
}
