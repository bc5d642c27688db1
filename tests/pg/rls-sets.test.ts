/**
 * The read policies on PostgreSQL 15, as Supabase runs them: each role sees exactly the rows its
 * work needs (counted against the superuser's own answer), the policies are worked out once per
 * query (a hashed subplan over the caller's set, not a helper called per row), and the lists'
 * search and paging behave as on PGlite, with pg_trgm's indexes usable for the search.
 */
import { describe, expect, it } from 'vitest';
import { asUser, ids, useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 10 });

const LEAH = '00000000-0000-4000-8000-000000000103';
const JAMAL = '00000000-0000-4000-8000-000000000104';

async function superCount(sql: string, params: unknown[] = []): Promise<number> {
	const { rows } = await db().pool.query<{ n: number }>(
		`select count(*)::int as n from (${sql}) x`,
		params
	);
	return rows[0]!.n;
}

async function visible(user: string, table: string): Promise<number> {
	return asUser(db().pool, user, async (c) => {
		const { rows } = await c.query<{ n: number }>(`select count(*)::int as n from ${table}`);
		return rows[0]!.n;
	});
}

const FACILITATES = 'select group_id from public.group_facilitators where facilitator_id = $1';

describe('who sees which rows, on PostgreSQL 15', () => {
	it('the lead sees every group, session, enrolment, register mark and note', async () => {
		for (const table of [
			'public.groups',
			'public.sessions',
			'public.enrolments',
			'public.attendance',
			'public.session_notes',
			'public.concerns',
			'public.profiles'
		]) {
			expect(await visible(ids.lead, table), table).toBe(
				await superCount(`select * from ${table}`)
			);
		}
	});

	it("a facilitator sees their groups' rows and nothing of the others'", async () => {
		for (const who of [ids.facilitator1, LEAH, JAMAL]) {
			expect(await visible(who, 'public.groups')).toBe(
				await superCount(`select * from public.groups where id in (${FACILITATES})`, [who])
			);
			expect(await visible(who, 'public.sessions')).toBe(
				await superCount(`select * from public.sessions where group_id in (${FACILITATES})`, [who])
			);
			expect(await visible(who, 'public.enrolments')).toBe(
				await superCount(`select * from public.enrolments where group_id in (${FACILITATES})`, [
					who
				])
			);
			expect(await visible(who, 'public.attendance')).toBe(
				await superCount(
					`select * from public.attendance a join public.sessions s on s.id = a.session_id
					 where s.group_id in (${FACILITATES})`,
					[who]
				)
			);
			expect(await visible(who, 'public.session_notes')).toBe(
				await superCount(
					`select * from public.session_notes n join public.sessions s on s.id = n.session_id
					 where s.group_id in (${FACILITATES})`,
					[who]
				)
			);
		}
		// Jamal runs no group: he sees none of them.
		expect(await visible(JAMAL, 'public.groups')).toBe(0);
		expect(await visible(JAMAL, 'public.attendance')).toBe(0);
	});

	it('a parent sees their own groups, sessions, enrolments and register marks only', async () => {
		const parent = ids.parent(1);
		const mine = `select group_id from public.enrolments where parent_id = $1
		              and status in ('enrolled', 'offered', 'waitlisted')`;
		expect(await visible(parent, 'public.groups')).toBe(
			await superCount(`select * from public.groups where id in (${mine})`, [parent])
		);
		expect(await visible(parent, 'public.sessions')).toBe(
			await superCount(`select * from public.sessions where group_id in (${mine})`, [parent])
		);
		expect(await visible(parent, 'public.enrolments')).toBe(
			await superCount('select * from public.enrolments where parent_id = $1', [parent])
		);
		expect(await visible(parent, 'public.attendance')).toBe(
			await superCount(
				`select * from public.attendance a join public.enrolments e on e.id = a.enrolment_id
				 where e.parent_id = $1`,
				[parent]
			)
		);
		expect(await visible(parent, 'public.session_notes')).toBe(0);
		expect(await visible(parent, 'public.concerns')).toBe(0);
		expect(await visible(parent, 'public.profiles')).toBe(1);
	});

	it('the training roles see nothing of the groups', async () => {
		const trainee = (
			await db().pool.query<{ id: string }>(
				"select id from public.profiles where email = 'trainee1@example.org'"
			)
		).rows[0]!.id;
		for (const table of [
			'public.groups',
			'public.sessions',
			'public.enrolments',
			'public.attendance'
		])
			expect(await visible(trainee, table), table).toBe(0);
	});

	it('the policies are worked out once per query: a hashed subplan, no helper per row', async () => {
		const plan = await asUser(db().pool, ids.facilitator1, async (c) => {
			const { rows } = await c.query<{ 'QUERY PLAN': string }>(
				'explain (costs off) select count(*) from public.attendance'
			);
			return rows.map((r) => r['QUERY PLAN']).join('\n');
		});
		expect(plan).toMatch(/hashed SubPlan/);
		expect(plan).not.toMatch(/is_group_staff|session_group|facilitates\(/);
	});
});

describe('search and paging on PostgreSQL 15', () => {
	it("the groups list: a facilitator's search finds their groups only", async () => {
		const page = await asUser(db().pool, ids.facilitator1, async (c) => {
			const { rows } = await c.query("select public.groups_page(search => 'evenings') as p");
			return rows[0].p;
		});
		const theirs = await superCount(
			`select * from public.groups where id in (${FACILITATES}) and name ilike '%evenings%'`,
			[ids.facilitator1]
		);
		expect(page.paging).toEqual({ page: 1, page_size: 25, total: theirs });
		expect(theirs).toBeGreaterThan(0);
	});

	it("the People page's search can use the trigram index", async () => {
		// As review_home reads it (security definer, the lead's role checked first): under a
		// row-level policy PostgreSQL would not use an index for ilike, which is not leakproof.
		const client = await db().pool.connect();
		let plan: string;
		try {
			await client.query('begin');
			await client.query('set local enable_seqscan = off');
			const { rows } = await client.query<{ 'QUERY PLAN': string }>(
				"explain (costs off) select id from public.profiles where email ilike '%arent1%'"
			);
			plan = rows.map((r) => r['QUERY PLAN']).join('\n');
		} finally {
			await client.query('rollback');
			client.release();
		}
		expect(plan).toMatch(/profiles_email_trgm_idx/);
		const found = await asUser(db().pool, ids.lead, async (c) => {
			const { rows } = await c.query("select public.review_home(search => 'PARENT2@') as p");
			return rows[0].p;
		});
		expect(found.people.map((p: { email: string }) => p.email)).toEqual(['parent2@example.org']);
	});
});
