/**
 * The public interest-list sign-up (35_public_pages.sql) under real concurrency on PostgreSQL 15
 * (PGlite runs one statement at a time, so only here can parallel requests race): the per-address
 * count is taken under a lock, so simultaneous sign-ups from one address never get past 5, and
 * the same family asking from several places at once gets one entry and the same answer.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 30 });

type Outcome = 'received' | 'rate_limited';

/** `n` sign-ups at once, each in its own transaction as the service role, each committed. */
async function allAtOnce(
	pool: pg.Pool,
	n: number,
	args: (i: number) => { email: string; address: string }
): Promise<{ results: Outcome[]; ms: number }> {
	const clients = await Promise.all(Array.from({ length: n }, () => pool.connect()));
	try {
		for (const c of clients) {
			await c.query('begin');
			await c.query('set local role service_role');
			await c.query("select set_config('request.jwt.claims', $1, true)", [
				JSON.stringify({ role: 'service_role' })
			]);
		}
		const started = performance.now();
		const results = await Promise.all(
			clients.map(async (c, i): Promise<Outcome> => {
				const { email, address } = args(i);
				try {
					await c.query(
						`select public.ask_about_next_group('Race Family', $1, null, 'other', 'Heaton', null,
						   true, $2)`,
						[email, address]
					);
					await c.query('commit');
					return 'received';
				} catch (e) {
					await c.query('rollback');
					if ((e as { detail?: string }).detail === 'rate_limited') return 'rate_limited';
					throw e;
				}
			})
		);
		return { results, ms: Math.round(performance.now() - started) };
	} finally {
		for (const c of clients) c.release();
	}
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
		const { results, ms } = await allAtOnce(pool, 20, (i) => ({
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
		const { results } = await allAtOnce(pool, 10, (i) => ({
			email: 'same.family@example.org',
			address: `203.0.113.${100 + i}`
		}));
		expect(results).toEqual(Array(10).fill('received'));
		expect(await entries(pool, 'same.family@example.org')).toBe(1);
	});
});
