/**
 * Enrolment under concurrency on PostgreSQL 15, where transactions really run in parallel (the
 * embedded PGlite backend serialises everything, so only this suite can catch a race):
 * many facilitators' requests for one group at once must never give more places than it has.
 */
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allAtOnce, asUser, ids, inTransaction, useFreshDatabase } from './harness';

const PARENTS = 50;
const CAPACITY = 12;

const db = useFreshDatabase({ max: 60 });

const DAY = 86_400_000;

/** 8 weekly 120-minute sessions, the first `daysAhead` days from now. */
function sessions(daysAhead = 14) {
	const first = Math.floor((Date.now() + daysAhead * DAY) / DAY) * DAY + 10 * 3_600_000;
	return Array.from({ length: 8 }, (_, i) => ({
		starts_at: new Date(first + i * 7 * DAY).toISOString(),
		ends_at: new Date(first + i * 7 * DAY + 7_200_000).toISOString()
	}));
}

/** Create an open funded group as the clinical lead, through public.create_group. */
async function createGroup(pool: pg.Pool, name: string): Promise<string> {
	return asUser(pool, ids.lead, async (c) => {
		const { rows } = await c.query<{ r: { id: string } }>(
			`select public.create_group(
			   name => $1, programme_id => 'reflective-parenting', audience => 'Special Guardians',
			   start_time => '10:00', venue => 'Community Hall', video_link => null, capacity => $2,
			   funding => 'funded', funder => 'Northfield Family Trust', fee_pence => null,
			   facilitator_ids => $3::uuid[], sessions => $4::jsonb, open_now => true) as r`,
			[name, CAPACITY, [ids.facilitator1, ids.facilitator2], JSON.stringify(sessions())]
		);
		return rows[0]!.r.id;
	});
}

