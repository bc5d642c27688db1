/**
 * The register's reasons and "mark the rest present": a reason is saved on its own (the mark
 * stays), kept across reloads, and only for late, apologies or absent; marking everyone not yet
 * marked as present touches only the unmarked, never an apology. Both are for the group's staff
 * only: another group's facilitator, a parent and someone signed out are refused and change
 * nothing. Each test makes its own group of four families (three placed, one on the waitlist).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, ids, sqlError, startBackend } from './harness';
import {
	clients,
	createAccount,
	createGroup,
	createParents,
	ok,
	rpc,
	rpcCode,
	startGroup,
	type Account
} from './groups-fixtures';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
let otherFacilitator: Account;

beforeAll(async () => {
	backend = await startBackend();
	otherFacilitator = await createAccount(backend, 'facilitator', { password: true });
	const partner = await createAccount(backend, 'facilitator');
	await createGroup(await lead(), { facilitator_ids: [otherFacilitator.id, partner.id] });
});
afterAll(() => backend.close());

/** A started group of 3 places: its first session, the 3 placed enrolments, one waitlisted. */
async function runningGroup() {
	const groupId = await createGroup(await lead(), { capacity: 3 });
	const f1 = await facilitator1();
	const people = await createParents(backend, 4);
	const placed: string[] = [];
	let waiting = '';
	for (const p of people) {
		const e = await ok<{ id: string; status: string }>(f1, 'enrol_parent', {
			group_id: groupId,
			email: p.email
		});
		if (e.status === 'enrolled') placed.push(e.id);
		else waiting = e.id;
	}
	await startGroup(backend, groupId, 30);
	const { rows } = await backend.db.query<{ id: string }>(
		'select id from public.sessions where group_id = $1 and number = 1',
		[groupId]
	);
	return { groupId, sessionId: rows[0]!.id, placed, waiting };
}

async function marks(sessionId: string) {
	const { rows } = await backend.db.query<{
		enrolment_id: string;
		status: string;
		reason: string | null;
	}>(
		'select enrolment_id, status::text, reason from public.attendance where session_id = $1 order by enrolment_id',
		[sessionId]
	);
	return Object.fromEntries(
		rows.map((r) => [r.enrolment_id, { status: r.status, reason: r.reason }])
	);
}

describe('save_attendance_reason', () => {
	it('saves a reason on its own, keeps the mark, and the register shows it afterwards', async () => {
		const { groupId, sessionId, placed } = await runningGroup();
		const f1 = await facilitator1();
		const e = placed[0]!;
		await ok(f1, 'mark_attendance', {
			session_id: sessionId,
			enrolment_id: e,
			status: 'apologies'
		});
		expect(
			await ok(f1, 'save_attendance_reason', {
				session_id: sessionId,
				enrolment_id: e,
				reason: '  Unwell – phoned Tom at 6pm '
			})
		).toMatchObject({ status: 'apologies', reason: 'Unwell – phoned Tom at 6pm' });
		expect((await marks(sessionId))[e]).toEqual({
			status: 'apologies',
			reason: 'Unwell – phoned Tom at 6pm'
		});
		// A reload (the page's one read) still has it, and the lead can change it later.
		const page = await ok<{ register: { enrolment_id: string; reason: string | null }[] }>(
			f1,
			'session_page',
			{ group_id: groupId, number: 1 }
		);
		expect(page.register.find((r) => r.enrolment_id === e)?.reason).toBe(
			'Unwell – phoned Tom at 6pm'
		);
		await ok(await lead(), 'save_attendance_reason', {
			session_id: sessionId,
			enrolment_id: e,
			reason: 'Unwell'
		});
		expect((await marks(sessionId))[e]).toEqual({ status: 'apologies', reason: 'Unwell' });
		// Marking again with the reason beside the marks keeps it; empty clears it.
		await ok(f1, 'mark_attendance', {
			session_id: sessionId,
			enrolment_id: e,
			status: 'absent',
			reason: 'Unwell'
		});
		expect((await marks(sessionId))[e]).toEqual({ status: 'absent', reason: 'Unwell' });
		await ok(f1, 'save_attendance_reason', { session_id: sessionId, enrolment_id: e, reason: ' ' });
		expect((await marks(sessionId))[e]).toEqual({ status: 'absent', reason: null });
	});

	it('refuses a reason for a parent not marked yet, saying what to do, and stores nothing', async () => {
		const { sessionId, placed } = await runningGroup();
		const r = await rpc(await facilitator1(), 'save_attendance_reason', {
			session_id: sessionId,
			enrolment_id: placed[0]!,
			reason: 'Unwell'
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'reason' });
		expect(r.error?.message).toMatch(/late, apologies or absent first/);
		expect(await marks(sessionId)).toEqual({});
	});

	it('a present mark keeps no reason: refused alone, dropped with the mark, refused directly', async () => {
		const { sessionId, placed } = await runningGroup();
		const f1 = await facilitator1();
		const [a, b] = placed as [string, string];
		await ok(f1, 'mark_attendance', {
			session_id: sessionId,
			enrolment_id: a,
			status: 'present',
			reason: 'Typed before tapping present'
		});
		expect((await marks(sessionId))[a]).toEqual({ status: 'present', reason: null });
		const alone = await rpc(f1, 'save_attendance_reason', {
			session_id: sessionId,
			enrolment_id: a,
			reason: 'Why?'
		});
		expect(alone.error).toMatchObject({ code: 'P0001', hint: 'reason' });
		expect((await marks(sessionId))[a]).toEqual({ status: 'present', reason: null });
		expect(
			await sqlError(
				backend,
				ids.facilitator1,
				"insert into public.attendance (session_id, enrolment_id, status, reason) values ($1, $2, 'present', 'x')",
				[sessionId, b]
			)
		).toBe('P0001');
		expect((await marks(sessionId))[b]).toBeUndefined();
	});

	it('is refused to another group’s facilitator, a parent and someone signed out', async () => {
		const { sessionId, placed } = await runningGroup();
		const e = placed[0]!;
		await ok(await facilitator1(), 'mark_attendance', {
			session_id: sessionId,
			enrolment_id: e,
			status: 'apologies',
			reason: 'Hospital'
		});
		const args = { session_id: sessionId, enrolment_id: e, reason: 'Changed' };
		expect(await rpcCode(await as(otherFacilitator.email), 'save_attendance_reason', args)).toBe(
			'42501'
		);
		const family = await as('parent1@example.org');
		expect(await rpcCode(family, 'save_attendance_reason', args)).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'save_attendance_reason', args)).toBe('42501');
		expect((await marks(sessionId))[e]).toEqual({ status: 'apologies', reason: 'Hospital' });
	});
});

