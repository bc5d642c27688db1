/**
 * The lists people open, at more than one page: the demo seed plus 120 generated groups (the
 * scale benchmark's generator: eight facilitators, ~1,000 families, concerns). Each list shows
 * every matching row on exactly one page, its total counts them all, filters and the search
 * narrow both, a search's own % and _ are literal, and a facilitator's pages hold only their
 * groups. Reads go through the real policies: supabase-js for the demo accounts, and for the
 * generated facilitators (who have no password) SQL as `authenticated` with their claims, as
 * PostgREST runs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { generate } from '../../scripts/bench/generate.js';
import { asRole, ids, startBackend } from './harness';
import { clients, ok, rpcCode } from './groups-fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb read loosely in tests
type Json = Record<string, any>;

const GENERATED = 120;
/** A generated facilitator (scripts/bench/generate.js): no demo group, only generated ones. */
const OWEN = '00000000-0000-4000-8000-000000000108';

let backend: EmbeddedBackend;
const as = clients(() => backend);

async function db<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** Every page of a list, in order, as `who` (a demo email, or a profile id for SQL). */
async function walk(
	fn: 'groups_page' | 'review_home' | 'interest_page' | 'open_concerns',
	rowsKey: string,
	args: Record<string, unknown>,
	who: string
): Promise<{ rows: Json[]; total: number; pages: Json[] }> {
	const pages: Json[] = [];
	for (let page = 1; ; page++) {
		const result = who.includes('@')
			? await ok<Json>(await as(who), fn, { ...args, page })
			: (
					await asRole<{ r: Json }>(
						backend,
						who,
						`select public.${fn}(search => $1, page => $2) as r`,
						[args.search ?? null, page]
					)
				)[0]!.r;
		pages.push(result);
		expect(result.paging.page).toBe(page);
		if (page * result.paging.page_size >= result.paging.total) break;
		expect(result[rowsKey]).toHaveLength(result.paging.page_size);
	}
	const rows = pages.flatMap((p) => p[rowsKey]);
	return { rows, total: pages[0]!.paging.total, pages };
}

const idsOf = (rows: Json[]) => rows.map((r) => r.id as string);
const once = (list: string[]) => expect(new Set(list).size).toBe(list.length);

beforeAll(async () => {
	backend = await startBackend();
	await generate(backend.db, { groups: GENERATED });
}, 90_000);
afterAll(() => backend.close());

describe('the groups list', () => {
	it("the lead's pages hold every group exactly once, 25 a page", async () => {
		const all = await db<{ id: string }>('select id from public.groups');
		const { rows, total, pages } = await walk('groups_page', 'groups', {}, 'lead@example.org');
		expect(total).toBe(all.length);
		expect(pages.length).toBe(Math.ceil(all.length / 25));
		once(idsOf(rows));
		expect(idsOf(rows).sort()).toEqual(all.map((r) => r.id).sort());
		// Running first, then those to come, then finished and cancelled.
		const rank = { running: 1, open: 2, draft: 3, completed: 4, cancelled: 5 } as const;
		const ranks = rows.map((g) => rank[g.phase as keyof typeof rank]);
		expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
	});

	it('a filter narrows the rows and the total alike', async () => {
		const { rows, total } = await walk(
			'groups_page',
			'groups',
			{ status: 'completed', funding: 'funded' },
			'lead@example.org'
		);
		expect(rows.length).toBe(total);
		expect(total).toBeGreaterThan(25);
		expect(rows.every((g) => g.phase === 'completed' && g.funding === 'funded')).toBe(true);
		const everything = await ok<Json>(await as('lead@example.org'), 'groups_page', {});
		expect(total).toBeLessThan(everything.paging.total);
	});

	it("the search finds groups by name or a facilitator's name, and its % is literal", async () => {
		const named = await ok<Json>(await as('lead@example.org'), 'groups_page', {
			search: '  monday MORN '
		});
		expect(named.paging.total).toBe(
			(await db("select id from public.groups where name ilike '%monday morn%'")).length
		);
		expect(named.groups.map((g: Json) => g.name)).toContain('Monday mornings');
		const owen = await walk('groups_page', 'groups', { search: 'Owen Pri' }, 'lead@example.org');
		const owens = await db<{ group_id: string }>(
			'select group_id from public.group_facilitators where facilitator_id = $1',
			[OWEN]
		);
		expect(owen.total).toBe(owens.length);
		expect(idsOf(owen.rows).sort()).toEqual(owens.map((r) => r.group_id).sort());
		for (const wild of ['%', '_', '\\'])
			expect(
				(await ok<Json>(await as('lead@example.org'), 'groups_page', { search: wild })).paging.total
			).toBe(0);
	});

	it("a facilitator's pages hold their groups and no one else's", async () => {
		const theirs = await db<{ group_id: string }>(
			'select group_id from public.group_facilitators where facilitator_id = $1',
			[OWEN]
		);
		expect(theirs.length).toBeGreaterThan(25);
		const { rows, total } = await walk('groups_page', 'groups', {}, OWEN);
		expect(total).toBe(theirs.length);
		once(idsOf(rows));
		expect(idsOf(rows).sort()).toEqual(theirs.map((r) => r.group_id).sort());
		// A search finds only their own groups among those everyone else's search would find.
		const mine = new Set(theirs.map((r) => r.group_id));
		const searched = await walk('groups_page', 'groups', { search: 'mornings' }, OWEN);
		const leads = await walk('groups_page', 'groups', { search: 'mornings' }, 'lead@example.org');
		expect(searched.total).toBeGreaterThan(0);
		expect(searched.total).toBeLessThan(leads.total);
		expect(idsOf(searched.rows).every((id) => mine.has(id))).toBe(true);
		expect(idsOf(searched.rows).sort()).toEqual(
			idsOf(leads.rows)
				.filter((id) => mine.has(id))
				.sort()
		);
		// Priya (a demo facilitator) sees only the groups she runs.
		const priya = await walk('groups_page', 'groups', {}, 'facilitator1@example.org');
		const hers = await db<{ group_id: string }>(
			'select group_id from public.group_facilitators where facilitator_id = $1',
			[ids.facilitator1]
		);
		expect(idsOf(priya.rows).sort()).toEqual(hers.map((r) => r.group_id).sort());
	});

	it('a page past the end shows the last page', async () => {
		const last = await ok<Json>(await as('lead@example.org'), 'groups_page', { page: 9999 });
		const pages = Math.ceil(last.paging.total / 25);
		expect(last.paging.page).toBe(pages);
		expect(last.groups.length).toBe(last.paging.total - (pages - 1) * 25);
	});
});

