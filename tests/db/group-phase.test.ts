import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { ids, startBackend } from './harness';

/**
 * A group's phase is defined in SQL alone: private.group_phase() for the app, and the same rule
 * restated over the tallied dates in private.review_group_facts for the lead's review (a shared
 * function there would cost ~7 ms a dashboard at 2,000 groups, as it cannot be inlined). This
 * holds the two to one answer for every phase.
 */
let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

describe('group phase', () => {
	it('the review figures and group_phase() agree for every group, in every phase', async () => {
		const db = backend.db;
		const { rows: groups } = await db.query<{ id: string }>(
			'select id from public.groups order by created_at'
		);
		expect(groups.length).toBeGreaterThanOrEqual(3);
		const [running, open, other] = groups.map((g) => g.id);
		// Make the demo's groups cover every phase: one completed, one draft, one cancelled.
		await db.exec('alter table public.sessions disable trigger user');
		await db.query(
			`update public.sessions set starts_at = starts_at - interval '200 days',
         ends_at = ends_at - interval '200 days' where group_id = $1`,
			[running]
		);
		await db.exec('alter table public.sessions enable trigger user');
		// The review reads tallies kept by triggers, so tally this group afresh.
		await db.query('select private.tally_review($1)', [running]);
		await db.exec('alter table public.groups disable trigger user');
		await db.query(`update public.groups set status = 'draft' where id = $1`, [open]);
		await db.query(
			`update public.groups set status = 'cancelled', cancelled_reason = 'test', cancelled_at = now() where id = $1`,
			[other]
		);
		await db.exec('alter table public.groups enable trigger user');

		const rows = await db.transaction(async (tx) => {
			await tx.query("select set_config('request.jwt.claims', $1, true)", [
				JSON.stringify({ sub: ids.lead, role: 'authenticated' })
			]);
			const { rows } = await tx.query<{ id: string; facts: string; fn: string }>(
				`select f.id, f.phase as facts, private.group_phase(f.id) as fn
           from private.review_group_facts f`
			);
			return rows;
		});
		expect(rows.length).toBe(groups.length);
		for (const r of rows) expect(r.facts, r.id).toBe(r.fn);
		expect(rows.map((r) => r.fn)).toEqual(
			expect.arrayContaining(['completed', 'draft', 'cancelled'])
		);
	});
});
