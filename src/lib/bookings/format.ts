import { sessionTime } from '$lib/groups/format';
import type { CourseSummary } from './types';

/** Each day of a course as "Thu 18 Jun 2026, 09:30–16:30", in London time. */
export function courseDays(c: Pick<CourseSummary, 'days'>): string[] {
	return c.days.map((d) => sessionTime(d.starts_at, d.ends_at));
}

/** Where a course is: "Online", or the venue, address and postcode. */
export function courseWhere(c: CourseSummary): string {
	if (c.online) return 'Online';
	return [c.venue_name, c.venue_address, c.venue_postcode].filter(Boolean).join(', ');
}

/** "1 place", "3 places". */
export function places(n: number): string {
	return `${n} place${n === 1 ? '' : 's'}`;
}
