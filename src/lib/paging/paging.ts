/**
 * Paged, searchable lists: the paging facts every list's view model carries (made in SQL by
 * private.paging_json), the page links that keep the list's search and filters, and how a list
 * page reads its search and page number from the address (so it works as a plain GET form).
 */
import type { Paging } from './schema';

// The zod schema lives apart (./schema.ts) so the page links below reach a browser without zod.
export type { Paging } from './schema';

/** The longest search a list takes; longer text is cut, not refused (it is only a search). */
export const SEARCH_MAX = 100;

/** A list's search text and page from its address: blank search is none, a bad page is 1. */
export function listParams(url: URL): { search: string | null; page: number } {
	// Control characters (a NUL cannot even reach PostgreSQL as text) are spaces in a search.
	// eslint-disable-next-line no-control-regex -- matching them is the point
	const typed = (url.searchParams.get('q') ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ');
	const search = typed.trim().slice(0, SEARCH_MAX) || null;
	const n = Number(url.searchParams.get('page'));
	const page = Number.isSafeInteger(n) && n >= 1 ? n : 1;
	return { search, page };
}

export function lastPage(p: Paging): number {
	return Math.max(1, Math.ceil(p.total / p.page_size));
}

/** This address with some parameters set (or, for null, dropped) and the rest kept. */
export function hrefWith(url: URL, changes: Record<string, string | null>): string {
	const params = new URLSearchParams(url.searchParams);
	for (const [name, value] of Object.entries(changes)) {
		if (value === null) params.delete(name);
		else params.set(name, value);
	}
	const query = params.toString();
	return url.pathname + (query ? `?${query}` : '');
}

/** The address of another page of the same list: every other parameter (search, filters) kept. */
export function pageHref(url: URL, page: number): string {
	return hrefWith(url, { page: page <= 1 ? null : String(page) });
}

export interface PageLink {
	page: number;
	href: string;
	current: boolean;
}

/**
 * The numbered links to show: the first, the last, and two either side of this one, with null
 * where pages are left out (shown as an ellipsis), so a list of 500 pages stays one line.
 */
export function pageLinks(url: URL, p: Paging): (PageLink | null)[] {
	const last = lastPage(p);
	const wanted = new Set([1, last]);
	for (let n = p.page - 2; n <= p.page + 2; n++) if (n >= 1 && n <= last) wanted.add(n);
	const pages = [...wanted].sort((a, b) => a - b);
	const links: (PageLink | null)[] = [];
	let before = 0;
	for (const n of pages) {
		if (before && n - before > 1) links.push(null);
		links.push({ page: n, href: pageHref(url, n), current: n === p.page });
		before = n;
	}
	return links;
}

/** "Showing 26–50 of 508", or what to say when nothing matches. */
export function showing(p: Paging, noun: { one: string; many: string }): string {
	if (p.total === 0) return `No ${noun.many}`;
	const first = (p.page - 1) * p.page_size + 1;
	const last = Math.min(p.total, p.page * p.page_size);
	const of = `${p.total.toLocaleString('en-GB')} ${p.total === 1 ? noun.one : noun.many}`;
	return first === 1 && last === p.total ? `${of}` : `Showing ${first}–${last} of ${of}`;
}
