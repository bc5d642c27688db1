/**
 * Outcome results (supabase/schemas/98_outcome_results.sql): the figures against fixtures
 * worked out by hand, the funder report's suppression exactly at 4 and 5 families (and 0),
 * completeness and reliable change; the demo's Monday group; who may call each rpc; quotes; and
 * the RLS matrix of every outcome table (62_outcome_measures.sql) read and written directly as each role.
 *
 * Fixture groups are made with create_group, then moved into the past and answered as the owner
 * with the window trigger paused inside the statement's transaction (the windows themselves are
 * tests/db/outcome-scoring's and slice A's): the scoring trigger still keeps each score.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, sqlError, startBackend } from './harness';
import { clients, createGroup, createParents, ok, rpc, rpcCode } from './groups-fixtures';

const MONDAY = '00000000-0000-4000-8000-000000001004';
const FRIDAY = '00000000-0000-4000-8000-000000001005';
const FUNDER = 'Outcome Results Test Trust';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** The one row a query returns. */
async function first<T>(sql: string, params: unknown[] = []): Promise<T> {
	const [row] = await db<T>(sql, params);
	if (!row) throw new Error(`no row: ${sql}`);
	return row;
}

/** Profile ids by email (trainee and training admin have no fixed id in the harness). */
async function idOf(email: string): Promise<string> {
	const [r] = await db<{ id: string }>('select id from public.profiles where email = $1', [email]);
	return r!.id;
}

interface Family {
	before?: number | null;
	after?: number | null;
	feedback?: { helpful: number | null; recommend: string | null; helped_most?: string };
}

/**
 * A completed funded group (first session 70 days ago) with one enrolled family per entry: GBO
 * answered with one goal rated `before` / `after` (undefined: not answered), and feedback.
 * Returns the group and its enrolments in order.
 */
async function completedGroup(families: Family[], name = 'Results fixture') {
	const group = await createGroup(await lead(), { name, funder: FUNDER });
	const parents = await createParents(backend, families.length);
	const enrolments: string[] = [];
	await backend.db.transaction(async (tx) => {
		await tx.query(
			`update public.sessions set starts_at = starts_at - interval '84 days',
			   ends_at = ends_at - interval '84 days' where group_id = $1`,
			[group]
		);
		await tx.exec('alter table public.enrolments disable trigger enrolments_check');
		for (const p of parents) {
			const { rows } = await tx.query<{ id: string }>(
				`insert into public.enrolments (group_id, parent_id, status, enrolled_at, created_by)
				 values ($1, $2, 'enrolled',
				   (select min(starts_at) from public.sessions where group_id = $1) - interval '20 days', $3)
				 returning id`,
				[group, p.id, ids.lead]
			);
			enrolments.push(rows[0]!.id);
		}
		await tx.exec('alter table public.enrolments enable trigger enrolments_check');
		for (const t of ['outcome_responses', 'outcome_answers', 'group_feedback'])
			await tx.exec(`alter table public.${t} disable trigger ${t}_open`);
		for (const [k, f] of families.entries()) {
			for (const at of ['before', 'after'] as const) {
				const value = f[at];
				if (value === undefined) continue;
				const { rows } = await tx.query<{ id: string }>(
					`insert into public.outcome_responses (enrolment_id, instrument_id, at, entered_by, submitted_at)
					 values ($1, 'gbo', $2, $3, now()) returning id`,
					[enrolments[k], at, parents[k]!.id]
				);
				await tx.query(
					'insert into public.outcome_answers (response_id, number, value) values ($1, 1, $2)',
					[rows[0]!.id, value]
				);
			}
			if (f.feedback)
				await tx.query(
					`insert into public.group_feedback (enrolment_id, helpful, recommend, helped_most,
					   entered_by, submitted_at) values ($1, $2, $3, $4, $5, now())`,
					[
						enrolments[k],
						f.feedback.helpful,
						f.feedback.recommend,
						f.feedback.helped_most ?? '',
						parents[k]!.id
					]
				);
		}
		for (const t of ['outcome_responses', 'outcome_answers', 'group_feedback'])
			await tx.exec(`alter table public.${t} enable trigger ${t}_open`);
	});
	return { group, enrolments, parents };
}

type Figures = Record<string, number | string | null>;
const gboOf = <T extends { instrument_id: string }>(xs: T[]) =>
	xs.find((x) => x.instrument_id === 'gbo')!;

