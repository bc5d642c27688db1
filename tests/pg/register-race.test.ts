/**
 * "Mark the rest present" under concurrency on PostgreSQL 15 (PGlite runs one transaction at a
 * time, so only here can two tablets really race): an apology being saved on one tablet while
 * the other marks everyone not yet marked as present is never overwritten. The seed's running
 * Thursday group, session 5 (in the future, nobody marked), parents 1–6.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { ids, useFreshDatabase } from './harness';

const THURSDAY = '00000000-0000-4000-8000-000000001002';
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

describe('mark_rest_present races an apology', () => {
	it('waits for the apology being saved, then leaves it and marks only the others', async () => {
		const pool = db().pool;
		const { rows: s } = await pool.query<{ id: string }>(
			'select id from public.sessions where group_id = $1 and number = 5',
			[THURSDAY]
		);
		const session = s[0]!.id;
		const { rows: e } = await pool.query<{ id: string }>(
			'select id from public.enrolments where group_id = $1 and parent_id = $2',
			[THURSDAY, ids.parent(1)]
		);
		const apologising = e[0]!.id;

		const tabletA = await openAs(pool, ids.facilitator1);
		const tabletB = await openAs(pool, ids.facilitator2);
		try {
			// Tablet A has saved an apology but not yet committed.
			await tabletA.query(
				"select public.mark_attendance($1, $2, 'apologies', 'Unwell – phoned Tom at 6pm')",
				[session, apologising]
			);
			// Tablet B marks the rest: its snapshot cannot see A's row, so it must wait on it.
			let settled = false;
			const rest = tabletB
				.query<{ r: { marked: number } }>('select public.mark_rest_present($1) as r', [session])
				.finally(() => (settled = true));
			await new Promise((resolve) => setTimeout(resolve, 300));
			expect(settled, 'mark_rest_present waits for the apology in flight').toBe(false);
			await tabletA.query('commit');
			const { rows } = await rest;
			await tabletB.query('commit');
			expect(rows[0]!.r.marked).toBe(5);
		} finally {
			tabletA.release();
			tabletB.release();
		}

		const { rows: marks } = await pool.query<{
			enrolment_id: string;
			status: string;
			reason: string | null;
		}>('select enrolment_id, status::text, reason from public.attendance where session_id = $1', [
			session
		]);
		expect(marks).toHaveLength(6);
		expect(marks.find((m) => m.enrolment_id === apologising)).toMatchObject({
			status: 'apologies',
			reason: 'Unwell – phoned Tom at 6pm'
		});
		expect(marks.filter((m) => m.status === 'present')).toHaveLength(5);
	});
});
