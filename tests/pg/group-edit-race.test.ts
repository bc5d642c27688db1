/**
 * Changing a group under concurrency on PostgreSQL 15 (supabase/schemas/32_group_edits.sql),
 * where transactions really run in parallel: a swap is one step, so nobody ever sees a group
 * with one facilitator; two swaps of the same facilitator at once cannot both go through; and
 * lowering the places while families are being enrolled never leaves more places taken than
 * the group has.
 */
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asUser, ids, useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 20 });
const DAY = 86_400_000;

function sessions(daysAhead = 14) {
	const first = Math.floor((Date.now() + daysAhead * DAY) / DAY) * DAY + 10 * 3_600_000;
	return Array.from({ length: 8 }, (_, i) => ({
		starts_at: new Date(first + i * 7 * DAY).toISOString(),
		ends_at: new Date(first + i * 7 * DAY + 7_200_000).toISOString()
	}));
}

async function createGroup(pool: pg.Pool, capacity = 12): Promise<string> {
	return asUser(pool, ids.lead, async (c) => {
		const { rows } = await c.query<{ r: { id: string } }>(
			`select public.create_group(
			   name => $1, programme_id => 'reflective-parenting', audience => 'Special Guardians',
			   start_time => '10:00', venue => 'Community Hall', video_link => null, capacity => $2,
			   funding => 'funded', funder => 'Northfield Family Trust', fee_pence => null,
			   facilitator_ids => $3::uuid[], sessions => $4::jsonb, open_now => true) as r`,
			[
				`Edit race ${randomUUID().slice(0, 8)}`,
				capacity,
				[ids.facilitator1, ids.facilitator2],
				JSON.stringify(sessions())
			]
		);
		return rows[0]!.r.id;
	});
}

/** `n` accounts of a role (auth user + profile), inserted as superuser; returns their ids. */
async function createAccounts(pool: pg.Pool, n: number, role: 'parent' | 'facilitator') {
	const tag = randomUUID().slice(0, 8);
	const { rows } = await pool.query<{ id: string; email: string }>(
		`with made as (
		   insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
		     email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
		     confirmation_token, recovery_token)
		   select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated',
		     'authenticated', $3 || '.' || $2 || '.' || i || '@example.org', '', now(),
		     '{"provider":"email","providers":["email"]}', '{}', now(), now(), '', ''
		   from generate_series(1, $1::int) i
		   returning id, email)
		 insert into public.profiles (id, email, full_name, role)
		 select id, email, 'Race Person ' || split_part(email, '.', 3), $3::public.app_role from made
		 returning id, email`,
		[n, tag, role]
	);
	if (role === 'facilitator') {
		// Accredited, so any of them may step in (the facilitator pathway, 94_facilitator_pathway.sql).
		await pool.query(
			`insert into public.facilitator_records (person_id, trained_on, trained_how,
			   training_evidence, accredited_on, accredited_how, renew_by)
			 select unnest($1::uuid[]), current_date - 100, 'elsewhere', 'Race fixture.',
			   current_date - 50, 'elsewhere', current_date + 680`,
			[rows.map((r) => r.id)]
		);
	}
	return rows;
}

async function call(pool: pg.Pool, who: string, sql: string, params: unknown[]) {
	return asUser(pool, who, (c) => c.query(sql, params)).then(
		() => null,
		(e: { code?: string }) => e.code ?? 'unknown'
	);
}

describe('group edit races', () => {
	it('a reader never sees a group with fewer than two facilitators while they are swapped', async () => {
		const { pool } = db();
		const g = await createGroup(pool);
		const [a, b] = await createAccounts(pool, 2, 'facilitator');
		let swapping = true;
		const seen = new Set<number>();
		const reader = (async () => {
			let reads = 0;
			while (swapping || reads < 20) {
				const { rows } = await pool.query<{ n: number }>(
					'select count(*)::int as n from public.group_facilitators where group_id = $1',
					[g]
				);
				seen.add(rows[0]!.n);
				reads++;
			}
			return reads;
		})();
		// Back and forth: facilitator 2 → a → b → facilitator 2, ten times.
		const chain = [ids.facilitator2, a!.id, b!.id];
		for (let i = 0; i < 30; i++) {
			const from = chain[i % 3]!;
			const to = chain[(i + 1) % 3]!;
			expect(
				await call(pool, ids.lead, 'select public.swap_facilitator($1, $2, $3)', [g, from, to])
			).toBeNull();
		}
		swapping = false;
		const reads = await reader;
		console.log(`[pg] 30 swaps while ${reads} concurrent reads counted the facilitators`);
		expect([...seen]).toEqual([2]);
	});

	it('two swaps of the same facilitator at once: one goes through, the other is refused', async () => {
		const { pool } = db();
		const g = await createGroup(pool);
		const [a, b] = await createAccounts(pool, 2, 'facilitator');
		const results = await Promise.all(
			[a!, b!].map((x) =>
				call(pool, ids.lead, 'select public.swap_facilitator($1, $2, $3)', [
					g,
					ids.facilitator2,
					x.id
				])
			)
		);
		expect(results.sort()).toEqual(['P0001', null].sort());
		const { rows } = await pool.query<{ facilitator_id: string }>(
			'select facilitator_id from public.group_facilitators where group_id = $1',
			[g]
		);
		expect(rows).toHaveLength(2);
		expect(rows.map((r) => r.facilitator_id)).toContain(ids.facilitator1);
		const { rows: changes } = await pool.query(
			'select 1 from public.group_changes where group_id = $1',
			[g]
		);
		expect(changes).toHaveLength(1);
	});

	it('lowering the places while families are enrolled never leaves more taken than the group has', async () => {
		const { pool } = db();
		for (let round = 0; round < 5; round++) {
			const g = await createGroup(pool, 12);
			const parents = await createAccounts(pool, 14, 'parent');
			// 9 places taken first; then 5 more enrolments race a lead lowering the places to 10.
			for (const p of parents.slice(0, 9)) {
				expect(
					await call(pool, ids.facilitator1, 'select public.enrol_parent($1, $2)', [g, p.email])
				).toBeNull();
			}
			const racing = [
				call(
					pool,
					ids.lead,
					`select public.edit_group(group_id => $1, venue => 'Community Hall',
					   venue_postcode => null, video_link => null, capacity => 10)`,
					[g]
				),
				...parents
					.slice(9)
					.map((p) =>
						call(pool, ids.facilitator1, 'select public.enrol_parent($1, $2)', [g, p.email])
					)
			];
			const results = await Promise.all(racing);
			// Every enrolment goes through (a place or the waitlist); the edit is refused only when
			// the enrolments got there first and more than 10 were taken.
			expect(results.slice(1)).toEqual([null, null, null, null, null]);
			expect([null, 'P0001']).toContain(results[0]);
			const { rows } = await pool.query<{ capacity: number; taken: number }>(
				`select g.capacity, (select count(*)::int from public.enrolments e
				   where e.group_id = g.id and e.status in ('enrolled', 'offered')) as taken
				 from public.groups g where g.id = $1`,
				[g]
			);
			const { capacity, taken } = rows[0]!;
			expect(taken).toBeLessThanOrEqual(capacity);
			expect(capacity).toBe(results[0] === null ? 10 : 12);
		}
	});
});