// Group A, worked by hand. Six families started; five paired (2→6, 3→5, 4→4, 5→2, 1→8) and one
// with before only (6). Paired means: before 15/5 = 3.00, after 25/5 = 5.00, change 2.00.
// Improved (higher is better): 2→6, 3→5, 1→8 = 3/5 = 60.0 %. Reliable change 2.45: improvement
// 2→6 (+4), 1→8 (+7) = 40.0 %; deterioration 5→2 (−3) = 20.0 %. Completeness 5/6 = 83.3 %.
// Feedback from five: helpful 5, 4, 4, 3 and one not rated = 16/4 = 4.00; recommend yes, yes,
// no, not sure, yes = 3/5 = 60.0 %.
const A: Family[] = [
	{
		before: 2,
		after: 6,
		feedback: { helpful: 5, recommend: 'yes', helped_most: 'Talking it through.' }
	},
	{ before: 3, after: 5, feedback: { helpful: 4, recommend: 'yes' } },
	{ before: 4, after: 4, feedback: { helpful: 4, recommend: 'no' } },
	{ before: 5, after: 2, feedback: { helpful: 3, recommend: 'not_sure' } },
	{ before: 1, after: 8, feedback: { helpful: null, recommend: 'yes' } },
	{ before: 6 }
];
const A_FIGURES = {
	families_started: 6,
	families_with_before: 6,
	families_paired: 5,
	mean_before: 3,
	mean_after: 5,
	mean_change: 2,
	improved_pct: 60,
	reliable_improvement_pct: 40,
	reliable_deterioration_pct: 20,
	completeness_pct: 83.3
};
// Group B: five families with before, four of them after (two feedbacks): the paired cells
// come from four families.
const B: Family[] = [
	{ before: 1, after: 3, feedback: { helpful: 5, recommend: 'yes', helped_most: '' } },
	{ before: 2, after: 2, feedback: { helpful: 2, recommend: 'no' } },
	{ before: 3, after: 6 },
	{ before: 4, after: 5 },
	{ before: 5 }
];
// Group C: three families, nobody answered.
const C: Family[] = [{}, {}, {}];

let a: Awaited<ReturnType<typeof completedGroup>>;
let b: Awaited<ReturnType<typeof completedGroup>>;
let c: Awaited<ReturnType<typeof completedGroup>>;

beforeAll(async () => {
	backend = await startBackend();
	a = await completedGroup(A, 'Results A');
	b = await completedGroup(B, 'Results B');
	c = await completedGroup(C, 'Results C');
}, 120_000);
afterAll(async () => {
	await backend?.close();
});

/** The report for the fixture groups' period, for the test funder. */
async function report() {
	const { day } = await first<{ day: string }>(
		`select to_char(min(starts_at) at time zone 'Europe/London', 'YYYY-MM-DD') as day
		 from public.sessions where group_id = $1`,
		[a.group]
	);
	return ok<{
		outcomes: Record<
			'funded' | 'self_funded',
			{
				measures: {
					instrument_id: string;
					totals: Figures;
					rows: { id: string; name: string; figures: Figures }[];
				}[];
				feedback: { totals: Figures; rows: { id: string; figures: Figures }[] };
				quotes: { text: string; group: string; quarter: string }[];
			}
		>;
	}>(await lead(), 'funder_report', { from_date: day, to_date: day, funder: FUNDER });
}

