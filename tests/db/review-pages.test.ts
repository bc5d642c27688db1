/**
 * The dashboard at more than one page: the demo seed plus 90 generated groups (the scale
 * benchmark's generator, so registers, withdrawals, cancellations and waitlists are all there).
 * The figures cover every group that matches the filters; the list shows 50 a page, newest
 * first, and every group is on exactly one page. Also: the stored tallies the figures are read
 * from agree with counting afresh, and a tally that a started session has made stale is not
 * trusted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { generate } from '../../scripts/bench/generate.js';
import { startBackend } from './harness';
import { clients, ok } from './groups-fixtures';

/** The functions return jsonb; read it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb read loosely in tests
type Json = Record<string, any>;

/** The demo seed's 3 groups and these make two pages of 50, with more than 50 funded. */
const GENERATED = 90;
const TOTAL = GENERATED + 5; // and the demo's five

let backend: EmbeddedBackend;
const as = clients(() => backend);
const dashboard = async (args: Record<string, unknown> = {}) =>
	ok<Json>(await as('lead@example.org'), 'review_dashboard', args);

async function db<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** Every group's id, newest first as the list orders them. */
async function allIds(where = 'true'): Promise<string[]> {
	const rows = await db<{ id: string }>(`
		select g.id from public.groups g join private.review_tallies t on t.group_id = g.id
		where ${where} order by t.first_start desc nulls last, g.id`);
	return rows.map((r) => r.id);
}

beforeAll(async () => {
	backend = await startBackend();
	await generate(backend.db, { groups: GENERATED });
}, 60_000);
afterAll(() => backend.close());

describe('paging the list of groups', () => {
	it('figures count every group; the pages list each once, newest first', async () => {
		const ids = await allIds();
		expect(ids).toHaveLength(TOTAL);
		const first = await dashboard();
		expect(first.totals.groups).toBe(TOTAL);
		expect(first).toMatchObject({ page: 1, pages: 2, page_size: 50 });
		const second = await dashboard({ page: 2 });
		expect(second).toMatchObject({ page: 2, pages: 2 });
		expect(second.totals).toEqual(first.totals);
		const listed = [...first.groups, ...second.groups].map((g: Json) => g.id);
		expect(first.groups).toHaveLength(50);
		expect(second.groups).toHaveLength(TOTAL - 50);
		expect(listed).toEqual(ids);
	});

	it('a page past the last shows the last; below the first, the first', async () => {
		expect(await dashboard({ page: 99 })).toMatchObject({ page: 2, pages: 2 });
		expect((await dashboard({ page: 99 })).groups).toHaveLength(TOTAL - 50);
		expect(await dashboard({ page: 0 })).toMatchObject({ page: 1 });
		expect(await dashboard({ page: -5 })).toMatchObject({ page: 1 });
	});

	it('filters narrow the figures and the pages alike', async () => {
		const funded = await allIds(`g.funding = 'funded'`);
		const selfFunded = await allIds(`g.funding = 'self_funded'`);
		expect(funded.length).toBeGreaterThan(50);
		expect(selfFunded.length).toBeGreaterThan(0);
		const one = await dashboard({ funding: 'funded' });
		const two = await dashboard({ funding: 'funded', page: 2 });
		expect(one.totals.groups).toBe(funded.length);
		expect([...one.groups, ...two.groups].map((g: Json) => g.id)).toEqual(funded);
		const self = await dashboard({ funding: 'self_funded' });
		expect(self).toMatchObject({ page: 1, pages: 1 });
		expect(self.groups.map((g: Json) => g.id)).toEqual(selfFunded);
	});

	it('nothing matching is one empty page', async () => {
		const none = await dashboard({ from_date: '2099-01-01' });
		expect(none).toMatchObject({ page: 1, pages: 1, groups: [] });
		expect(none.totals.groups).toBe(0);
	});
});

describe('the stored tallies', () => {
	it('agree with counting every group afresh', async () => {
		const differ = await db<{ group_id: string }>(`
			select t.group_id from private.review_tallies t
			where t.stale_after is null or t.stale_after > now()
			except
			select n.group_id from private.review_tallies t,
			  lateral private.review_counts(t.group_id, now()) n
			where (n.*)::text = (t.*)::text`);
		expect(differ).toEqual([]);
		expect(
			(await db<{ n: number }>('select count(*)::int as n from private.review_tallies'))[0]
		).toEqual({ n: TOTAL });
	});

	it('once stale, are worked out afresh rather than trusted', async () => {
		const before = await dashboard();
		const [completed] = await db<{ id: string }>(`
			select g.id from public.groups g join private.review_tallies t on t.group_id = g.id
			where g.status = 'open' and t.placed > 0 and t.last_end < now()
			order by t.first_start desc limit 1`);
		const row = before.groups.find((g: Json) => g.id === completed!.id);
		expect(row.started).toBeGreaterThan(0);
		// A tally that is wrong but still fresh is what the dashboard reads: the fast path is used.
		await db(`update private.review_tallies set placed = 99 where group_id = $1`, [completed!.id]);
		const wrong = await dashboard();
		expect(wrong.groups.find((g: Json) => g.id === completed!.id).started).toBe(99);
		// Once its stale_after has passed, the same wrong tally is not trusted.
		await db(
			`update private.review_tallies set stale_after = now() - interval '1 minute' where group_id = $1`,
			[completed!.id]
		);
		const afresh = await dashboard();
		expect(afresh.groups.find((g: Json) => g.id === completed!.id).started).toBe(row.started);
		expect(afresh.totals).toEqual(before.totals);
	});
});
