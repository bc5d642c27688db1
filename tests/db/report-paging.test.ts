/**
 * The funder report at more than one page: the demo seed plus 120 generated groups (the scale
 * benchmark's generator). The per-group rows (each section's, and the outcome and feedback rows)
 * are one page of 50 groups delivered, funded first; every group delivered is on exactly one
 * page; the totals, outcome totals, quotes and planned groups are the same on every page and in
 * the CSV's call (every_row), which has every row; a funder narrows the total; a page past the
 * last shows the last. Only the lead may read it, a page or every row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { generate } from '../../scripts/bench/generate.js';
import { reportCsv } from '../../src/lib/review/report';
import type { FunderReport } from '../../src/lib/review/types';
import { anonClient, startBackend } from './harness';
import { clients, ok, rpcCode } from './groups-fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb read loosely in tests
type Json = Record<string, any>;

const PERIOD = { from_date: '2020-01-01', to_date: '2035-12-31' };
const FUNDER = 'Lottery Community Fund';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');

/** Every page of the report, in order. */
async function walk(args: Record<string, unknown>): Promise<Json[]> {
	const pages: Json[] = [];
	for (let page = 1; ; page++) {
		const r = await ok<Json>(await lead(), 'funder_report', { ...args, page });
		expect(r.paging.page).toBe(page);
		pages.push(r);
		if (page * r.paging.page_size >= r.paging.total) break;
		expect(r.funded.rows.length + r.self_funded.rows.length).toBe(r.paging.page_size);
	}
	return pages;
}

const groupRows = (r: Json) => [...r.funded.rows, ...r.self_funded.rows] as Json[];
/** What must not change from page to page: all but the per-group rows. */
function totalsOf(r: Json) {
	const without = (o: Json) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'rows'));
	const section = without;
	const outcomes = (o: Json) => ({
		measures: o.measures.map(without),
		feedback: o.feedback.totals,
		quotes: o.quotes
	});
	return {
		funded: section(r.funded),
		self_funded: section(r.self_funded),
		outcomes: { funded: outcomes(r.outcomes.funded), self: outcomes(r.outcomes.self_funded) },
		funders: r.funders,
		total: r.paging.total
	};
}
/** A page's outcome and feedback rows, as `section/instrument/group` keys. */
function outcomeKeys(r: Json): string[] {
	const keys: string[] = [];
	for (const k of ['funded', 'self_funded']) {
		for (const m of r.outcomes[k].measures)
			for (const g of m.rows) keys.push(`${k}/${m.instrument_id}/${g.id}`);
		for (const g of r.outcomes[k].feedback.rows) keys.push(`${k}/feedback/${g.id}`);
	}
	return keys;
}

beforeAll(async () => {
	backend = await startBackend();
	await generate(backend.db, { groups: 120 });
}, 90_000);
afterAll(() => backend.close());

describe('the funder report, paged', () => {
	it('has every group delivered on exactly one page, 50 a page, funded first', async () => {
		const pages = await walk(PERIOD);
		const first = pages[0]!;
		const total = first.funded.groups + first.self_funded.groups;
		expect(total).toBeGreaterThan(100);
		expect(first.paging).toEqual({ page: 1, page_size: 50, total });
		expect(pages).toHaveLength(Math.ceil(total / 50));
		const ids = pages.flatMap((p) => groupRows(p).map((g) => g.id as string));
		expect(ids).toHaveLength(total);
		expect(new Set(ids).size).toBe(total);
		// funded rows only on pages before any self-funded one
		const kinds = pages.flatMap((p) => [
			...p.funded.rows.map(() => 0),
			...p.self_funded.rows.map(() => 1)
		]);
		expect(kinds).toEqual([...kinds].sort());
		expect(kinds.filter((k) => k === 0)).toHaveLength(first.funded.groups);
	});

	it('has the same totals on every page, the same as the CSV call, which has every row', async () => {
		const pages = await walk(PERIOD);
		const all = await ok<Json>(await lead(), 'funder_report', { ...PERIOD, every_row: true });
		for (const p of pages) expect(totalsOf(p)).toEqual(totalsOf(all));
		expect(all.paging).toEqual({ page: 1, page_size: all.paging.total, total: all.paging.total });
		expect(groupRows(all).map((g) => g.id)).toEqual(
			pages.flatMap((p) => groupRows(p).map((g) => g.id))
		);
		// outcome and feedback rows: those of the page's groups, every one once across the pages
		const keys = pages.flatMap(outcomeKeys);
		expect(new Set(keys).size).toBe(keys.length);
		expect(keys.sort()).toEqual(outcomeKeys(all).sort());
		expect(outcomeKeys(all).filter((k) => k.includes('/feedback/'))).toHaveLength(all.paging.total);
		for (const p of pages) {
			const onPage = new Set(groupRows(p).map((g) => g.id));
			for (const k of outcomeKeys(p)) expect(onPage.has(k.split('/')[2])).toBe(true);
		}
		// the CSV made from that call: a line per group delivered in each section
		const csv = reportCsv(all as FunderReport);
		const lines = csv.split('\r\n');
		const delivered = lines.filter((l) => /^"(Funded|Self-funded)",/.test(l));
		expect(delivered).toHaveLength(all.paging.total);
		for (const g of groupRows(all))
			expect(delivered.some((l) => l.includes(`"${g.name}"`))).toBe(true);
	});

	it('narrows the total to a funder, and shows the last page for a page past it', async () => {
		const all = await ok<Json>(await lead(), 'funder_report', PERIOD);
		const one = await walk({ ...PERIOD, funder: FUNDER });
		const o = one[0]!;
		expect(o.paging.total).toBe(o.funded.groups + o.self_funded.groups);
		expect(o.funded.groups).toBeGreaterThan(0);
		expect(o.funded.groups).toBeLessThan(all.funded.groups);
		expect(o.self_funded.groups).toBe(all.self_funded.groups);
		for (const p of one) for (const g of p.funded.rows) expect(g.funder).toBe(FUNDER);
		const last = Math.ceil(all.paging.total / 50);
		const past = await ok<Json>(await lead(), 'funder_report', { ...PERIOD, page: 999 });
		expect(past.paging.page).toBe(last);
		expect(groupRows(past).length).toBe(all.paging.total - (last - 1) * 50);
		const zero = await ok<Json>(await lead(), 'funder_report', { ...PERIOD, page: 0 });
		expect(zero.paging.page).toBe(1);
		expect(groupRows(zero).map((g) => g.id)).toEqual(groupRows(all).map((g) => g.id));
	});

	it('is refused to everyone but the lead, a page or every row', async () => {
		for (const email of [
			'facilitator1@example.org',
			'parent1@example.org',
			'training@example.org',
			'trainee1@example.org'
		]) {
			expect(await rpcCode(await as(email), 'funder_report', { ...PERIOD, page: 2 })).toBe('42501');
			expect(await rpcCode(await as(email), 'funder_report', { ...PERIOD, every_row: true })).toBe(
				'42501'
			);
		}
		const anon = anonClient(backend);
		expect(await rpcCode(anon, 'funder_report', { ...PERIOD, every_row: true })).toBe('42501');
	});
});