describe('the figures, worked by hand', () => {
	it("the group's outcomes page: real numbers, each family's scores and the feedback", async () => {
		const page = await ok<{
			summary: { instrument_id: string; figures: Figures }[];
			families: {
				enrolment_id: string;
				scores: { at: string; score: number; status: string; on_paper: boolean }[];
				results: { instrument_id: string; change: number; reliable_deterioration: boolean }[];
			}[];
			feedback: Figures;
			is_lead: boolean;
		}>(await as('facilitator1@example.org'), 'group_outcomes_page', { group_id: a.group });
		expect(gboOf(page.summary).figures).toEqual(A_FIGURES);
		expect(page.feedback).toEqual({ answered: 5, mean_helpful: 4, recommend_pct: 60 });
		expect(page.is_lead).toBe(false);
		const fourth = page.families.find((f) => f.enrolment_id === a.enrolments[3])!;
		expect(fourth.scores.map((s) => [s.at, s.score, s.status, s.on_paper])).toEqual([
			['before', 5, 'submitted', false],
			['after', 2, 'submitted', false]
		]);
		expect(gboOf(fourth.results)).toMatchObject({ change: -3, reliable_deterioration: true });
	});

	it('group_page and group_review carry the same summary', async () => {
		const g = await ok<{ outcomes: { figures: Figures; instrument_id: string }[] }>(
			await as('facilitator1@example.org'),
			'group_page',
			{ group_id: a.group }
		);
		expect(gboOf(g.outcomes).figures).toEqual(A_FIGURES);
		const r = await ok<{ outcomes: { figures: Figures; instrument_id: string }[] }>(
			await lead(),
			'group_review',
			{ group_id: a.group }
		);
		expect(gboOf(r.outcomes).figures).toEqual(A_FIGURES);
	});

	it('a group still to start counts 0 started, so completeness is blank', async () => {
		const g = await createGroup(await lead(), { funder: FUNDER });
		const page = await ok<{ summary: { instrument_id: string; figures: Figures }[] }>(
			await lead(),
			'group_outcomes_page',
			{ group_id: g }
		);
		expect(gboOf(page.summary).figures).toMatchObject({
			families_started: 0,
			families_paired: 0,
			mean_before: null,
			completeness_pct: null
		});
	});

	it('an instrument without a reliable-change threshold leaves reliable change blank', async () => {
		const [f] = await db<{ f: Figures }>(
			`select private.outcome_figures(6, 6, 5, 15, 25, 3, 2, 1, null, false) as f`
		);
		expect(f!.f).toMatchObject({
			reliable_improvement_pct: null,
			reliable_deterioration_pct: null
		});
		expect(f!.f.improved_pct).toBe(60);
	});
});

describe('the funder report suppresses cells from fewer than 5 families, in SQL', () => {
	it('5 paired families show the figures; 4 show "fewer than 5"; 0 shows 0 with means blank', async () => {
		const r = await report();
		const gbo = gboOf(r.outcomes.funded.measures);
		const row = (id: string) => gbo.rows.find((x) => x.id === id)!.figures;
		expect(row(a.group)).toEqual(A_FIGURES);
		expect(row(b.group)).toEqual({
			families_started: 5,
			families_with_before: 5,
			families_paired: 'fewer than 5',
			mean_before: 'fewer than 5',
			mean_after: 'fewer than 5',
			mean_change: 'fewer than 5',
			improved_pct: 'fewer than 5',
			reliable_improvement_pct: 'fewer than 5',
			reliable_deterioration_pct: 'fewer than 5',
			completeness_pct: 'fewer than 5'
		});
		expect(row(c.group)).toEqual({
			families_started: 'fewer than 5',
			families_with_before: 0,
			families_paired: 0,
			mean_before: null,
			mean_after: null,
			mean_change: null,
			improved_pct: null,
			reliable_improvement_pct: null,
			reliable_deterioration_pct: null,
			completeness_pct: 0
		});
		// Totals over the three: 14 started, 11 with before, 9 paired; paired sums (A) 15 → 25
		// and (B: 1→3, 2→2, 3→6, 4→5) 10 → 16: means 25/9 = 2.78, 41/9 = 4.56, change 16/9 = 1.78;
		// improved 3 + 3 = 6/9 = 66.7 %; reliable improvement A's 2 + B's 3→6 = 3/9 = 33.3 %;
		// deterioration 1/9 = 11.1 %; completeness 9/14 = 64.3 %.
		expect(gbo.totals).toEqual({
			families_started: 14,
			families_with_before: 11,
			families_paired: 9,
			mean_before: 2.78,
			mean_after: 4.56,
			mean_change: 1.78,
			improved_pct: 66.7,
			reliable_improvement_pct: 33.3,
			reliable_deterioration_pct: 11.1,
			completeness_pct: 64.3
		});
	});

	it('the cell rule at its edges: 0, 1, 4, 5', async () => {
		const rows = await db<{ n: number; v: unknown }>(
			`select n, private.outcome_cell(n, 7.5) as v from unnest(array[0, 1, 4, 5]) n order by n`
		);
		expect(rows.map((r) => r.v)).toEqual([7.5, 'fewer than 5', 'fewer than 5', 7.5]);
	});

	it('outcome_figures applies the same rule to every cell, count by count (0, 1, 4, 5)', async () => {
		// started n + 10, with before n + 5, paired n: only the paired cells follow n
		const rows = await db<{ n: number; f: Record<string, unknown>; cell: unknown }>(
			`select n, private.outcome_figures(n + 10, n + 5, n, 3.0 * n, 5.0 * n, n, n, 0, 2.45, true) as f,
			   private.outcome_cell(n, n) as cell
			 from unnest(array[0, 1, 4, 5]) n order by n`
		);
		for (const r of rows) {
			expect(r.f.families_paired, `n = ${r.n}`).toEqual(r.cell);
			const hidden = r.n >= 1 && r.n <= 4;
			for (const k of [
				'mean_before',
				'mean_after',
				'mean_change',
				'improved_pct',
				'completeness_pct'
			])
				if (hidden) expect(r.f[k], `${k} at ${r.n}`).toBe('fewer than 5');
				else expect(r.f[k], `${k} at ${r.n}`).not.toBe('fewer than 5');
			expect(r.f.families_started).toBe(r.n + 10);
			expect(r.f.families_with_before).toBe(r.n + 5);
		}
		expect(rows[3]!.f).toMatchObject({ mean_before: 3, mean_after: 5, improved_pct: 100 });
	});

	it('feedback: five answered show figures, two show "fewer than 5"', async () => {
		const r = await report();
		const fb = r.outcomes.funded.feedback;
		expect(fb.rows.find((x) => x.id === a.group)!.figures).toEqual({
			answered: 5,
			mean_helpful: 4,
			recommend_pct: 60
		});
		expect(fb.rows.find((x) => x.id === b.group)!.figures).toEqual({
			answered: 'fewer than 5',
			mean_helpful: 'fewer than 5',
			recommend_pct: 'fewer than 5'
		});
		expect(fb.rows.find((x) => x.id === c.group)!.figures).toEqual({
			answered: 0,
			mean_helpful: null,
			recommend_pct: null
		});
		// 7 answered: helpful 16 + 7 = 23 / 6 = 3.83; recommend 4 yes of 7 = 57.1 %
		expect(fb.totals).toEqual({ answered: 7, mean_helpful: 3.83, recommend_pct: 57.1 });
	});
});

