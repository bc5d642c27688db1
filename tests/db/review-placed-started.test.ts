/**
 * The dashboard's families by quarter count families placed apart from families started, and
 * the funder report counts as delivered only groups whose first session has happened
 * (60_review.sql). The fixture: one funded group of 12 places, all taken, its first session 200
 * days ahead (no seed group starts that day), then the same group once its first session has
 * begun (moved to 30 minutes ago; no seed group starts today either).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { startBackend } from './harness';
import {
	clients,
	createGroup,
	createParents,
	londonParts,
	ok,
	startGroup,
	weeklySessions
} from './groups-fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const sessions = weeklySessions(8, 200);
let groupId = '';

const isoDay = (at: string | Date) => {
	const p = londonParts(at);
	return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};
const quarterOf = (at: string | Date) => {
	const p = londonParts(at);
	return `${p.year}-Q${Math.floor((p.month - 1) / 3) + 1}`;
};

async function figures(day: string) {
	const dashboard = await ok<Json>(await lead(), 'review_dashboard', {
		from_date: day,
		to_date: day
	});
	const report = await ok<Json>(await lead(), 'funder_report', { from_date: day, to_date: day });
	return { dashboard, report };
}

beforeAll(async () => {
	backend = await startBackend();
	groupId = await createGroup(await lead(), {
		name: 'Twelve placed',
		funder: 'Placed Trust',
		capacity: 12,
		sessions
	});
	for (const p of await createParents(backend, 12)) {
		await ok(await lead(), 'enrol_parent', { group_id: groupId, email: p.email });
	}
});

afterAll(async () => {
	await backend?.close();
});

describe('families placed and started, groups delivered and planned', () => {
	it('a group of 12 placed that has not begun: 12 placed, 0 started, planned not delivered', async () => {
		const { dashboard, report } = await figures(isoDay(sessions[0]!.starts_at));
		expect(dashboard.quarters).toEqual([
			{
				quarter: quarterOf(sessions[0]!.starts_at),
				funded_groups: 1,
				funded_placed: 12,
				funded_started: 0,
				self_funded_groups: 0,
				self_funded_placed: 0,
				self_funded_started: 0
			}
		]);
		expect(dashboard.totals).toMatchObject({ places_filled: 12, families_started: 0 });
		expect(report.funded).toMatchObject({ groups: 0, families_started: 0, rows: [] });
		expect(report.funded.planned).toEqual([
			{
				id: groupId,
				name: 'Twelve placed',
				funder: 'Placed Trust',
				fee_pence: null,
				first_start: expect.any(String),
				phase: 'open',
				places_taken: 12,
				capacity: 12
			}
		]);
		expect(new Date(report.funded.planned[0].first_start).getTime()).toBe(
			new Date(sessions[0]!.starts_at).getTime()
		);
	});

	it('once its first session has begun: 12 placed, 12 started, delivered', async () => {
		// They were enrolled before the first session, as they would have been had it really begun
		// later; moving the session (below) recounts the group's figures.
		await backend.db.query(
			"update public.enrolments set enrolled_at = now() - interval '1 day' where group_id = $1",
			[groupId]
		);
		await startGroup(backend, groupId, 30);
		const today = new Date(Date.now() - 30 * 60_000);
		const { dashboard, report } = await figures(isoDay(today));
		expect(dashboard.quarters).toEqual([
			{
				quarter: quarterOf(today),
				funded_groups: 1,
				funded_placed: 12,
				funded_started: 12,
				self_funded_groups: 0,
				self_funded_placed: 0,
				self_funded_started: 0
			}
		]);
		expect(report.funded).toMatchObject({ groups: 1, families_started: 12, planned: [] });
		expect(report.funded.rows.map((r: Json) => r.id)).toEqual([groupId]);
	});
});
