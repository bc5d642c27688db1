/** Paging the dashboard's list of groups: the figures cover every group, the list one page. */
import { count } from '$lib/groups/format';

/** A link to page `n` of the list that keeps the filters in `url`; page 1 has no parameter. */
export function pageHref(url: URL, n: number): string {
	const params = new URLSearchParams(url.search);
	if (n <= 1) params.delete('page');
	else params.set('page', String(n));
	const query = params.toString();
	return query ? `${url.pathname}?${query}` : url.pathname;
}

/** Which groups a page shows, for people: "51–100 of 2,000". */
export function shownRange(page: number, pageSize: number, total: number): string {
	if (total === 0) return 'none';
	const first = (page - 1) * pageSize + 1;
	const last = Math.min(page * pageSize, total);
	return `${count(first)}–${count(last)} of ${count(total)}`;
}