describe('quotes', () => {
	it('the lead marks a comment; the report shows the words with the group, never a name', async () => {
		expect((await report()).outcomes.funded.quotes).toEqual([]);
		const marked = await ok(await lead(), 'mark_feedback_quote', {
			enrolment_id: a.enrolments[0],
			field: 'helped_most',
			quote: true
		});
		expect(marked).toMatchObject({ quote: true });
		const r = await report();
		expect(r.outcomes.funded.quotes).toEqual([
			{ text: 'Talking it through.', group: 'Results A', quarter: expect.any(String) }
		]);
		expect(JSON.stringify(r.outcomes)).not.toContain(a.parents[0]!.full_name);
		// The audit log records the lead's write (who, which row; never the words).
		const [audit] = await db<{ n: number }>(
			`select count(*)::int as n from public.audit_log
			 where table_name = 'group_feedback' and actor = $1 and action = 'update'`,
			[ids.lead]
		);
		expect(audit!.n).toBeGreaterThan(0);
		await ok(await lead(), 'mark_feedback_quote', {
			enrolment_id: a.enrolments[0],
			field: 'helped_most',
			quote: false
		});
		expect((await report()).outcomes.funded.quotes).toEqual([]);
	});

	it('refuses an empty comment, an unknown field, unknown feedback', async () => {
		const l = await lead();
		const empty = await rpc(l, 'mark_feedback_quote', {
			enrolment_id: b.enrolments[0],
			field: 'helped_most',
			quote: true
		});
		expect([empty.error?.code, empty.error?.hint]).toEqual(['P0001', 'quote']);
		const field = await rpc(l, 'mark_feedback_quote', {
			enrolment_id: a.enrolments[0],
			field: 'name',
			quote: true
		});
		expect([field.error?.code, field.error?.hint]).toEqual(['P0001', 'field']);
		expect(
			await rpcCode(l, 'mark_feedback_quote', {
				enrolment_id: c.enrolments[0],
				field: 'helped_most',
				quote: true
			})
		).toBe('P0002');
	});

	it('only the lead may mark a quote', async () => {
		const args = { enrolment_id: a.enrolments[0], field: 'helped_most', quote: true };
		for (const email of [
			'facilitator1@example.org',
			'facilitator3@example.org',
			'parent13@example.org',
			'trainee1@example.org',
			'training@example.org',
			'booker@example.org'
		])
			expect(await rpcCode(await as(email), 'mark_feedback_quote', args), email).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'mark_feedback_quote', args)).toBe('42501');
	});
});

