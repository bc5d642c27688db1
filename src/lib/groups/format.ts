import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

const LONDON = 'Europe/London';

/** "Tue 9 Mar 2027" in London. */
export function day(iso: string): string {
	return format(new TZDate(iso, LONDON), 'EEE d MMM yyyy');
}

/** "10:00" in London. */
export function clock(iso: string): string {
	return format(new TZDate(iso, LONDON), 'HH:mm');
}

/** "Tue 9 Mar 2027, 10:00–12:00". */
export function sessionTime(startIso: string, endIso: string): string {
	return `${day(startIso)}, ${clock(startIso)}–${clock(endIso)}`;
}

/** London date and time for form fields: ["2027-03-09", "10:00"]. */
export function dateAndTime(iso: string): [string, string] {
	const t = new TZDate(iso, LONDON);
	return [format(t, 'yyyy-MM-dd'), format(t, 'HH:mm')];
}

export function pounds(pence: number | null): string {
	return pence === null ? '' : `£${(pence / 100).toFixed(pence % 100 === 0 ? 0 : 2)}`;
}