/** `n` parent accounts (auth user + profile), inserted as superuser; returns their emails. */
async function createParents(pool: pg.Pool, n: number, tag: string): Promise<string[]> {
	const { rows } = await pool.query<{ email: string }>(
		`with made as (
		   insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
		     email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
		     confirmation_token, recovery_token)
		   select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
		     'authenticated', 'race.' || $2 || '.' || i || '@example.org', '', now(),
		     '{"provider":"email","providers":["email"]}', '{}', now(), now(), '', ''
		   from generate_series(1, $1::int) i
		   returning id, email)
		 insert into public.profiles (id, email, full_name, role)
		 select id, email, 'Race Parent ' || split_part(email, '.', 3), 'parent' from made
		 returning email`,
		[n, tag]
	);
	return rows.map((r) => r.email).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function failures(results: PromiseSettledResult<unknown>[]): string[] {
	return results
		.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
		.map((r) => `${(r.reason as { code?: string }).code ?? ''} ${(r.reason as Error).message}`);
}

interface Enrolled {
	id: string;
	status: 'enrolled' | 'waitlisted';
	position: number | null;
}

describe('enrolment races', () => {
	let groupId: string;

	it(`${PARENTS} simultaneous enrolments into one group: exactly ${CAPACITY} places, the rest waitlisted in order`, async () => {
		const { pool } = db();
		groupId = await createGroup(pool, 'Race group');
		const emails = await createParents(pool, PARENTS, 'a');
		expect(emails).toHaveLength(PARENTS);

		const { results, ms } = await allAtOnce(pool, ids.facilitator1, PARENTS, async (c, i) => {
			const { rows } = await c.query<{ r: Enrolled }>('select public.enrol_parent($1, $2) as r', [
				groupId,
				emails[i]
			]);
			return rows[0]!.r;
		});
		console.log(`[pg] ${PARENTS} concurrent enrol_parent calls in ${ms} ms`);

		expect(failures(results)).toEqual([]);
		const done = results.map((r) => (r as PromiseFulfilledResult<Enrolled>).value);
		expect(done.filter((r) => r.status === 'enrolled')).toHaveLength(CAPACITY);
		expect(done.filter((r) => r.status === 'waitlisted')).toHaveLength(PARENTS - CAPACITY);

		// What the database holds agrees, and the waitlist has a strict order...
		const { rows } = await pool.query<{ id: string; status: string; waitlisted_at: Date | null }>(
			'select id, status::text, waitlisted_at from public.enrolments where group_id = $1',
			[groupId]
		);
		expect(rows.filter((r) => r.status === 'enrolled')).toHaveLength(CAPACITY);
		const waitlisted = rows.filter((r) => r.status === 'waitlisted');
		expect(waitlisted).toHaveLength(PARENTS - CAPACITY);
		const stamps = waitlisted.map((r) => new Date(r.waitlisted_at!).getTime());
		expect(new Set(stamps).size).toBe(PARENTS - CAPACITY);

		// ...which is the order of the positions each caller was told.
		const told = new Map(done.map((r) => [r.id, r.position]));
		const byTime = [...waitlisted].sort(
			(a, b) => new Date(a.waitlisted_at!).getTime() - new Date(b.waitlisted_at!).getTime()
		);
		expect(byTime.map((r) => told.get(r.id))).toEqual(
			Array.from({ length: PARENTS - CAPACITY }, (_, i) => i + 1)
		);
	});

	it('5 simultaneous withdrawals: each freed place is offered once, to the next 5 in line', async () => {
		const { pool } = db();
		const { rows: enrolled } = await pool.query<{ id: string }>(
			"select id from public.enrolments where group_id = $1 and status = 'enrolled' order by enrolled_at limit 5",
			[groupId]
		);
		const { rows: line } = await pool.query<{ id: string; parent_id: string }>(
			"select id, parent_id from public.enrolments where group_id = $1 and status = 'waitlisted' order by waitlisted_at, id",
			[groupId]
		);
		const today = new Date().toISOString().slice(0, 10);

		const { results, ms } = await allAtOnce(pool, ids.facilitator2, 5, (c, i) =>
			c.query('select public.withdraw_enrolment($1, $2, $3::date)', [
				enrolled[i]!.id,
				'Race',
				today
			])
		);
		console.log(`[pg] 5 concurrent withdraw_enrolment calls in ${ms} ms`);
		expect(failures(results)).toEqual([]);

		const { rows: after } = await pool.query<{ id: string; status: string }>(
			'select id, status::text from public.enrolments where group_id = $1',
			[groupId]
		);
		const status = new Map(after.map((r) => [r.id, r.status]));
		expect(after.filter((r) => r.status === 'enrolled')).toHaveLength(CAPACITY - 5);
		expect(line.slice(0, 5).map((r) => status.get(r.id))).toEqual(Array(5).fill('offered'));
		expect(status.get(line[5]!.id)).toBe('waitlisted');

		const { rows: notes } = await pool.query<{ to_profile: string }>(
			"select to_profile from public.notifications where kind = 'place_offered' and payload ->> 'enrolment_id' = any($1)",
			[line.map((r) => r.id)]
		);
		expect(notes.map((n) => n.to_profile).sort()).toEqual(
			line
				.slice(0, 5)
				.map((r) => r.parent_id)
				.sort()
		);
	});

	it('concurrent enrolments into two groups by their two facilitators keep each to capacity', async () => {
		const { pool } = db();
		const g1 = await createGroup(pool, 'Race group 1');
		const g2 = await createGroup(pool, 'Race group 2');
		const emails = await createParents(pool, 40, 'b');
		const { results, ms } = await allAtOnce(pool, ids.facilitator2, 40, async (c, i) => {
			const { rows } = await c.query<{ r: Enrolled }>('select public.enrol_parent($1, $2) as r', [
				i % 2 ? g1 : g2,
				emails[i]
			]);
			return rows[0]!.r;
		});
		console.log(`[pg] 40 concurrent enrol_parent calls over two groups in ${ms} ms`);
		expect(failures(results)).toEqual([]);
		const { rows } = await pool.query<{ group_id: string; status: string; n: number }>(
			`select group_id, status::text, count(*)::int as n from public.enrolments
			  where group_id = any($1) group by 1, 2 order by 1, 2`,
			[[g1, g2]]
		);
		expect(rows.map(({ status, n }) => ({ status, n }))).toEqual([
			{ status: 'enrolled', n: CAPACITY },
			{ status: 'waitlisted', n: 20 - CAPACITY },
			{ status: 'enrolled', n: CAPACITY },
			{ status: 'waitlisted', n: 20 - CAPACITY }
		]);
	});

	it('a direct write as superuser cannot overfill the group either, even concurrently', async () => {
		const { pool } = db();
		const g = await createGroup(pool, 'Race group 3');
		const emails = await createParents(pool, 20, 'c');
		const { rows: parents } = await pool.query<{ id: string }>(
			'select id from public.profiles where email = any($1)',
			[emails]
		);
		const clients = await Promise.all(parents.map(() => pool.connect()));
		try {
			const results = await Promise.allSettled(
				clients.map((c, i) =>
					c.query(
						"insert into public.enrolments (id, group_id, parent_id, status, enrolled_at) values ($1, $2, $3, 'enrolled', now())",
						[randomUUID(), g, parents[i]!.id]
					)
				)
			);
			const refused = failures(results);
			expect(refused).toHaveLength(20 - CAPACITY);
			expect(refused.every((m) => m.includes('This group is full.'))).toBe(true);
		} finally {
			for (const c of clients) c.release();
		}
		const { rows } = await pool.query<{ n: number }>(
			"select count(*)::int as n from public.enrolments where group_id = $1 and status = 'enrolled'",
			[g]
		);
		expect(rows[0]!.n).toBe(CAPACITY);
	});
});

describe('lock order', () => {
	/**
	 * enrol_parent and respond_to_offer lock the group row, then lapse the group's expired offers
	 * (locking those enrolment rows). run_scheduled_jobs (the every-minute job) updates the expired
	 * enrolment rows first, and its check_enrolment trigger then locks their group. Here the
	 * staff request's first step (the group lock) is taken before the job runs, then the request
	 * continues: if the orders differ, PostgreSQL detects a deadlock and aborts one of them.
	 */
	it('run_scheduled_jobs and enrol_parent on the same group do not deadlock', async () => {
		const { pool } = db();
		const g = await createGroup(pool, 'Lock order group');
		const emails = await createParents(pool, 14, 'd');
		// 12 places and 2 on the waitlist; one leaves, the first waitlisted is offered the place.
		const enrolled: Enrolled[] = [];
		for (const email of emails.slice(0, 13)) {
			enrolled.push(
				await asUser(pool, ids.facilitator1, async (c) => {
					const { rows } = await c.query<{ r: Enrolled }>(
						'select public.enrol_parent($1, $2) as r',
						[g, email]
					);
					return rows[0]!.r;
				})
			);
		}
		await asUser(pool, ids.facilitator1, (c) =>
			c.query("select public.withdraw_enrolment($1, 'Moved', current_date)", [enrolled[0]!.id])
		);
		await pool.query(
			"update public.enrolments set offer_expires_at = now() - interval '1 minute' where id = $1 and status = 'offered'",
			[enrolled[12]!.id]
		);

		const staff = await pool.connect();
		try {
			// The staff request: begin, take the group row lock as enrol_parent's first statement does.
			await staff.query('begin');
			await staff.query('select 1 from public.groups where id = $1 for update', [g]);
			await staff.query('set local role authenticated');
			await staff.query("select set_config('request.jwt.claims', $1, true)", [
				JSON.stringify({ sub: ids.facilitator1, role: 'authenticated' })
			]);
			// The job starts meanwhile and blocks somewhere.
			const jobDone = inTransaction(pool, 'service_role', { role: 'service_role' }, (c) =>
				c.query('select public.run_scheduled_jobs() as n')
			).then(
				() => null,
				(e: { code?: string; message: string }) => `${e.code} ${e.message}`
			);
			await new Promise((r) => setTimeout(r, 300));
			// The request goes on (enrol_parent re-locks the group, then lapses its expired offers).
			const staffDone = staff
				.query('select public.enrol_parent($1, $2) as r', [g, emails[13]])
				.then(
					async () => {
						await staff.query('commit');
						return null;
					},
					async (e: { code?: string; message: string }) => {
						await staff.query('rollback').catch(() => {});
						return `${e.code} ${e.message}`;
					}
				);
			const [jobError, staffError] = await Promise.all([jobDone, staffDone]);
			expect({ jobError, staffError }).toEqual({ jobError: null, staffError: null });
		} finally {
			staff.release();
		}
		// The offer lapsed (there was no one left to pass it to) and the newcomer took the place.
		const { rows } = await pool.query<{ status: string; n: number }>(
			'select status::text, count(*)::int as n from public.enrolments where group_id = $1 group by 1 order by 1',
			[g]
		);
		expect(rows).toEqual([
			{ status: 'enrolled', n: 12 },
			{ status: 'lapsed', n: 1 },
			{ status: 'withdrawn', n: 1 }
		]);
	});
});
