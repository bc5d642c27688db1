/**
 * Scoring (private.score_values, the one definition of a score in 62_outcome_measures.sql), against
 * examples worked by hand, on instruments installed from definitions as the lead would install
 * them (made-up items: no licensed text is in the project). Also the definition judge
 * (private.install_instrument): every field a definition can get wrong is refused with its name.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDefinition } from '../../src/lib/measures/definition';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { ids, startBackend } from './harness';

let backend: EmbeddedBackend;

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

type Scored = {
	score: number | null;
	subscales: Record<string, number | null>;
	answered: number;
	items: number;
	clinical: boolean | null;
};
async function score(instrument: string, answers: Record<number, number | null>): Promise<Scored> {
	const [row] = await db<{ s: Scored }>('select private.score_values($1, $2) as s', [
		instrument,
		JSON.stringify(answers)
	]);
	return row!.s;
}

const FIVE_POINT = [1, 2, 3, 4, 5].map((value) => ({ value, label: `Option ${value}` }));

/** A made-up 4-item sum instrument, 1-5 each: item 2 reversed, two subscales, cut-off 10 (lower is worse). */
const SUM = {
	id: 'made_up_sum',
	name: 'Made-up wellbeing scale',
	short_name: 'MUWS',
	scoring: 'sum',
	range: { min: 4, max: 20 },
	higher_is_better: true,
	cutoff: 10,
	reliable_change: 3,
	min_answered: 3,
	options: FIVE_POINT,
	items: [
		{ wording: 'I felt calm.', subscale: 'Calm' },
		{ wording: 'I felt on edge.', reverse: true, subscale: 'Calm' },
		{ wording: 'I enjoyed time with the child.', subscale: 'Close' },
		{ wording: 'I felt close to the child.', subscale: 'Close' }
	]
};

/** A made-up 3-item lookup instrument, 1-5 each: raw total 3-15 converted by a table. */
const LOOKUP = {
	id: 'made_up_lookup',
	name: 'Made-up converted scale',
	short_name: 'MUCS',
	scoring: 'lookup',
	range: { min: 5, max: 30 },
	higher_is_better: false,
	cutoff: 20,
	options: FIVE_POINT,
	items: [{ wording: 'One.' }, { wording: 'Two.' }, { wording: 'Three.' }],
	lookup: Object.fromEntries(
		Array.from({ length: 13 }, (_, k) => [
			String(k + 3),
			Math.round((5 + (k * 25) / 12) * 100) / 100
		])
	)
};

/** A made-up mean instrument, 0-3, item 3 reversed. */
const MEAN = {
	id: 'made_up_mean',
	name: 'Made-up mean scale',
	short_name: 'MUMS',
	scoring: 'mean',
	range: { min: 0, max: 3 },
	higher_is_better: false,
	min_answered: 2,
	item_text_for: 'staff',
	options: [0, 1, 2, 3].map((value) => ({ value, label: `Option ${value}` })),
	items: [{ wording: 'A.' }, { wording: 'B.' }, { wording: 'C.', reverse: true }]
};

async function install(def: unknown) {
	const [row] = await db<{ id: string }>(
		'select private.install_instrument($1::jsonb, $2::uuid) as id',
		[JSON.stringify(def), ids.lead]
	);
	return row!.id;
}

/** The field a refused definition names (the hint), and its message. */
async function refusal(def: unknown): Promise<{ hint: string; message: string }> {
	try {
		await install(def);
	} catch (e) {
		const err = e as { hint?: string; message: string };
		return { hint: err.hint ?? '', message: err.message };
	}
	throw new Error('the definition was accepted');
}

beforeAll(async () => {
	backend = await startBackend();
	await install(SUM);
	await install(LOOKUP);
	await install(MEAN);
});
afterAll(async () => {
	await backend?.close();
});