describe('the demo: Monday mornings and Friday afternoons', () => {
	// Worked by hand in tests/db/outcome-demo.test.ts: paired 2.80 → 5.26 (sums 25.17 → 47.34,
	// change 22.17 / 9 = 2.46); improved 7 of 9 (17 stayed at 4.67, 20 went down) = 77.8 %;
	// reliable improvement (2.45) 13, 14, 16, 18, 19, 21 = 66.7 %; none worse by 2.45;
	// completeness 9 of 10 = 90 %.
	const MONDAY_FIGURES = {
		families_started: 10,
		families_with_before: 10,
		families_paired: 9,
		mean_before: 2.8,
		mean_after: 5.26,
		mean_change: 2.46,
		improved_pct: 77.8,
		reliable_improvement_pct: 66.7,
		reliable_deterioration_pct: 0,
		completeness_pct: 90
	};

	it("the lead's drill-down shows Monday's change", async () => {
		const r = await ok<{ outcomes: { instrument_id: string; figures: Figures }[] }>(
			await lead(),
			'group_review',
			{ group_id: MONDAY }
		);
		expect(gboOf(r.outcomes).figures).toEqual(MONDAY_FIGURES);
	});

	it('the dashboard shows it by programme and quarter', async () => {
		const { day } = await first<{ day: string }>(
			`select to_char(min(starts_at) at time zone 'Europe/London', 'YYYY-MM-DD') as day
			 from public.sessions where group_id = $1`,
			[MONDAY]
		);
		const d = await ok<{
			outcomes: {
				measures: { programme: string; instrument_id: string; groups: number; figures: Figures }[];
				feedback: { groups: number; figures: Figures }[];
			};
		}>(await lead(), 'review_dashboard', { from_date: day, to_date: day });
		expect(d.outcomes.measures).toHaveLength(1);
		expect(d.outcomes.measures[0]).toMatchObject({
			programme: 'Reflective Parenting group',
			instrument_id: 'gbo',
			groups: 1,
			figures: MONDAY_FIGURES
		});
		// helpful 5, 4, 4, 5, 3, 5, 4, 3 = 33 / 8 = 4.13; 7 of 8 would recommend = 87.5 %
		expect(d.outcomes.feedback[0]!.figures).toEqual({
			answered: 8,
			mean_helpful: 4.13,
			recommend_pct: 87.5
		});
	});

	it('the funder report: Monday in figures, Friday "fewer than 5", two quotes without names', async () => {
		const { from, to } = await first<{ from: string; to: string }>(
			`select to_char(min(starts_at) at time zone 'Europe/London', 'YYYY-MM-DD') as from,
			   to_char(max(starts_at) at time zone 'Europe/London', 'YYYY-MM-DD') as to
			 from public.sessions where group_id in ($1, $2)`,
			[MONDAY, FRIDAY]
		);
		const r = await ok<{
			outcomes: {
				funded: {
					measures: { instrument_id: string; rows: { id: string; figures: Figures }[] }[];
					quotes: { text: string; group: string }[];
				};
			};
		}>(await lead(), 'funder_report', {
			from_date: from,
			to_date: to,
			funder: 'Northfield Family Trust'
		});
		const rows = gboOf(r.outcomes.funded.measures).rows;
		expect(rows.find((x) => x.id === MONDAY)!.figures).toEqual(MONDAY_FIGURES);
		expect(rows.find((x) => x.id === FRIDAY)!.figures.families_paired).toBe('fewer than 5');
		expect(rows.find((x) => x.id === FRIDAY)!.figures.mean_change).toBe('fewer than 5');
		expect(r.outcomes.funded.quotes.map((q) => q.group)).toEqual([
			'Monday mornings',
			'Monday mornings'
		]);
		const names = await db<{ full_name: string }>(
			`select p.full_name from public.profiles p join public.enrolments e on e.parent_id = p.id
			 where e.group_id in ($1, $2)`,
			[MONDAY, FRIDAY]
		);
		const text = JSON.stringify(r.outcomes);
		for (const n of names) expect(text).not.toContain(n.full_name);
	});
});

