/**
 * How the public next-groups page says a group's facts, in plain words, in London time: the
 * weekday it meets, its places and its cost.
 */
import { hour, pounds, when } from '$lib/groups/format';
import type { PublicGroup } from './types';

const weekdayFormat = new Intl.DateTimeFormat('en-GB', {
	timeZone: 'Europe/London',
	weekday: 'long'
});

/** "Tuesdays, 10am–12pm" (London). */
export function meets(g: Pick<PublicGroup, 'first_starts_at' | 'first_ends_at'>): string {
	const range =
		when(g.first_starts_at, g.first_ends_at).split(', ').at(-1) ?? hour(g.first_starts_at);
	return `${weekdayFormat.format(new Date(g.first_starts_at))}s, ${range}`;
}

/** "3 places left", "1 place left", or "Full — join the waitlist". */
export function placesLeft(n: number): string {
	if (n <= 0) return 'Full — join the waitlist';
	return n === 1 ? '1 place left' : `${n} places left`;
}

/** "Free — funded by Northfield Family Trust" or "£120 per family". */
export function cost(g: Pick<PublicGroup, 'funded' | 'funder' | 'fee_pence'>): string {
	if (g.funded) return g.funder ? `Free — funded by ${g.funder}` : 'Free';
	if (!g.fee_pence) return 'Free';
	return `${pounds(g.fee_pence)} per family`;
}

/** "Online", "In person, NE1 area", or "In person" when the venue has no postcode yet. */
export function where(g: Pick<PublicGroup, 'online' | 'area'>): string {
	if (g.online) return 'Online';
	return g.area ? `In person, ${g.area} area` : 'In person';
}