describe('scoring a sum', () => {
	it('adds the items, reversing item 2 (lowest + highest - value)', async () => {
		// 4 + (6 - 2) + 3 + 5 = 16
		expect((await score('made_up_sum', { 1: 4, 2: 2, 3: 3, 4: 5 })).score).toBe(16);
	});
	it('scores subscales the same way', async () => {
		const s = await score('made_up_sum', { 1: 4, 2: 2, 3: 3, 4: 5 });
		expect(s.subscales).toEqual({ Calm: 8, Close: 8 });
	});
	it('prorates a missing item (3 answered of 4: mean times 4), and leaves its subscale unscored', async () => {
		// 4, (6 - 1) = 5, 3: mean 4, times 4 = 16
		const s = await score('made_up_sum', { 1: 4, 2: 1, 3: 3, 4: null });
		expect(s.score).toBe(16);
		expect(s.answered).toBe(3);
		expect(s.subscales).toEqual({ Calm: 9, Close: null });
	});
	it('leaves the response unscored below min_answered ("prefer not to say" is not an answer)', async () => {
		const s = await score('made_up_sum', { 1: 4, 2: null, 3: null, 4: 5 });
		expect(s.score).toBeNull();
		expect(s.clinical).toBeNull();
	});
	it('is in the clinical range at the cut-off when lower is worse, not above it', async () => {
		// 2 + (6 - 4) + 3 + 3 = 10: at the cut-off
		expect((await score('made_up_sum', { 1: 2, 2: 4, 3: 3, 4: 3 })).clinical).toBe(true);
		// 2 + (6 - 4) + 3 + 4 = 11
		expect((await score('made_up_sum', { 1: 2, 2: 4, 3: 3, 4: 4 })).clinical).toBe(false);
	});
});

describe('scoring by a lookup table', () => {
	it('converts the raw total through the table', async () => {
		// raw 2 + 3 + 4 = 9, k = 6: 5 + 6 * 25 / 12 = 17.5
		expect((await score('made_up_lookup', { 1: 2, 2: 3, 3: 4 })).score).toBe(17.5);
		// raw 15 (every item 5): the top of the table, 30
		expect((await score('made_up_lookup', { 1: 5, 2: 5, 3: 5 })).score).toBe(30);
	});
	it('is in the clinical range at or above the cut-off when higher is worse', async () => {
		// raw 11, k = 8: 5 + 200 / 12 = 21.67
		const s = await score('made_up_lookup', { 1: 4, 2: 4, 3: 3 });
		expect(s.score).toBe(21.67);
		expect(s.clinical).toBe(true);
		expect((await score('made_up_lookup', { 1: 1, 2: 1, 3: 1 })).clinical).toBe(false);
	});
	it('needs every item by default', async () => {
		expect((await score('made_up_lookup', { 1: 4, 2: 4 })).score).toBeNull();
	});
});

describe('scoring a mean', () => {
	it('averages the items, reversing item 3 (0 + 3 - value), to two decimals', async () => {
		// 1, 2, (3 - 0) = 3: mean 2
		expect((await score('made_up_mean', { 1: 1, 2: 2, 3: 0 })).score).toBe(2);
		// 1, 1, (3 - 2) = 1... and 0, 1, 1: mean 0.67
		expect((await score('made_up_mean', { 1: 0, 2: 1, 3: 2 })).score).toBe(0.67);
	});
	it('averages what was answered when enough was', async () => {
		expect((await score('made_up_mean', { 1: 3, 2: 2 })).score).toBe(2.5);
		expect((await score('made_up_mean', { 1: 3 })).score).toBeNull();
	});
	it('has no clinical range without a cut-off', async () => {
		expect((await score('made_up_mean', { 1: 3, 2: 2, 3: 1 })).clinical).toBeNull();
	});
});

describe('Goal-Based Outcomes (built in)', () => {
	it('is installed with 0-10 ratings, reliable change 2.45, higher better, free to use', async () => {
		const [gbo] = await db<Record<string, unknown>>(
			"select kind, scoring, min_score, max_score, reliable_change, higher_is_better, built_in, item_text_for, (select count(*)::int from public.outcome_options o where o.instrument_id = 'gbo') as options from public.outcome_instruments where id = 'gbo'"
		);
		expect(gbo).toEqual({
			kind: 'goals',
			scoring: 'mean',
			min_score: '0',
			max_score: '10',
			reliable_change: '2.45',
			higher_is_better: true,
			built_in: true,
			item_text_for: 'everyone',
			options: 11
		});
	});
	it('scores the mean of the goals rated, however many were set', async () => {
		expect((await score('gbo', { 1: 2, 2: 3, 3: 7 })).score).toBe(4);
		const two = await score('gbo', { 1: 2, 2: 5 });
		expect(two.score).toBe(3.5);
		expect(two.items).toBe(2);
		expect((await score('gbo', { 1: null })).score).toBeNull();
	});
	it("is on the Reflective Parenting group's schedule before and after", async () => {
		const rows = await db<{ at: string }>(
			"select at from public.programme_measures where programme_id = 'reflective-parenting' and instrument_id = 'gbo' order by at"
		);
		expect(rows.map((r) => r.at)).toEqual(['after', 'before']);
	});
});

