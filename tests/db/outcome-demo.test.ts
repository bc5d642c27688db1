/**
 * The demo's outcome measures (supabase/seed.sql) are what the README and the issue promise: the
 * completed Monday mornings group has ten families with goals set before, nine rated after, eight
 * feedbacks with two quotes; Friday afternoons has three of each; the running Thursday group's
 * families 1-5 set goals before it began; and every score is the one private.score_values gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { startBackend } from './harness';

const MONDAY = '00000000-0000-4000-8000-000000001004';
const FRIDAY = '00000000-0000-4000-8000-000000001005';
const THURSDAY = '00000000-0000-4000-8000-000000001002';

let backend: EmbeddedBackend;
async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

beforeAll(async () => {
	backend = await startBackend();
});
afterAll(async () => {
	await backend?.close();
});

describe('the demo outcome measures', () => {
	it('Monday mornings: 10 before, 9 after, all submitted GBO; two entered from paper', async () => {
		const rows = await db<{ at: string; n: number; paper: number; scored: number }>(
			`select r.at, count(*)::int as n, count(*) filter (where r.on_paper)::int as paper,
			   count(r.score)::int as scored
			 from public.outcome_responses r join public.enrolments e on e.id = r.enrolment_id
			 where e.group_id = $1 and r.submitted_at is not null group by r.at order by r.at`,
			[MONDAY]
		);
		expect(rows).toEqual([
			{ at: 'after', n: 9, paper: 1, scored: 9 },
			{ at: 'before', n: 10, paper: 1, scored: 10 }
		]);
	});
	it("Monday's paired families' mean goal rating went from 2.80 to 5.26 (worked by hand)", async () => {
		// before means: 2, 3, 3.5, 1.67, 4.67, 2.33, 2, 3.67, 2.33 = 25.17 / 9 = 2.80 (rounded
		// per family first); after: 6, 5.67, 5.5, 5, 4.67, 7, 5, 3, 5.5 = 47.34 / 9 = 5.26
		const [m] = await db<{ before: string; after: string }>(
			`select round(avg(b.score), 2)::text as before, round(avg(a.score), 2)::text as after
			 from public.outcome_responses b
			 join public.outcome_responses a on a.enrolment_id = b.enrolment_id and a.at = 'after'
			 join public.enrolments e on e.id = b.enrolment_id
			 where e.group_id = $1 and b.at = 'before'`,
			[MONDAY]
		);
		expect(m).toEqual({ before: '2.80', after: '5.26' });
	});
	it('scores match the scoring rule, prefer-not-to-say included', async () => {
		const [r] = await db<{ score: string }>(
			`select r.score::text as score from public.outcome_responses r
			 join public.enrolments e on e.id = r.enrolment_id
			 where e.parent_id = '00000000-0000-4000-8000-000000000221' and r.at = 'after'`
		);
		// 5, prefer not to say, 6: the mean of the two rated
		expect(r?.score).toBe('5.50');
	});
	it('Friday afternoons: three families before and after, three feedbacks', async () => {
		const [f] = await db<{ responses: number; feedback: number }>(
			`select (select count(*)::int from public.outcome_responses r join public.enrolments e on e.id = r.enrolment_id
			         where e.group_id = $1) as responses,
			        (select count(*)::int from public.group_feedback f join public.enrolments e on e.id = f.enrolment_id
			         where e.group_id = $1) as feedback`,
			[FRIDAY]
		);
		expect(f).toEqual({ responses: 6, feedback: 3 });
	});
	it("two of Monday's comments are quotes, marked by the lead", async () => {
		const rows = await db<{ n: number }>(
			`select count(*)::int as n from public.group_feedback f join public.enrolments e on e.id = f.enrolment_id
			 where e.group_id = $1 and f.helped_most_quote and f.quote_marked_by = '00000000-0000-4000-8000-000000000001'`,
			[MONDAY]
		);
		expect(rows[0]?.n).toBe(2);
	});
	it("the Thursday group's families 1-5 set goals before it began; the window has closed", async () => {
		const [t] = await db<{ n: number; closed: boolean }>(
			`select count(*)::int as n,
			   (select w.closes_at < now() from private.measure_window($1, 'before') w) as closed
			 from public.outcome_responses r join public.enrolments e on e.id = r.enrolment_id
			 where e.group_id = $1 and r.at = 'before' and r.submitted_at is not null`,
			[THURSDAY]
		);
		expect(t).toEqual({ n: 5, closed: true });
	});
	it("Monday's after window is still open (for a week), Friday's has closed", async () => {
		const rows = await db<{ open: boolean }>(
			`select (w.opens_at <= now() and now() < w.closes_at) as open
			 from unnest($1::uuid[]) with ordinality g (id, k)
			 cross join lateral private.measure_window(g.id, 'after') w order by g.k`,
			[[MONDAY, FRIDAY]]
		);
		expect(rows.map((r) => r.open)).toEqual([true, false]);
	});
});

describe('the audit log names the rows of tables without an id', () => {
	it("a goal's audit row carries its key (enrolment, instrument, number), never its words", async () => {
		const rows = await db<{ row_id: string }>(
			"select row_id from public.audit_log where table_name = 'outcome_goals' order by id limit 3"
		);
		expect(rows).toHaveLength(3);
		for (const r of rows) expect(r.row_id).toMatch(/^[0-9a-f-]{36},gbo,[1-3]$/);
	});
	it('every audited table is keyed by an id or by columns that are ids, numbers, dates or codes', async () => {
		// What a primary key can put in the log: no audited table may be keyed by free text.
		const rows = await db<{ t: string; col: string; type: string }>(
			`select c.relname as t, a.attname as col, format_type(a.atttypid, a.atttypmod) as type
			 from pg_trigger tg
			 join pg_class c on c.oid = tg.tgrelid
			 join pg_proc p on p.oid = tg.tgfoid and p.proname = 'audit_row'
			 join pg_index i on i.indrelid = c.oid and i.indisprimary
			 join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey)
			 where not exists (select 1 from pg_attribute x where x.attrelid = c.oid and x.attname = 'id')
			 order by 1, 2`
		);
		expect(rows.length).toBeGreaterThan(0);
		const allowed = /^(uuid|integer|bigint|smallint|date|boolean|text)$/;
		for (const r of rows) {
			expect(r.type, `${r.t}.${r.col}`).toMatch(allowed);
			if (r.type === 'text')
				expect(`${r.t}.${r.col}`).toMatch(/\.(instrument_id|programme_id|at|kind|key|code|id)$/);
		}
	});
});
