/**
 * Marking a session held (only once it has started) and releasing its materials to parents
 * (recorded once: when and by whom). Group staff only.
 *
 * The seed's running "Thursday evenings" group: sessions 1–3 are over, 8 is weeks away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { clearRunningGroupHistory } from './seed-reset';
import { anonClient, ids, sqlError, startBackend } from './harness';
import {
	clients,
	createAccount,
	createGroup,
	ok,
	rpc,
	rpcCode,
	startGroup,
	type Account
} from './groups-fixtures';

const THURSDAY = '00000000-0000-4000-8000-000000001002';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const facilitator2 = () => as('facilitator2@example.org');

/** Thursday's live session ids by number. */
const session: Record<number, string> = {};
let other: Account;

interface SessionRow {
	status: string;
	starts_at: Date;
	released_at: Date | null;
	released_by: string | null;
}
async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}
async function sessionRow(id: string): Promise<SessionRow> {
	return (
		await db<SessionRow>(
			'select status::text, starts_at, released_at, released_by from public.sessions where id = $1',
			[id]
		)
	)[0]!;
}
async function sessionsOf(groupId: string) {
	const rows = await db<{ id: string; number: number }>(
		"select id, number from public.sessions where group_id = $1 and status <> 'cancelled'",
		[groupId]
	);
	return Object.fromEntries(rows.map((r) => [r.number, r.id])) as Record<number, string>;
}

beforeAll(async () => {
	backend = await startBackend();
	await clearRunningGroupHistory(backend);
	Object.assign(session, await sessionsOf(THURSDAY));
	other = await createAccount(backend, 'facilitator', { password: true });
	const partner = await createAccount(backend, 'facilitator');
	await createGroup(await lead(), { facilitator_ids: [other.id, partner.id] });
});
afterAll(() => backend.close());

describe('marking a session held', () => {
	it('is refused before the session starts', async () => {
		const s8 = session[8]!;
		expect((await sessionRow(s8)).starts_at.getTime()).toBeGreaterThan(Date.now());
		const r = await rpc(await facilitator1(), 'mark_session_held', { session_id: s8 });
		expect(r.error?.code).toBe('P0001');
		expect(await sessionRow(s8)).toMatchObject({
			status: 'scheduled',
			released_at: null,
			released_by: null
		});
	});

	it('after it started: status held, and its materials are released', async () => {
		const s1 = session[1]!;
		expect(await sessionRow(s1)).toMatchObject({ status: 'scheduled', released_at: null });
		expect(await ok(await facilitator1(), 'mark_session_held', { session_id: s1 })).toEqual({
			session_id: s1
		});
		const row = await sessionRow(s1);
		expect(row.status).toBe('held');
		expect(row.released_at).toBeInstanceOf(Date);
		expect(row.released_by).toBe(ids.facilitator1);

		const page = await ok<{
			sessions: { id: string; status: string; released_at: string | null }[];
		}>(await facilitator2(), 'group_page', { group_id: THURSDAY });
		const shown = page.sessions.find((s) => s.id === s1)!;
		expect(shown.status).toBe('held');
		expect(new Date(shown.released_at!).getTime()).toBe(row.released_at!.getTime());
		const deck = await ok<{ session: { status: string; released_at: string | null } }>(
			await facilitator2(),
			'session_deck',
			{ group_id: THURSDAY, number: 1 }
		);
		expect(deck.session.status).toBe('held');
		expect(deck.session.released_at).not.toBeNull();

		// Again, by someone else: still held, first release kept.
		await ok(await lead(), 'mark_session_held', { session_id: s1 });
		expect(await sessionRow(s1)).toEqual(row);
	});

	it('works while the session is still running', async () => {
		const groupId = await createGroup(await lead());
		await startGroup(backend, groupId, 10);
		const s1 = (await sessionsOf(groupId))[1]!;
		await ok(await facilitator2(), 'mark_session_held', { session_id: s1 });
		expect(await sessionRow(s1)).toMatchObject({ status: 'held', released_by: ids.facilitator2 });
		// Session 2 of that group has not started.
		expect(
			await rpcCode(await facilitator2(), 'mark_session_held', {
				session_id: (await sessionsOf(groupId))[2]!
			})
		).toBe('P0001');
	});

	it('a cancelled session cannot be marked held or released', async () => {
		const groupId = await createGroup(await lead());
		const s2 = (await sessionsOf(groupId))[2]!;
		await ok(await facilitator1(), 'cancel_session', { session_id: s2, reason: 'Snow' });
		await db(
			"update public.sessions set starts_at = starts_at - interval '60 days', ends_at = ends_at - interval '60 days' where id = $1",
			[s2]
		);
		const r = await rpc(await facilitator1(), 'mark_session_held', { session_id: s2 });
		expect(r.error?.code).toBe('P0001');
		expect(r.error?.message).toMatch(/cancelled/i);
		await ok(await facilitator1(), 'release_materials', { session_id: s2 });
		expect(await sessionRow(s2)).toMatchObject({ status: 'cancelled', released_at: null });
	});

	it('a session that does not exist is not found', async () => {
		expect(
			await rpcCode(await lead(), 'mark_session_held', {
				session_id: '00000000-0000-4000-8000-00000000dead'
			})
		).toBe('P0002');
	});
});

describe('releasing materials', () => {
	it('records when and by whom, once', async () => {
		const s2 = session[2]!;
		expect(await ok(await facilitator2(), 'release_materials', { session_id: s2 })).toEqual({
			session_id: s2
		});
		const first = await sessionRow(s2);
		expect(first.released_at).toBeInstanceOf(Date);
		expect(first.released_by).toBe(ids.facilitator2);
		expect(first.status).toBe('scheduled');

		await ok(await lead(), 'release_materials', { session_id: s2 });
		await ok(await facilitator1(), 'release_materials', { session_id: s2 });
		expect(await sessionRow(s2)).toEqual(first);

		// Marking it held later keeps the first release.
		await ok(await lead(), 'mark_session_held', { session_id: s2 });
		expect(await sessionRow(s2)).toEqual({ ...first, status: 'held' });
	});
});

describe('who can', () => {
	it('not a parent (even in the group), not another facilitator, not anon', async () => {
		const s3 = session[3]!;
		const before = await sessionRow(s3);
		for (const client of [
			await as('parent1@example.org'),
			await as('parent7@example.org'),
			await as(other.email)
		]) {
			expect(await rpcCode(client, 'mark_session_held', { session_id: s3 })).toBe('42501');
			expect(await rpcCode(client, 'release_materials', { session_id: s3 })).toBe('42501');
		}
		expect(
			await rpcCode(anonClient(backend), 'mark_session_held', { session_id: s3 })
		).not.toBeNull();
		expect(
			await rpcCode(anonClient(backend), 'release_materials', { session_id: s3 })
		).not.toBeNull();
		expect(await sessionRow(s3)).toEqual(before);
		expect(before).toMatchObject({ status: 'scheduled', released_at: null });
	});

	it('nobody sets the columns directly', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1)]) {
			expect(
				await sqlError(
					backend,
					who,
					"update public.sessions set status = 'held', released_at = now(), released_by = $2 where id = $1",
					[session[3]!, who]
				),
				who
			).toBe('42501');
		}
		expect(await sessionRow(session[3]!)).toMatchObject({ status: 'scheduled', released_at: null });
	});
});
