/**
 * The lead's instruments and schedules (62_outcome_measures.sql): outcome_measures_page,
 * add_outcome_instrument, remove_outcome_instrument and save_programme_measures, each allowed
 * for the lead and refused (42501) for every other role, with bad input refused beside its field
 * and nothing changed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { OutcomeMeasuresPage } from '../../src/lib/measures/types';
import { anonClient, startBackend } from './harness';
import { clients, ok, rpc } from './groups-fixtures';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');

const DEF = {
	id: 'made_up_admin',
	name: 'Made-up admin scale',
	short_name: 'MUAS',
	scoring: 'mean',
	range: { min: 0, max: 3 },
	higher_is_better: false,
	item_text_for: 'staff',
	options: [0, 1, 2, 3].map((value) => ({ value, label: `Option ${value}` })),
	items: [{ wording: 'A.' }, { wording: 'B.' }]
};

async function schedule(): Promise<string[]> {
	const page = OutcomeMeasuresPage.parse(await ok(await lead(), 'outcome_measures_page'));
	return page.programmes
		.find((p) => p.id === 'reflective-parenting')!
		.measures.map(
			(m) => `${m.instrument_id}:${m.at}${m.follow_up_weeks ? `:${m.follow_up_weeks}` : ''}`
		);
}

beforeAll(async () => {
	backend = await startBackend();
});
afterAll(async () => {
	await backend?.close();
});

describe('who may', () => {
	const others = [
		'facilitator1@example.org',
		'parent1@example.org',
		'trainee1@example.org',
		'training@example.org'
	];
	it('only the lead reads the page or changes instruments and schedules (42501 for the rest)', async () => {
		const calls: [string, Record<string, unknown>][] = [
			['outcome_measures_page', {}],
			['add_outcome_instrument', { definition: { ...DEF, id: 'made_up_nobody' } }],
			['remove_outcome_instrument', { instrument_id: 'gbo' }],
			['save_programme_measures', { programme_id: 'reflective-parenting', measures: [] }]
		];
		for (const email of others)
			for (const [fn, args] of calls)
				expect((await rpc(await as(email), fn, args)).error?.code, `${email} ${fn}`).toBe('42501');
		for (const [fn, args] of calls)
			expect((await rpc(anonClient(backend), fn, args)).error?.code, `anon ${fn}`).toMatch(
				/^(42501|PGRST)/
			);
		expect(await schedule()).toEqual(['gbo:before', 'gbo:after']);
	});
});

describe('the lead', () => {
	it('sees GBO with its items and options, and the schedule', async () => {
		const page = OutcomeMeasuresPage.parse(await ok(await lead(), 'outcome_measures_page'));
		const gbo = page.instruments.find((i) => i.id === 'gbo')!;
		expect(gbo).toMatchObject({ built_in: true, kind: 'goals', reliable_change: 2.45 });
		expect(gbo.items).toHaveLength(3);
		expect(gbo.options.map((o) => o.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(gbo.responses).toBeGreaterThan(0);
	});

	it('adds an instrument, schedules it, and cannot remove it while it is scheduled', async () => {
		expect(await ok(await lead(), 'add_outcome_instrument', { definition: DEF })).toEqual({
			id: 'made_up_admin'
		});
		await ok(await lead(), 'save_programme_measures', {
			programme_id: 'reflective-parenting',
			measures: [
				{ instrument_id: 'gbo', at: 'before', follow_up_weeks: null },
				{ instrument_id: 'gbo', at: 'after', follow_up_weeks: null },
				{ instrument_id: 'made_up_admin', at: 'follow_up', follow_up_weeks: 12 }
			]
		});
		expect(await schedule()).toEqual(['gbo:before', 'gbo:after', 'made_up_admin:follow_up:12']);
		const r = await rpc(await lead(), 'remove_outcome_instrument', {
			instrument_id: 'made_up_admin'
		});
		expect(r.error).toMatchObject({ code: 'P0001' });
		expect(r.error?.message).toContain('Take it off the programme');
	});

	it('refuses a bad schedule beside its field and keeps the one it had', async () => {
		const bad: [unknown, string][] = [
			[[{ instrument_id: 'gbo', at: 'during' }], 'measures'],
			[[{ instrument_id: 'nothing', at: 'before' }], 'measures'],
			[[{ instrument_id: 'gbo', at: 'follow_up', follow_up_weeks: 2 }], 'follow_up_weeks'],
			[[{ instrument_id: 'gbo', at: 'follow_up' }], 'follow_up_weeks'],
			[[{ instrument_id: 'gbo', at: 'before', follow_up_weeks: 6 }], 'follow_up_weeks'],
			[
				[
					{ instrument_id: 'gbo', at: 'before' },
					{ instrument_id: 'gbo', at: 'before' }
				],
				'measures'
			],
			['not a list', 'measures']
		];
		for (const [measures, hint] of bad) {
			const r = await rpc(await lead(), 'save_programme_measures', {
				programme_id: 'reflective-parenting',
				measures
			});
			expect(r.error, JSON.stringify(measures)).toMatchObject({ code: 'P0001', hint });
		}
		expect(
			(
				await rpc(await lead(), 'save_programme_measures', {
					programme_id: 'reflective-fostering',
					measures: []
				})
			).error?.code
		).toBe('P0002');
		expect(await schedule()).toEqual(['gbo:before', 'gbo:after', 'made_up_admin:follow_up:12']);
	});

	it('takes it off the schedule and removes it; GBO cannot be removed', async () => {
		await ok(await lead(), 'save_programme_measures', {
			programme_id: 'reflective-parenting',
			measures: [
				{ instrument_id: 'gbo', at: 'before', follow_up_weeks: null },
				{ instrument_id: 'gbo', at: 'after', follow_up_weeks: null }
			]
		});
		await ok(await lead(), 'remove_outcome_instrument', { instrument_id: 'made_up_admin' });
		const page = OutcomeMeasuresPage.parse(await ok(await lead(), 'outcome_measures_page'));
		expect(page.instruments.map((i) => i.id)).toEqual(['gbo']);
		const r = await rpc(await lead(), 'remove_outcome_instrument', { instrument_id: 'gbo' });
		expect(r.error).toMatchObject({ code: 'P0001' });
		expect(
			(await rpc(await lead(), 'remove_outcome_instrument', { instrument_id: 'nope' })).error?.code
		).toBe('P0002');
	});

	it('every change is in the audit log with who made it', async () => {
		const rows = (
			await backend.db.query<{ table_name: string; n: number }>(
				`select table_name, count(*)::int as n from public.audit_log
				 where table_name in ('outcome_instruments', 'programme_measures')
				   and actor = '00000000-0000-4000-8000-000000000001'
				 group by table_name order by table_name`
			)
		).rows;
		expect(rows.map((r) => r.table_name)).toEqual(['outcome_instruments', 'programme_measures']);
	});
});
