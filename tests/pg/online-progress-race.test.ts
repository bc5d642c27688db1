/**
 * Two progress reports of one module at once on PostgreSQL 15 (two tabs of the same film; PGlite
 * runs one transaction at a time, so only here can they really race): the second waits on the
 * first's row lock and merges into what it wrote, so no played second is lost. Chloe Evans
 * (trainee3) is paid with early access; module 1 is a 20-second stored film.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { useFreshDatabase } from './harness';

const CHLOE = '00000000-0000-4000-8000-000000000413';
const MODULE = '00000000-0000-4000-8000-000000004101';
const db = useFreshDatabase({ max: 4 });

/** A connection in an open transaction as `userId` (authenticated), as PostgREST runs a call. */
async function openAs(pool: pg.Pool, userId: string): Promise<pg.PoolClient> {
	const c = await pool.connect();
	await c.query('begin');
	await c.query('set local role authenticated');
	await c.query("select set_config('request.jwt.claims', $1, true)", [
		JSON.stringify({ sub: userId, role: 'authenticated' })
	]);
	return c;
}

describe('report_online_progress in two tabs at once', () => {
	it('merges the second report into the first instead of overwriting it', async () => {
		const pool = db().pool;
		// A sitting started 20 seconds ago: up to 45 new seconds may be reported.
		await pool.query(
			`insert into public.online_progress (trainee_id, module_id, last_seen_at)
			 values ($1, $2, now() - interval '20 seconds')`,
			[CHLOE, MODULE]
		);
		const tabA = await openAs(pool, CHLOE);
		const tabB = await openAs(pool, CHLOE);
		try {
			await tabA.query(`select public.report_online_progress($1, '[[0, 10]]')`, [MODULE]);
			let settled = false;
			const second = tabB
				.query<{ r: { seconds_watched: number } }>(
					`select public.report_online_progress($1, '[[5, 14]]') as r`,
					[MODULE]
				)
				.finally(() => (settled = true));
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(settled, 'the second report waits for the first').toBe(false);
			await tabA.query('commit');
			const { rows } = await second;
			await tabB.query('commit');
			expect(rows[0]!.r.seconds_watched).toBe(14);
		} finally {
			tabA.release();
			tabB.release();
		}
		const { rows } = await pool.query<{ watched: string; seconds_watched: number }>(
			`select watched::text, seconds_watched from public.online_progress
			 where trainee_id = $1 and module_id = $2`,
			[CHLOE, MODULE]
		);
		expect(rows[0]).toEqual({ watched: '{[0,14)}', seconds_watched: 14 });
	});
});
