import { describe, expect, it } from 'vitest';
import { pageHref, shownRange } from './paging';

describe('pageHref', () => {
	it('keeps the filters and sets the page', () => {
		const url = new URL('http://x/review?funding=funded&from_date=2026-01-01');
		expect(pageHref(url, 3)).toBe('/review?funding=funded&from_date=2026-01-01&page=3');
	});

	it('replaces a page already in the address', () => {
		expect(pageHref(new URL('http://x/review?page=2&funding=funded'), 3)).toBe(
			'/review?page=3&funding=funded'
		);
	});

	it('leaves the parameter out for the first page', () => {
		expect(pageHref(new URL('http://x/review?page=2'), 1)).toBe('/review');
		expect(pageHref(new URL('http://x/review?page=2&funding=funded'), 1)).toBe(
			'/review?funding=funded'
		);
	});
});

describe('shownRange', () => {
	it('counts the groups on a page, the last one short', () => {
		expect(shownRange(1, 50, 2000)).toBe('1–50 of 2,000');
		expect(shownRange(2, 50, 63)).toBe('51–63 of 63');
		expect(shownRange(1, 50, 3)).toBe('1–3 of 3');
	});

	it('says none when nothing matches', () => {
		expect(shownRange(1, 50, 0)).toBe('none');
	});
});
