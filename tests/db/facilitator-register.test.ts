/**
 * The facilitator register at more than one page (94_facilitator_pathway.sql:
 * facilitator_register_page): 50 a page by name, every facilitator on exactly one page, searched
 * by part of a name (the lead also by email; a facilitator cannot find anyone by email), a stage
 * kept, odd pages clamped, bad input refused beside its field; who may read it unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, startBackend } from './harness';
import { clients, createAccount, ok, rpc, rpcCode, type Account } from './groups-fixtures';

/** The functions return jsonb; read it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb read loosely in tests
type Json = Record<string, any>;

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const MORE = 56;
let added: Account[] = [];

async function all(): Promise<{ id: string; full_name: string }[]> {
	return (
		await backend.db.query<{ id: string; full_name: string }>(
			`select id, full_name from public.profiles where role = 'facilitator' order by full_name, id`
		)
	).rows;
}

beforeAll(async () => {
	backend = await startBackend();
	added = [];
	for (let i = 0; i < MORE; i++)
		added.push(
			await createAccount(backend, 'facilitator', {
				full_name: `Register Person ${String(i).padStart(2, '0')}`,
				email: `register.${i}@pathway.example.org`,
				pathway: i % 2 ? 'trained' : 'accredited'
			})
		);
}, 60_000);
afterAll(() => backend.close());

describe('the facilitator register, paged and searched', () => {
	it('lists every facilitator once across the pages, 50 a page by name', async () => {
		const everyone = await all();
		expect(everyone.length).toBeGreaterThan(50);
		const first = await ok<Json>(await lead(), 'facilitator_register_page', {});
		expect(first).toMatchObject({ page: 1, pages: 2, page_size: 50, total: everyone.length });
		const second = await ok<Json>(await lead(), 'facilitator_register_page', { page: 2 });
		expect(second).toMatchObject({ page: 2, pages: 2, total: everyone.length });
		expect(first.people).toHaveLength(50);
		const listed = [...first.people, ...second.people].map((p: Json) => p.id);
		expect(listed).toEqual(everyone.map((p) => p.id));
		// past the last page: the last; before the first: the first
		expect(await ok<Json>(await lead(), 'facilitator_register_page', { page: 9 })).toMatchObject({
			page: 2
		});
		expect(await ok<Json>(await lead(), 'facilitator_register_page', { page: -3 })).toMatchObject({
			page: 1
		});
		// the alerts and criteria are the same on every page
		expect(second.alerts).toEqual(first.alerts);
		expect(second.criteria).toEqual(first.criteria);
	});

	it('searches part of a name, any case; the lead also by email', async () => {
		const byName = await ok<Json>(await lead(), 'facilitator_register_page', {
			search: '  person 1'
		});
		expect(byName.search).toBe('person 1');
		expect(byName.people.map((p: Json) => p.full_name)).toEqual(
			added.filter((a) => / 1\d$/.test(a.full_name)).map((a) => a.full_name)
		);
		expect(byName).toMatchObject({ total: 10, pages: 1 });
		const byEmail = await ok<Json>(await lead(), 'facilitator_register_page', {
			search: 'REGISTER.7@'
		});
		expect(byEmail.people.map((p: Json) => p.id)).toEqual([added[7]!.id]);
		// % and _ are the characters themselves, not wildcards
		expect((await ok<Json>(await lead(), 'facilitator_register_page', { search: '%' })).total).toBe(
			0
		);
		// a facilitator sees names only, and cannot find anyone by their email
		const f = await as('facilitator1@example.org');
		expect((await ok<Json>(f, 'facilitator_register_page', { search: 'register.7@' })).total).toBe(
			0
		);
		const named = await ok<Json>(f, 'facilitator_register_page', { search: 'Person 07' });
		expect(named.people).toEqual([
			{ id: added[7]!.id, full_name: added[7]!.full_name, stage: 'trained' }
		]);
	});

	it('keeps one stage, with the search', async () => {
		const trained = await ok<Json>(await lead(), 'facilitator_register_page', {
			search: 'Register Person',
			stage: 'trained'
		});
		expect(trained.stage).toBe('trained');
		expect(trained.total).toBe(MORE / 2);
		expect(trained.people.every((p: Json) => p.stage === 'trained')).toBe(true);
		const accredited = await ok<Json>(await lead(), 'facilitator_register_page', {
			stage: 'accredited'
		});
		expect(accredited.people.every((p: Json) => p.stage === 'accredited')).toBe(true);
		expect(accredited.total).toBeGreaterThanOrEqual(MORE / 2);
	});

	it('refuses a stage not on the list and a search too long, beside the field', async () => {
		const badStage = await rpc(await lead(), 'facilitator_register_page', { stage: 'expert' });
		expect(badStage.error).toMatchObject({ code: 'P0001', hint: 'stage' });
		const long = await rpc(await lead(), 'facilitator_register_page', { search: 'x'.repeat(101) });
		expect(long.error).toMatchObject({ code: 'P0001', hint: 'search' });
	});

	it('is for the lead and facilitators only, searched or not', async () => {
		for (const email of ['parent1@example.org', 'trainee1@example.org', 'training@example.org'])
			expect(
				await rpcCode(await as(email), 'facilitator_register_page', { search: 'a' }),
				email
			).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'facilitator_register_page', { search: 'a' })).toBe(
			'42501'
		);
		expect(
			await rpcCode(await as('facilitator2@example.org'), 'facilitator_register_page', {
				stage: 'trained',
				page: 2
			})
		).toBeNull();
	});
});