describe('the People page', () => {
	it('lists every parent exactly once over its pages, and the counts cover every role', async () => {
		const parents = await db<{ id: string }>(
			"select id from public.profiles where role = 'parent'"
		);
		expect(parents.length).toBeGreaterThan(500);
		const { rows, total } = await walk(
			'review_home',
			'people',
			{ role: 'parent' },
			'lead@example.org'
		);
		expect(total).toBe(parents.length);
		once(idsOf(rows));
		expect(idsOf(rows).sort()).toEqual(parents.map((r) => r.id).sort());
		const first = await ok<Json>(await as('lead@example.org'), 'review_home', {});
		expect(first.counts.parent).toBe(parents.length);
		expect(first.people).toHaveLength(50);
	});

	it('finds a person by any part of their email, and their invitations too', async () => {
		const found = await ok<Json>(await as('lead@example.org'), 'review_home', {
			search: 'PARENT13@example'
		});
		expect(found.people.map((p: Json) => p.email)).toEqual(['parent13@example.org']);
		expect(found.paging.total).toBe(1);
		for (const inv of found.invitations) expect(inv.email).toContain('parent13@example');
	});
});

describe('the interest list and open concerns', () => {
	it('the three states split the list between them, and the search narrows each', async () => {
		const lead = await as('lead@example.org');
		const waiting = await ok<Json>(lead, 'interest_page', {});
		const total = (
			await db<{ n: number }>('select count(*)::int as n from public.interest_list')
		)[0]!.n;
		expect(waiting.counts.waiting + waiting.counts.invited + waiting.counts.removed).toBe(total);
		expect(waiting.state).toBe('waiting');
		expect(waiting.paging.total).toBe(waiting.counts.waiting);
		expect(waiting.entries.every((e: Json) => !e.invited_at && !e.removed_at)).toBe(true);
		const name = waiting.entries[0].full_name as string;
		const narrowed = await ok<Json>(lead, 'interest_page', { search: name.slice(1, -1) });
		expect(narrowed.entries.map((e: Json) => e.full_name)).toContain(name);
		expect(narrowed.counts.waiting).toBeLessThanOrEqual(waiting.counts.waiting);
	});

	it('open concerns: each once over the pages; urgency narrows them', async () => {
		const open = await db<{ id: string; urgency: string }>(
			'select id, urgency::text from public.concerns where reviewed_at is null'
		);
		expect(open.length).toBeGreaterThan(0);
		const { rows, total } = await walk('open_concerns', 'concerns', {}, 'lead@example.org');
		expect(total).toBe(open.length);
		once(idsOf(rows));
		const high = await walk('open_concerns', 'concerns', { urgency: 'high' }, 'lead@example.org');
		expect(high.total).toBe(open.filter((c) => c.urgency === 'high').length);
		expect(high.rows.every((c) => c.urgency === 'high')).toBe(true);
	});

	it('only the roles each list is for may open it', async () => {
		for (const email of ['parent1@example.org', 'trainee1@example.org', 'training@example.org']) {
			for (const fn of ['groups_page', 'review_home', 'open_concerns', 'interest_page'] as const)
				expect(await rpcCode(await as(email), fn, { search: 'a' })).toBe('42501');
		}
		const facilitator = await as('facilitator1@example.org');
		expect(await rpcCode(facilitator, 'review_home', {})).toBe('42501');
		expect(await rpcCode(facilitator, 'open_concerns', {})).toBe('42501');
		expect((await ok<Json>(facilitator, 'interest_page', {})).state).toBe('waiting');
	});
});
