import { describe, expect, it } from 'vitest';
import { hrefWith, lastPage, listParams, pageHref, pageLinks, showing } from './paging';

const url = (s: string) => new URL(s, 'http://site.test');

describe('listParams', () => {
	it('reads the search and the page', () => {
		expect(listParams(url('/groups?q=%20Leeds%20&page=3'))).toEqual({ search: 'Leeds', page: 3 });
	});
	it('treats a blank search as none and a bad page as the first', () => {
		for (const page of ['0', '-2', '1.5', 'abc', '1e400', ''])
			expect(listParams(url(`/groups?q=%20%20&page=${page}`))).toEqual({ search: null, page: 1 });
	});
	it('reads control characters as spaces, so a NUL cannot fail the query', () => {
		expect(listParams(url('/groups?q=%00mor%0Aning%00')).search).toBe('mor ning');
		expect(listParams(url('/groups?q=%00%00')).search).toBeNull();
	});
	it('cuts a very long search rather than refusing it', () => {
		expect(listParams(url(`/groups?q=${'a'.repeat(500)}`)).search).toHaveLength(100);
	});
});

describe('page links', () => {
	const paging = { page: 7, page_size: 25, total: 508 };
	it('keep every other parameter and drop page=1', () => {
		const u = url('/groups?status=running&q=mor&page=7');
		expect(pageHref(u, 8)).toBe('/groups?status=running&q=mor&page=8');
		expect(pageHref(u, 1)).toBe('/groups?status=running&q=mor');
		expect(pageHref(url('/groups?page=2'), 1)).toBe('/groups');
	});
	it('replace a page already in the address, keeping the order of the rest', () => {
		expect(pageHref(url('/review?page=2&funding=funded'), 3)).toBe('/review?page=3&funding=funded');
		expect(pageHref(url('/review?page=2&funding=funded'), 1)).toBe('/review?funding=funded');
	});
	it('can set or drop any parameter', () => {
		const u = url('/review/interest?state=removed&q=ann&page=2');
		expect(hrefWith(u, { remove: 'x1', page: null })).toBe(
			'/review/interest?state=removed&q=ann&remove=x1'
		);
	});
	it('show the first, the last and two either side, with gaps', () => {
		const links = pageLinks(url('/groups?page=7'), paging);
		expect(links.map((l) => (l ? l.page : '…'))).toEqual([1, '…', 5, 6, 7, 8, 9, '…', 21]);
		expect(links.filter((l) => l?.current).map((l) => l?.page)).toEqual([7]);
		expect(lastPage(paging)).toBe(21);
	});
	it('show one page when everything fits', () => {
		expect(pageLinks(url('/groups'), { page: 1, page_size: 25, total: 0 })).toEqual([
			{ page: 1, href: '/groups', current: true }
		]);
	});
	it('say which rows are shown', () => {
		const noun = { one: 'group', many: 'groups' };
		expect(showing(paging, noun)).toBe('Showing 151–175 of 508 groups');
		expect(showing({ page: 21, page_size: 25, total: 508 }, noun)).toBe(
			'Showing 501–508 of 508 groups'
		);
		expect(showing({ page: 1, page_size: 25, total: 1 }, noun)).toBe('1 group');
		expect(showing({ page: 1, page_size: 25, total: 0 }, noun)).toBe('No groups');
		expect(showing({ page: 2, page_size: 50, total: 63 }, noun)).toBe('Showing 51–63 of 63 groups');
		expect(
			showing({ page: 1, page_size: 50, total: 24013 }, { one: 'person', many: 'people' })
		).toBe('Showing 1–50 of 24,013 people');
	});
});