describe('mark_rest_present', () => {
	it('marks only those not yet marked, never an apology or a late mark, and says how many', async () => {
		const { groupId, sessionId, placed, waiting } = await runningGroup();
		const f1 = await facilitator1();
		const [a, b, c] = placed as [string, string, string];
		await ok(f1, 'mark_attendance', {
			session_id: sessionId,
			enrolment_id: a,
			status: 'apologies',
			reason: 'Unwell – phoned Tom at 6pm'
		});
		await ok(f1, 'mark_attendance', { session_id: sessionId, enrolment_id: b, status: 'late' });
		expect(await ok(f1, 'mark_rest_present', { session_id: sessionId })).toEqual({
			session_id: sessionId,
			marked: 1
		});
		expect(await marks(sessionId)).toEqual({
			[a]: { status: 'apologies', reason: 'Unwell – phoned Tom at 6pm' },
			[b]: { status: 'late', reason: null },
			[c]: { status: 'present', reason: null }
		});
		// The family on the waitlist is not on the register, so is not marked.
		expect(waiting).not.toBe('');
		// Again: nobody is left, nothing changes.
		expect(await ok(await lead(), 'mark_rest_present', { session_id: sessionId })).toMatchObject({
			marked: 0
		});
		const page = await ok<{ register: { status: string | null }[] }>(f1, 'session_page', {
			group_id: groupId,
			number: 1
		});
		expect(page.register.map((r) => r.status).sort()).toEqual(['apologies', 'late', 'present']);
	});

	it('is refused to another group’s facilitator, a parent and someone signed out', async () => {
		const { sessionId } = await runningGroup();
		const args = { session_id: sessionId };
		expect(await rpcCode(await as(otherFacilitator.email), 'mark_rest_present', args)).toBe(
			'42501'
		);
		expect(await rpcCode(await as('parent1@example.org'), 'mark_rest_present', args)).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'mark_rest_present', args)).toBe('42501');
		expect(await marks(sessionId)).toEqual({});
	});

	it('refuses a cancelled session, marking nobody', async () => {
		const { sessionId } = await runningGroup();
		await backend.db.query(
			"update public.sessions set status = 'cancelled', cancelled_reason = 'Venue closed' where id = $1",
			[sessionId]
		);
		const r = await rpc(await facilitator1(), 'mark_rest_present', { session_id: sessionId });
		expect(r.error?.code).toBe('P0001');
		expect(await marks(sessionId)).toEqual({});
	});
});