describe('who may open the outcomes page', () => {
	it("the group's facilitators and the lead; 42501 for everyone else", async () => {
		for (const email of [
			'lead@example.org',
			'facilitator1@example.org',
			'facilitator2@example.org'
		])
			expect(
				await rpcCode(await as(email), 'group_outcomes_page', { group_id: MONDAY }),
				email
			).toBe(null);
		for (const email of [
			'facilitator3@example.org',
			'parent13@example.org',
			'parent1@example.org',
			'trainee1@example.org',
			'training@example.org',
			'booker@example.org'
		])
			expect(
				await rpcCode(await as(email), 'group_outcomes_page', { group_id: MONDAY }),
				email
			).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'group_outcomes_page', { group_id: MONDAY })).toBe(
			'42501'
		);
		expect(
			await rpcCode(await lead(), 'group_outcomes_page', {
				group_id: '00000000-0000-4000-8000-00000000dead'
			})
		).toBe('P0002');
	});

	it('the summary helper refuses anyone but the group staff, and no client reads the views', async () => {
		expect(
			await sqlError(backend, ids.facilitator3, 'select private.group_outcome_summary($1)', [
				MONDAY
			])
		).toBe('42501');
		expect(
			await sqlError(backend, ids.parent(13), 'select private.group_outcome_summary($1)', [MONDAY])
		).toBe('42501');
		for (const v of ['outcome_family_rows', 'outcome_group_tallies', 'outcome_feedback_tallies'])
			expect(await sqlError(backend, ids.lead, `select * from private.${v}`), v).toBe('42501');
	});
});

