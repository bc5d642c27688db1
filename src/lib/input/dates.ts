import { addDays, addYears, format, isValid, parse } from 'date-fns';
import { londonDate } from '$lib/schedule/london';

/**
 * Dates and times as forms and query strings send them (`yyyy-MM-dd`, `HH:mm`), checked to be
 * real (no 30 February, no month 13) and within bounds that make sense for the field, so that
 * nothing PostgreSQL would refuse (22008, 22009) or a person could not mean reaches it.
 */

export interface DateRule {
	/** Earliest and latest accepted dates, `yyyy-MM-dd`; functions are read at each check. */
	min: string | (() => string);
	max: string | (() => string);
	/** What to say when the date is before `min` or after `max`. */
	tooEarly: string;
	tooLate: string;
	/** What to say when the field is empty. */
	missing?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK = /^\d{2}:\d{2}$/;
// A fixed reference so parsing never depends on today's date or the server's zone.
const REFERENCE = new Date(2000, 0, 1);

export const DATE_FORMAT_MESSAGE = 'Enter the date as year-month-day, like 2026-03-31.';
export const NO_SUCH_DATE_MESSAGE = 'There is no such date. Check the day and the month.';
export const CLOCK_MESSAGE = 'Enter a time like 10:00 (24-hour clock).';

/** True when the text is a real calendar date written `yyyy-MM-dd`. */
export function isCalendarDate(value: string): boolean {
	if (!ISO_DATE.test(value)) return false;
	const d = parse(value, 'yyyy-MM-dd', REFERENCE);
	return isValid(d) && format(d, 'yyyy-MM-dd') === value;
}

/** What is wrong with a date, or null when it is a real date within the rule's bounds. */
export function dateProblem(value: string, rule: DateRule): string | null {
	if (value === '') return rule.missing ?? 'Enter a date.';
	if (!ISO_DATE.test(value)) return DATE_FORMAT_MESSAGE;
	if (!isCalendarDate(value)) return NO_SUCH_DATE_MESSAGE;
	// Same-length ISO dates compare as text in calendar order.
	if (value < read(rule.min)) return rule.tooEarly;
	if (value > read(rule.max)) return rule.tooLate;
	return null;
}

/** What is wrong with a 24-hour `HH:mm` time, or null when it is one. */
export function clockProblem(value: string): string | null {
	if (!CLOCK.test(value) || !isValid(parse(value, 'HH:mm', REFERENCE))) return CLOCK_MESSAGE;
	return null;
}

function read(bound: string | (() => string)): string {
	return typeof bound === 'function' ? bound() : bound;
}

/** Today's date in London, `yyyy-MM-dd`. */
export function today(): string {
	return londonDate(new Date());
}

/** A `yyyy-MM-dd` date moved by whole years and days (a leap day lands on 28 February). */
export function shiftDate(iso: string, { years = 0, days = 0 }: { years?: number; days?: number }) {
	return format(addDays(addYears(parse(iso, 'yyyy-MM-dd', REFERENCE), years), days), 'yyyy-MM-dd');
}

/** Bounds for figures and reports: any date from 2000 to 2100. */
export const REPORTING_YEARS = {
	min: '2000-01-01',
	max: '2100-12-31',
	tooEarly: 'Choose a date from 2000 onwards.',
	tooLate: 'Choose a date before 2101.'
} satisfies DateRule;
