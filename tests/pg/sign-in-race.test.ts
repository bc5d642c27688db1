/**
 * Sign-in limits under real concurrency on PostgreSQL 15 (PGlite runs one statement at a time,
 * so only here can parallel guesses race): every attempt is counted, under the key rows' locks,
 * before its password is tried, so simultaneous attempts can never get past a limit.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { allAtOnce, fulfilled, ids, inTransaction, useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 40 });

async function start(c: pg.PoolClient, email: string, address: string): Promise<boolean> {
	const { rows } = await c.query<{ r: { allowed: boolean } }>(
		'select public.start_sign_in_attempt($1, $2) as r',
		[email, address]
	);
	return rows[0]!.r.allowed;
}

/** Start and, when let through, finish as a failure, each in its own transaction. */
async function guess(pool: pg.Pool, email: string, address: string): Promise<boolean> {
	const allowed = await inTransaction(pool, 'service_role', { role: 'service_role' }, (c) =>
		start(c, email, address)
	);
	if (allowed) {
		await inTransaction(pool, 'service_role', { role: 'service_role' }, (c) =>
			c.query("select public.finish_sign_in_attempt($1, $2, 'failed')", [email, address])
		);
	}
	return allowed;
}

/** The sign-in races run as the server, and none of their calls may fail. */
async function race<T>(
	pool: pg.Pool,
	n: number,
	call: (c: pg.PoolClient, i: number) => Promise<T>
) {
	const { results, ms } = await allAtOnce(pool, 'service_role', n, call);
	return { results: fulfilled(results), ms };
}

describe('sign-in limits under concurrency', () => {
	it('30 simultaneous attempts for one email from one address: only up to 5 failures are let through', async () => {
		const { pool } = db();
		// One failure already, so the rows exist and the attempts race on them, not on creating them.
		expect(await guess(pool, 'lead@example.org', '198.51.100.1')).toBe(true);
		const { results, ms } = await race(pool, 30, (c) =>
			start(c, 'lead@example.org', '198.51.100.1')
		);
		console.log(`[pg] 30 concurrent start_sign_in_attempt calls (one pair) in ${ms} ms`);
		expect(results.filter(Boolean)).toHaveLength(4);
		// The 4 let through are counted as failures until told otherwise: the pair stays shut,
		expect(await guess(pool, 'lead@example.org', '198.51.100.1')).toBe(false);
		// but not for the lead at another address.
		expect(await guess(pool, 'lead@example.org', '203.0.113.1')).toBe(true);
	});

	it('30 simultaneous attempts from one address for 30 emails: only up to 20 failures are let through', async () => {
		const { pool } = db();
		expect(await guess(pool, 'spray@example.org', '198.51.100.2')).toBe(true);
		const { results, ms } = await race(pool, 30, (c, i) =>
			start(c, `spray${i}@example.org`, '198.51.100.2')
		);
		console.log(`[pg] 30 concurrent start_sign_in_attempt calls (one address) in ${ms} ms`);
		expect(results.filter(Boolean)).toHaveLength(19);
		expect(await guess(pool, 'parent1@example.org', '198.51.100.2')).toBe(false);
	});

	it('simultaneous successes and failures keep the counts exact', async () => {
		const { pool } = db();
		// 4 failures counted, then 4 successes and 4 new attempts at once on the same pair.
		for (let i = 0; i < 4; i++) await guess(pool, 'parent2@example.org', '198.51.100.3');
		const { results } = await race(pool, 8, async (c, i) => {
			if (i % 2) {
				await c.query("select public.finish_sign_in_attempt($1, $2, 'succeeded')", [
					'parent2@example.org',
					'198.51.100.3'
				]);
				return null;
			}
			return start(c, 'parent2@example.org', '198.51.100.3');
		});
		// However they interleave, no more than 5 attempts are ever open on the pair at once.
		const { rows } = await pool.query<{ n: number }>(
			"select max(cardinality(failures))::int as n from private.sign_in_limits where kind = 'pair'"
		);
		expect(rows[0]!.n).toBeLessThanOrEqual(5);
		expect(results.filter((r) => r === true).length).toBeGreaterThanOrEqual(1);
	});

	it("the owner's warning is queued once however many failures finish at once", async () => {
		const { pool } = db();
		const email = 'parent3@example.org';
		const { results } = await race(pool, 30, (c, i) => start(c, email, `10.0.0.${i}`));
		expect(results.every(Boolean)).toBe(true);
		await race(pool, 30, (c, i) =>
			c.query("select public.finish_sign_in_attempt($1, $2, 'failed')", [email, `10.0.0.${i}`])
		);
		const { rows } = await pool.query<{ n: number }>(
			"select count(*)::int as n from public.notifications where kind = 'sign_in_attempts' and to_profile = $1",
			[ids.parent(3)]
		);
		expect(rows).toEqual([{ n: 1 }]);
		const { rows: audit } = await pool.query<{ n: number }>(
			"select count(*)::int as n from public.audit_log where actor = $1 and action = 'sign_in_failed'",
			[ids.parent(3)]
		);
		expect(audit[0]!.n).toBeLessThanOrEqual(20);
	});
});
