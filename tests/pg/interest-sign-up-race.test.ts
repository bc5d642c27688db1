/**
 * The public interest-list sign-up (35_public_pages.sql) under real concurrency on PostgreSQL 15
 * (PGlite runs one statement at a time, so only here can parallel requests race): the per-address
 * count is taken under a lock, so simultaneous sign-ups from one address never get past 5, and
 * the same family asking from several places at once gets one entry and the same answer.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { allAtOnce, useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 30 });

type Outcome = 'received' | 'rate_limited';

/**
 * `n` sign-ups at once, each in its own transaction as the service role; a refusal for the rate
 * limit is an outcome, anything else fails the test.
 */
async function signUps(
	pool: pg.Pool,
	n: number,
	args: (i: number) => { email: string; address: string }
): Promise<{ results: Outcome[]; ms: number }> {
	const { results, ms } = await allAtOnce(pool, 'service_role', n, async (c, i) => {
		const { email, address } = args(i);
		await c.query(
			`select public.ask_about_next_group('Race Family', $1, null, 'other', 'Heaton', null,
			   true, $2)`,
			[email, address]
		);
		return 'received' as Outcome;
	});
	return {
		results: results.map((r) => {
			if (r.status === 'fulfilled') return r.value;
			if ((r.reason as { detail?: string }).detail === 'rate_limited') return 'rate_limited';
			throw r.reason;
		}),
		ms
	};
}

async function entries(pool: pg.Pool, like: string): Promise<number> {
	const { rows } = await pool.query<{ n: number }>(
		'select count(*)::int as n from public.interest_list where email like $1',
		[like]
	);
	return rows[0]!.n;
}

describe('the public sign-up under concurrency', () => {
	it('20 simultaneous sign-ups from one address: exactly 5 are let through', async () => {
		const { pool } = db();
		const { results, ms } = await signUps(pool, 20, (i) => ({
			email: `race${i}@example.org`,
			address: '198.51.100.60'
		}));
		console.log(`[pg] 20 concurrent ask_about_next_group calls (one address) in ${ms} ms`);
		expect(results.filter((r) => r === 'received')).toHaveLength(5);
		expect(results.filter((r) => r === 'rate_limited')).toHaveLength(15);
		expect(await entries(pool, 'race%@example.org')).toBe(5);
	});

	it('one family asking from 10 addresses at once gets one entry and 10 identical answers', async () => {
		const { pool } = db();
		const { results } = await signUps(pool, 10, (i) => ({
			email: 'same.family@example.org',
			address: `203.0.113.${100 + i}`
		}));
		expect(results).toEqual(Array(10).fill('received'));
		expect(await entries(pool, 'same.family@example.org')).toBe(1);
	});
});