describe('the definition judge', () => {
	const cases: [string, Record<string, unknown>, string][] = [
		['an id in use', { ...SUM }, 'id'],
		['a bad id', { ...SUM, id: 'Bad Id' }, 'id'],
		['a goals instrument (only GBO is one)', { ...SUM, id: 'x1', kind: 'goals' }, 'kind'],
		['an unknown scoring', { ...SUM, id: 'x2', scoring: 'median' }, 'scoring'],
		['one option', { ...SUM, id: 'x3', options: [{ value: 1, label: 'Only' }] }, 'options'],
		[
			'two options with one value',
			{
				...SUM,
				id: 'x4',
				options: [
					{ value: 1, label: 'A' },
					{ value: 1, label: 'B' }
				]
			},
			'options'
		],
		['no items', { ...SUM, id: 'x5', items: [] }, 'items'],
		['an item without wording', { ...SUM, id: 'x6', items: [{ wording: ' ' }] }, 'items'],
		['a range the items cannot reach', { ...SUM, id: 'x7', range: { min: 0, max: 20 } }, 'range'],
		['a cut-off out of range', { ...SUM, id: 'x8', cutoff: 40 }, 'cutoff'],
		['a reliable change of 0', { ...SUM, id: 'x9', reliable_change: 0 }, 'reliable_change'],
		['min_answered above the items', { ...SUM, id: 'x10', min_answered: 5 }, 'min_answered'],
		[
			'a lookup with a gap',
			{ ...LOOKUP, id: 'x11', lookup: { ...LOOKUP.lookup, '9': undefined } },
			'lookup'
		],
		['a lookup on a sum', { ...SUM, id: 'x12', lookup: { '4': 4 } }, 'lookup'],
		['no higher_is_better', { ...SUM, id: 'x13', higher_is_better: 'yes' }, 'higher_is_better'],
		['a bad item_text_for', { ...SUM, id: 'x14', item_text_for: 'parents' }, 'item_text_for'],
		['no name', { ...SUM, id: 'x15', name: '' }, 'name']
	];
	for (const [what, def, field] of cases) {
		it(`refuses ${what}, naming ${field}, and installs nothing`, async () => {
			const refused = await refusal(def);
			expect(refused.hint).toBe(field);
			expect(refused.message.length).toBeGreaterThan(10);
			const [n] = await db<{ n: number }>(
				'select count(*)::int as n from public.outcome_instruments where id = $1 and id <> $2',
				[def.id, SUM.id]
			);
			expect(n?.n).toBe(0);
		});
	}
	it('says which raw total a lookup is missing', async () => {
		const refused = await refusal({
			...LOOKUP,
			id: 'x16',
			lookup: { ...LOOKUP.lookup, '9': undefined }
		});
		expect(refused.message).toContain('9 is missing');
	});
});

describe("the README's example definition", () => {
	it('installs as written and scores as the README says it would', async () => {
		const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
		const section = readme.slice(
			readme.indexOf('### Outcome measures — instruments and schedules')
		);
		const json = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
		expect(json).toBeTruthy();
		const def = readDefinition(json!);
		expect(def.problem).toBeUndefined();
		expect(await install(def.definition)).toBe('carer_wellbeing_example');
		// 4 + (6 - 2) + 3 + 5 = 16: the reverse item flipped; subscales Calm 8 and Close 8
		const s = await score('carer_wellbeing_example', { 1: 4, 2: 2, 3: 3, 4: 5 });
		expect(s).toMatchObject({ score: 16, subscales: { Calm: 8, Close: 8 }, clinical: false });
	});
});
