/**
 * Money and dates as the money pages print them. Temporary home: helper "pages" writes the one
 * formatter in $lib/courses/money.ts, and the lead merges the two.
 */
import { format } from 'date-fns';

const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "£1,234.50": always with pence, as invoices and statements print money. */
export function money(pence: number): string {
	return gbp.format(pence / 100);
}

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

/** "£1,234.50" or "1234.50" or "1234" typed by a person, as pence; null when it is not money. */
export function parsePence(text: string): number | null {
	const t = text.replace(/[£,\s]/g, '');
	if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
	const [whole, frac = ''] = t.split('.');
	return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
