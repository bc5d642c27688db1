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

// The spoken style emails use for a session's time ("Thursday 4 December, 6–8pm").
const longDayFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	weekday: 'long',
	day: 'numeric',
	month: 'long'
});
const hourFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: LONDON,
	hour: 'numeric',
	minute: '2-digit',
	hourCycle: 'h23'
});

/** "Thursday 4 December" in London. */
export function longDay(iso: string): string {
	return longDayFormat.format(new Date(iso)).replace(',', '');
}

function hourParts(iso: string): { time: string; half: 'am' | 'pm' } {
	const [h, m] = hourFormat.format(new Date(iso)).split(':').map(Number) as [number, number];
	const twelve = h % 12 === 0 ? 12 : h % 12;
	return {
		time: m ? `${twelve}:${String(m).padStart(2, '0')}` : `${twelve}`,
		half: h < 12 ? 'am' : 'pm'
	};
}

/** "6pm", "10:30am" in London. */
export function hour(iso: string): string {
	const p = hourParts(iso);
	return p.time + p.half;
}

/** "Thursday 4 December, 6–8pm" or "Tuesday 9 December, 10am–12pm", in London. */
export function when(startIso: string, endIso: string): string {
	const a = hourParts(startIso);
	const b = hourParts(endIso);
	const range =
		a.half === b.half ? `${a.time}–${b.time}${b.half}` : `${hour(startIso)}–${hour(endIso)}`;
	return `${longDay(startIso)}, ${range}`;
}
