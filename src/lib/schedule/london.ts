import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

// London's clock and calendar, kept apart from the bank-holiday tables: pages that only format a
// date import this, and so never pull date-holidays (and the moment.js it carries) into a browser.

/** Groups meet in England; every wall-clock time is London time, whatever the server's zone. */
export const LONDON = 'Europe/London';

/** A London wall-clock moment as an instant. */
export function londonTime(date: string, time: string): TZDate {
	const [y, m, d] = date.split('-').map(Number);
	const [hh, mm] = time.split(':').map(Number);
	return new TZDate(y!, m! - 1, d!, hh!, mm!, LONDON);
}

/** The London calendar date (YYYY-MM-DD) of an instant. */
export function londonDate(instant: Date): string {
	return format(new TZDate(instant, LONDON), 'yyyy-MM-dd');
}

/** A calendar date (YYYY-MM-DD) as a local date, only ever read back as that same date. */
export function calendarDay(date: string): Date {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(y!, m! - 1, d!);
}

/** "Friday 25 December 2026". */
export function longDate(date: string): string {
	return format(calendarDay(date), 'EEEE d MMMM yyyy');
}
