/**
 * Dates and times as people in the UK read them, always in London time whatever the device's
 * zone. Built on Intl (in every browser and in Node), so pages ship no date library.
 */
const LONDON = 'Europe/London';

const dayFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	weekday: 'short',
	day: 'numeric',
	month: 'short',
	year: 'numeric'
});
const clockFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	hour: '2-digit',
	minute: '2-digit',
	hourCycle: 'h23'
});
const isoDateFormat = new Intl.DateTimeFormat('en-CA', {
	timeZone: LONDON,
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});

/** "Tue 9 Mar 2027" in London. */
export function day(iso: string): string {
	return dayFormat
		.formatToParts(new Date(iso))
		.map((p) => (p.type === 'literal' ? p.value.replace(',', '') : p.value))
		.join('');
}

/** "10:00" in London. */
export function clock(iso: string): string {
	return clockFormat.format(new Date(iso));
}

/** "Tue 9 Mar 2027, 10:00–12:00". */
export function sessionTime(startIso: string, endIso: string): string {
	return `${day(startIso)}, ${clock(startIso)}–${clock(endIso)}`;
}

/** London date and time for form fields: ["2027-03-09", "10:00"]. */
export function dateAndTime(iso: string): [string, string] {
	return [isoDateFormat.format(new Date(iso)), clock(iso)];
}

const countFormat = new Intl.NumberFormat('en-GB');
const wholePounds = new Intl.NumberFormat('en-GB', {
	style: 'currency',
	currency: 'GBP',
	maximumFractionDigits: 0
});
const poundsAndPence = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

/** "22,450": counts reach the thousands across every group. */
export function count(n: number): string {
	return countFormat.format(n);
}

/** "£120", "£95.50", "£12,345": pence only when there are some. */
export function pounds(pence: number | null): string {
	if (pence === null) return '';
	return (pence % 100 === 0 ? wholePounds : poundsAndPence).format(pence / 100);
}