describe('the RLS matrix of every outcome table', () => {
	const PER_FAMILY = ['outcome_responses', 'outcome_goals', 'group_feedback'] as const;
	const ALL = [
		'outcome_instruments',
		'outcome_items',
		'outcome_options',
		'programme_measures',
		'outcome_responses',
		'outcome_answers',
		'outcome_goals',
		'group_feedback'
	] as const;
	let people: Record<string, string | null>;

	beforeAll(async () => {
		people = {
			anon: null,
			family: ids.parent(13),
			otherParent: ids.parent(1),
			facilitator: ids.facilitator1,
			otherFacilitator: ids.facilitator3,
			lead: ids.lead,
			trainee: await idOf('trainee1@example.org'),
			trainingAdmin: await idOf('training@example.org'),
			booker: await idOf('booker@example.org')
		};
		// A licensed instrument whose items only staff may read.
		await ok(await lead(), 'add_outcome_instrument', {
			definition: {
				id: 'staff_only_test',
				name: 'Staff-only test questionnaire',
				short_name: 'Staff test',
				scoring: 'sum',
				range: { min: 0, max: 2 },
				higher_is_better: true,
				item_text_for: 'staff',
				options: [
					{ value: 0, label: 'No' },
					{ value: 1, label: 'Yes' }
				],
				items: [{ wording: 'Made-up item one' }, { wording: 'Made-up item two' }]
			}
		});
	});

	/** The enrolments behind the rows a role reads from a per-family table. */
	async function enrolmentsSeen(who: string | null, table: string) {
		const rows = await asRole<{ enrolment_id: string }>(
			backend,
			who,
			table === 'outcome_answers'
				? 'select r.enrolment_id from public.outcome_answers a join public.outcome_responses r on r.id = a.response_id'
				: `select enrolment_id from public.${table}`
		).catch(() => null);
		return rows?.map((r) => r.enrolment_id) ?? [];
	}
	async function enrolmentsOf(where: string, params: unknown[]) {
		return (
			await db<{ id: string }>(`select id from public.enrolments where ${where}`, params)
		).map((r) => r.id);
	}

	it('a parent reads only their own family rows; the group staff their groups; the lead all', async () => {
		const own = await enrolmentsOf('parent_id = $1', [people.family]);
		const facilitated = await enrolmentsOf(
			'group_id in (select group_id from public.group_facilitators where facilitator_id = $1)',
			[ids.facilitator1]
		);
		const monday = await enrolmentsOf('group_id = $1', [MONDAY]);
		for (const table of [...PER_FAMILY, 'outcome_answers']) {
			const { n } = await first<{ n: number }>(
				table === 'outcome_answers'
					? 'select count(*)::int as n from public.outcome_answers'
					: `select count(*)::int as n from public.${table}`
			);
			const family = await enrolmentsSeen(people.family!, table);
			expect(family.length, `${table}: parent13 sees their own`).toBeGreaterThan(0);
			expect(
				family.every((e) => own.includes(e)),
				table
			).toBe(true);
			const other = await enrolmentsSeen(people.otherParent!, table);
			expect(
				other.some((e) => monday.includes(e)),
				`${table}: another parent`
			).toBe(false);
			const fac = await enrolmentsSeen(people.facilitator!, table);
			expect(
				fac.some((e) => monday.includes(e)),
				`${table}: the facilitator`
			).toBe(true);
			expect(
				fac.every((e) => facilitated.includes(e)),
				table
			).toBe(true);
			expect(
				(await enrolmentsSeen(people.otherFacilitator!, table)).some((e) => monday.includes(e)),
				`${table}: another facilitator`
			).toBe(false);
			expect(await enrolmentsSeen(people.lead!, table), `${table}: the lead`).toHaveLength(n);
			for (const who of ['anon', 'trainee', 'trainingAdmin', 'booker'])
				expect(await enrolmentsSeen(people[who]!, table), `${table}: ${who}`).toEqual([]);
		}
	});

	it('instruments, options and schedules: the groups service reads them, nobody else', async () => {
		for (const table of ['outcome_instruments', 'outcome_options', 'programme_measures']) {
			for (const who of ['family', 'otherParent', 'facilitator', 'otherFacilitator', 'lead']) {
				const rows = await asRole(backend, people[who]!, `select * from public.${table}`);
				expect(rows.length, `${table}: ${who}`).toBeGreaterThan(0);
			}
			for (const who of ['anon', 'trainee', 'trainingAdmin', 'booker']) {
				const rows = await asRole(backend, people[who]!, `select * from public.${table}`).catch(
					() => []
				);
				expect(rows, `${table}: ${who}`).toEqual([]);
			}
		}
	});

	it('item text of a staff-only instrument: facilitators and the lead, never a parent', async () => {
		const items = (who: string | null) =>
			asRole<{ instrument_id: string }>(
				backend,
				who,
				'select instrument_id from public.outcome_items'
			)
				.then((r) => r.map((x) => x.instrument_id))
				.catch(() => [] as string[]);
		for (const who of ['facilitator', 'otherFacilitator', 'lead'])
			expect(await items(people[who]!), who).toContain('staff_only_test');
		for (const who of ['family', 'otherParent']) {
			const seen = await items(people[who]!);
			expect(seen, who).toContain('gbo');
			expect(seen, who).not.toContain('staff_only_test');
		}
		for (const who of ['anon', 'trainee', 'trainingAdmin', 'booker'])
			expect(await items(people[who]!), who).toEqual([]);
	});

	it('nobody writes any outcome table directly: insert, update and delete are refused', async () => {
		const writes = (table: string) => [
			`insert into public.${table} default values`,
			`update public.${table} set ${table === 'outcome_answers' ? 'value' : table === 'group_feedback' ? 'helpful' : table === 'outcome_instruments' ? 'name' : table === 'outcome_items' ? 'wording' : table === 'outcome_options' ? 'label' : table === 'programme_measures' ? 'follow_up_weeks' : table === 'outcome_goals' ? 'goal' : 'on_paper'} = ${table === 'outcome_answers' || table === 'group_feedback' || table === 'programme_measures' ? 'null' : table === 'outcome_responses' ? 'true' : "'x'"}`,
			`delete from public.${table}`
		];
		const before = await db<{ n: number }>(
			`select (select count(*) from public.outcome_responses) + (select count(*) from public.outcome_answers)
			   + (select count(*) from public.group_feedback) + (select count(*) from public.outcome_goals)
			   + (select count(*) from public.outcome_instruments) as n`
		);
		for (const table of ALL)
			for (const sql of writes(table))
				for (const [who, id] of Object.entries(people))
					expect(await sqlError(backend, id, sql), `${who}: ${sql}`).toBe('42501');
		const after = await db<{ n: number }>(
			`select (select count(*) from public.outcome_responses) + (select count(*) from public.outcome_answers)
			   + (select count(*) from public.group_feedback) + (select count(*) from public.outcome_goals)
			   + (select count(*) from public.outcome_instruments) as n`
		);
		expect(after).toEqual(before);
	});
});
