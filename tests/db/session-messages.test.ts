/**
 * Every change to a session is announced, and reminders go before each session
 * (supabase/schemas/75_session_messages.sql, 30_groups.sql): one queued email per family with a
 * place and per facilitator, in the same transaction as the change; nothing for a refused change;
 * reminders due at their moments, once, never for a cancelled session, never late, never after
 * opting out. The queue (public.notifications) is read as superuser; every change goes through
 * supabase-js as the signed-in person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { templates } from '../../src/lib/server/messages/templates';
import { anonClient, asRole, ids, SITE, sqlError, startBackend, type Client } from './harness';
import {
	clients,
	createAccount,
	createGroup,
	createParents,
	londonParts,
	londonSession,
	ok,
	rpc,
	rpcCode,
	weeklySessions,
	type Account
} from './groups-fixtures';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const service = (): Client => anonClient(backend, backend.serviceRoleKey);

interface Queued {
	kind: string;
	to_profile: string;
	dedupe_key: string | null;
	payload: Record<string, unknown> & {
		audience?: string;
		change?: string;
		reason?: string | null;
		group?: { id: string; name: string; session_count: number };
		moved?: Array<Record<string, unknown>>;
		cancelled?: Record<string, unknown> | Array<Record<string, unknown>> | null;
		session?: Record<string, unknown>;
		days_before?: number;
		unsubscribe_token?: string;
	};
}

/** Messages queued for a group's sessions (or a kind) since `afterId`, read as superuser. */
async function queued(kind: string, groupId: string, afterId = 0): Promise<Queued[]> {
	const { rows } = await backend.db.query<Queued>(
		`select kind, to_profile, dedupe_key, payload from public.notifications
		  where id > $1 and kind = $2 and payload -> 'group' ->> 'id' = $3 order by id`,
		[afterId, kind, groupId]
	);
	return rows;
}

async function lastId(): Promise<number> {
	const { rows } = await backend.db.query<{ id: number }>(
		'select coalesce(max(id), 0)::int as id from public.notifications'
	);
	return rows[0]!.id;
}

async function sessionsOf(groupId: string) {
	const { rows } = await backend.db.query<{
		id: string;
		number: number;
		starts_at: Date;
		ends_at: Date;
		status: string;
		revision: number;
	}>(
		'select id, number, starts_at, ends_at, status::text, revision from public.sessions where group_id = $1 order by starts_at',
		[groupId]
	);
	return rows;
}

/**
 * A group of capacity 3: three parents with places, one of whom then leaves (so the first on the
 * waitlist is offered the place) and one still on the waitlist. Only the two left with places
 * and the two facilitators should hear of changes.
 */
async function smallGroup(overrides: Record<string, unknown> = {}, loginParents = false) {
	const groupId = await createGroup(await lead(), { capacity: 3, ...overrides });
	const f1 = await facilitator1();
	const parents: Account[] = [];
	for (let i = 0; i < 3; i++)
		parents.push(await createAccount(backend, 'parent', { password: loginParents }));
	const waiting = await createParents(backend, 2);
	const places: string[] = [];
	for (const p of [...parents, ...waiting])
		places.push(
			(await ok<{ id: string }>(f1, 'enrol_parent', { group_id: groupId, email: p.email })).id
		);
	await ok(f1, 'withdraw_enrolment', {
		enrolment_id: places[2],
		reason: 'Moved away',
		withdrawn_on: new Date().toISOString().slice(0, 10)
	});
	const { rows } = await backend.db.query<{ parent_id: string; status: string }>(
		'select parent_id, status::text from public.enrolments where group_id = $1',
		[groupId]
	);
	const status = Object.fromEntries(rows.map((r) => [r.parent_id, r.status]));
	// The fixture is what the tests rely on: 2 with places, 1 left, 1 offered, 1 waiting.
	expect(Object.values(status).sort()).toEqual([
		'enrolled',
		'enrolled',
		'offered',
		'waitlisted',
		'withdrawn'
	]);
	return { groupId, enrolled: [parents[0]!, parents[1]!], parents, waiting };
}

const everyone = (enrolled: Account[]) =>
	[...enrolled.map((p) => p.id), ids.facilitator1, ids.facilitator2].sort();

describe('a session moved', () => {
	it('queues one email to each family with a place and each facilitator, old and new times side by side', async () => {
		const { groupId, enrolled } = await smallGroup();
		const [, second] = await sessionsOf(groupId);
		const p = londonParts(second!.starts_at);
		const to = londonSession(p.year, p.month - 1, p.day + 1, 18);
		const before = await lastId();
		await ok(await facilitator1(), 'move_session', {
			session_id: second!.id,
			starts_at: to.starts_at
		});
		const rows = await queued('session_changed', groupId, before);
		expect(rows.map((r) => r.to_profile).sort()).toEqual(everyone(enrolled));
		const after = (await sessionsOf(groupId)).find((s) => s.id === second!.id)!;
		expect(after.revision).toBeGreaterThan(second!.revision);
		for (const r of rows) {
			expect(r.payload.change).toBe('moved');
			expect(r.payload.group?.session_count).toBe(8);
			expect(r.payload.moved).toHaveLength(1);
			const m = r.payload.moved![0]!;
			expect(m).toMatchObject({ id: second!.id, number: 2, revision: after.revision });
			expect(typeof m.title).toBe('string');
			expect(new Date(m.starts_at as string).toISOString()).toBe(to.starts_at);
			expect(new Date(m.was_starts_at as string).toISOString()).toBe(
				second!.starts_at.toISOString()
			);
			expect(new Date(m.was_ends_at as string).toISOString()).toBe(second!.ends_at.toISOString());
			expect(r.payload.audience).toBe(
				r.to_profile === ids.facilitator1 || r.to_profile === ids.facilitator2
					? 'facilitator'
					: 'parent'
			);
		}
	});

	it('a refused move (before the session before it) and a move to the same time queue nothing', async () => {
		const { groupId } = await smallGroup();
		const [first, second] = await sessionsOf(groupId);
		const before = await lastId();
		const f1 = await facilitator1();
		expect(
			await rpcCode(f1, 'move_session', {
				session_id: second!.id,
				starts_at: new Date(first!.starts_at.getTime() - 86_400_000).toISOString()
			})
		).toBe('P0001');
		await ok(f1, 'move_session', {
			session_id: second!.id,
			starts_at: second!.starts_at.toISOString()
		});
		expect(await queued('session_changed', groupId, before)).toEqual([]);
		// A parent cannot move it either, and nothing is queued for trying.
		expect(
			await rpcCode(await as('parent1@example.org'), 'move_session', {
				session_id: second!.id,
				starts_at: new Date(second!.starts_at.getTime() + 3_600_000).toISOString()
			})
		).not.toBeNull();
		expect(await queued('session_changed', groupId, before)).toEqual([]);
	});

	it('the emails are queued in the move’s own transaction: rolled back, they are gone too', async () => {
		const { groupId } = await smallGroup();
		const [, second] = await sessionsOf(groupId);
		const before = await lastId();
		let seen = -1;
		await backend.db
			.transaction(async (tx) => {
				await tx.exec('set local role authenticated');
				await tx.query("select set_config('request.jwt.claims', $1, true)", [
					JSON.stringify({ sub: ids.facilitator1, role: 'authenticated' })
				]);
				await tx.query('select public.move_session($1, $2)', [
					second!.id,
					new Date(second!.starts_at.getTime() + 3_600_000).toISOString()
				]);
				await tx.exec('reset role');
				const { rows } = await tx.query<{ n: number }>(
					"select count(*)::int as n from public.notifications where id > $1 and kind = 'session_changed'",
					[before]
				);
				seen = rows[0]!.n;
				throw new Error('roll back');
			})
			.catch((e: Error) => expect(e.message).toBe('roll back'));
		expect(seen).toBe(4);
		expect(await queued('session_changed', groupId, before)).toEqual([]);
		const after = (await sessionsOf(groupId)).find((s) => s.id === second!.id)!;
		expect(after.starts_at.toISOString()).toBe(second!.starts_at.toISOString());
	});
});

describe('a session cancelled and rescheduled', () => {
	it('queues one email per person listing the cancelled session and every session that moved', async () => {
		const { groupId, enrolled } = await smallGroup();
		const old = await sessionsOf(groupId);
		const third = old[2]!;
		const before = await lastId();
		await ok(await facilitator1(), 'cancel_session', {
			session_id: third.id,
			reason: 'Venue flooded'
		});
		const rows = await queued('session_changed', groupId, before);
		expect(rows.map((r) => r.to_profile).sort()).toEqual(everyone(enrolled));
		const now = await sessionsOf(groupId);
		for (const r of rows) {
			expect(r.payload.change).toBe('rescheduled');
			expect(r.payload.reason).toBe('Venue flooded');
			expect(r.payload.cancelled).toMatchObject({ id: third.id, number: 3, status: 'cancelled' });
			// The replacement session 3 and sessions 4..8, each a week later than before.
			const moved = r.payload.moved!;
			expect(moved.map((m) => m.number)).toEqual([3, 4, 5, 6, 7, 8]);
			for (const m of moved) {
				const was = old.find((s) => s.number === m.number && s.status === 'scheduled')!;
				const is = now.find((s) => s.id === m.id)!;
				expect(is.status).toBe('scheduled');
				expect(new Date(m.was_starts_at as string).toISOString()).toBe(was.starts_at.toISOString());
				expect(new Date(m.starts_at as string).toISOString()).toBe(is.starts_at.toISOString());
				expect(m.revision).toBe(is.revision);
				expect(londonParts(is.starts_at).dayNumber - londonParts(was.starts_at).dayNumber).toBe(7);
				expect(londonParts(is.starts_at).time).toBe(londonParts(was.starts_at).time);
			}
		}
	});

	it('a cancellation without a reason is refused and queues nothing', async () => {
		const { groupId } = await smallGroup();
		const [first] = await sessionsOf(groupId);
		const before = await lastId();
		const r = await rpc(await facilitator1(), 'cancel_session', {
			session_id: first!.id,
			reason: '  '
		});
		expect(r.error?.hint).toBe('reason');
		expect(await queued('session_changed', groupId, before)).toEqual([]);
	});
});

describe('a group cancelled', () => {
	it('queues one email per person with the reason and every session that will not take place', async () => {
		const { groupId, enrolled } = await smallGroup();
		const before = await lastId();
		await ok(await lead(), 'cancel_group', { group_id: groupId, reason: 'Too few families' });
		const rows = await queued('group_cancelled', groupId, before);
		expect(rows.map((r) => r.to_profile).sort()).toEqual(everyone(enrolled));
		const now = await sessionsOf(groupId);
		for (const r of rows) {
			expect(r.payload.reason).toBe('Too few families');
			const list = r.payload.cancelled as Array<Record<string, unknown>>;
			expect(list.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
			for (const s of list) {
				const is = now.find((x) => x.id === s.id)!;
				expect(is.status).toBe('cancelled');
				expect(s).toMatchObject({ status: 'cancelled', revision: is.revision });
			}
		}
		// Cancelling again is refused and queues nothing more.
		expect(
			await rpcCode(await lead(), 'cancel_group', { group_id: groupId, reason: 'Again' })
		).toBe('P0001');
		expect(await queued('group_cancelled', groupId, before)).toHaveLength(4);
	});

	it('a facilitator cannot cancel a group, and nothing is queued', async () => {
		const { groupId } = await smallGroup();
		const before = await lastId();
		expect(
			await rpcCode(await facilitator1(), 'cancel_group', { group_id: groupId, reason: 'No' })
		).not.toBeNull();
		expect(await queued('group_cancelled', groupId, before)).toEqual([]);
	});
});

/**
 * Queue the reminders due at `asOf`, as the every-minute job does, and return how many were
 * queued for `groupId` (other tests' groups share the same schedule). What the function returns
 * must be everything it queued.
 */
async function remind(groupId: string, asOf: Date): Promise<number> {
	const before = await lastId();
	const { rows } = await backend.db.query<{ n: number }>(
		'select private.queue_due_reminders($1) as n',
		[asOf.toISOString()]
	);
	const { rows: all } = await backend.db.query<{ n: number }>(
		"select count(*)::int as n from public.notifications where id > $1 and kind = 'session_reminder'",
		[before]
	);
	expect(rows[0]!.n).toBe(all[0]!.n);
	return (await queued('session_reminder', groupId, before)).length;
}

/** London wall-clock instant on the calendar day `days` after `at`'s London day. */
function londonAt(at: Date, days: number, hour: number, minute = 0): Date {
	const p = londonParts(at);
	const s = londonSession(p.year, p.month - 1, p.day + days, hour);
	return new Date(new Date(s.starts_at).getTime() + minute * 60_000);
}

const MIN = 60_000;

describe('reminders', () => {
	it('are due 2 days before at the session’s own time and at 08:00 on its morning, once each', async () => {
		const { groupId, enrolled } = await smallGroup();
		const [first] = await sessionsOf(groupId);
		const twoDays = londonAt(first!.starts_at, -2, 10);
		const morning = londonAt(first!.starts_at, 0, 8);
		const before = await lastId();

		expect(await remind(groupId, new Date(twoDays.getTime() - MIN))).toBe(0);
		expect(await remind(groupId, twoDays)).toBe(2);
		// The job runs again (the next minute, or twice at once): nothing more.
		expect(await remind(groupId, twoDays)).toBe(0);
		expect(await remind(groupId, new Date(twoDays.getTime() + 10 * MIN))).toBe(0);
		let rows = await queued('session_reminder', groupId, before);
		expect(rows.map((r) => r.to_profile).sort()).toEqual(enrolled.map((p) => p.id).sort());
		for (const r of rows) {
			expect(r.payload.days_before).toBe(2);
			expect(r.payload.session).toMatchObject({ id: first!.id, number: 1, status: 'scheduled' });
			expect(r.payload.unsubscribe_token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		}

		expect(await remind(groupId, new Date(morning.getTime() + 5 * MIN))).toBe(2);
		expect(await remind(groupId, new Date(morning.getTime() + 6 * MIN))).toBe(0);
		rows = await queued('session_reminder', groupId, before);
		expect(rows).toHaveLength(4);
		expect(rows.filter((r) => r.payload.days_before === 0)).toHaveLength(2);
		expect(new Set(rows.map((r) => r.dedupe_key)).size).toBe(4);
		// Every email has its own token.
		expect(new Set(rows.map((r) => r.payload.unsubscribe_token)).size).toBe(4);
	});

	it('the every-minute job (public.run_scheduled_jobs, service role) queues a reminder due now once when run twice', async () => {
		const starts = new Date(Date.now() + 2 * 86_400_000 + 10 * MIN);
		const groupId = await createGroup(await lead(), {
			capacity: 3,
			sessions: [
				{
					starts_at: starts.toISOString(),
					ends_at: new Date(starts.getTime() + 120 * MIN).toISOString()
				},
				...weeklySessions(7, 21)
			]
		});
		const parent = await createAccount(backend, 'parent');
		await ok(await facilitator1(), 'enrol_parent', { group_id: groupId, email: parent.email });
		// Its 2-day reminder falls due 10 minutes from now; make it 20 minutes ago instead.
		await backend.db.query(
			"update public.sessions set starts_at = starts_at - interval '30 minutes', ends_at = ends_at - interval '30 minutes' where group_id = $1 and number = 1",
			[groupId]
		);
		const before = await lastId();
		const runs = [
			await ok<{ reminders_queued: number }>(service(), 'run_scheduled_jobs'),
			await ok<{ reminders_queued: number }>(service(), 'run_scheduled_jobs')
		];
		expect(runs[0]!.reminders_queued).toBeGreaterThanOrEqual(1);
		expect(runs[1]!.reminders_queued).toBe(0);
		const rows = await queued('session_reminder', groupId, before);
		expect(rows.map((r) => r.to_profile)).toEqual([parent.id]);
	});

	it('are never late: one whose moment passed more than an hour ago is skipped', async () => {
		const { groupId } = await smallGroup();
		const [first] = await sessionsOf(groupId);
		const twoDays = londonAt(first!.starts_at, -2, 10);
		const before = await lastId();
		expect(await remind(groupId, new Date(twoDays.getTime() + 61 * MIN))).toBe(0);
		expect(await remind(groupId, new Date(twoDays.getTime() + 59 * MIN))).toBe(2);
		expect(await queued('session_reminder', groupId, before)).toHaveLength(2);
	});

	it('none for a cancelled session, nor for a cancelled group', async () => {
		const { groupId } = await smallGroup();
		const [first, second] = await sessionsOf(groupId);
		await ok(await facilitator1(), 'cancel_session', { session_id: first!.id, reason: 'Ill' });
		const before = await lastId();
		expect(await remind(groupId, londonAt(first!.starts_at, -2, 10))).toBe(0);
		expect(await remind(groupId, londonAt(first!.starts_at, 0, 8))).toBe(0);
		const other = await smallGroup();
		const [o1] = await sessionsOf(other.groupId);
		await ok(await lead(), 'cancel_group', { group_id: other.groupId, reason: 'Closed' });
		expect(await remind(other.groupId, londonAt(o1!.starts_at, -2, 10))).toBe(0);
		expect(await queued('session_reminder', groupId, before)).toEqual([]);
		expect(await queued('session_reminder', other.groupId, before)).toEqual([]);
		// The session that replaced it (a week later, where session 2 was) still gets them.
		expect(await remind(groupId, londonAt(second!.starts_at, -2, 10))).toBeGreaterThan(0);
	});

	it('none for a parent who turned reminders off; the others still get theirs', async () => {
		const { groupId, enrolled } = await smallGroup({}, true);
		const [first] = await sessionsOf(groupId);
		const off = await as(enrolled[0]!.email);
		expect(await ok(off, 'save_message_preferences', { reminders: false })).toEqual({
			reminders: false
		});
		const before = await lastId();
		expect(await remind(groupId, londonAt(first!.starts_at, -2, 10))).toBe(1);
		const rows = await queued('session_reminder', groupId, before);
		expect(rows.map((r) => r.to_profile)).toEqual([enrolled[1]!.id]);
		// Changes still reach them.
		await ok(await facilitator1(), 'cancel_session', { session_id: first!.id, reason: 'Ill' });
		const changed = await queued('session_changed', groupId, before);
		expect(changed.map((r) => r.to_profile)).toContain(enrolled[0]!.id);
	});

	it('none to a parent who sent apologies for that session; they still get the next one’s', async () => {
		const { groupId, enrolled } = await smallGroup({}, true);
		const [first, second] = await sessionsOf(groupId);
		await ok(await as(enrolled[0]!.email), 'send_apologies', {
			session_id: first!.id,
			reason: 'Hospital appointment'
		});
		const before = await lastId();
		expect(await remind(groupId, londonAt(first!.starts_at, -2, 10))).toBe(1);
		const rows = await queued('session_reminder', groupId, before);
		expect(rows.map((r) => r.to_profile)).toEqual([enrolled[1]!.id]);
		expect(await remind(groupId, londonAt(second!.starts_at, -2, 10))).toBe(2);
	});

	it('a group’s own times replace the clinic’s, set only by its staff', async () => {
		const { groupId, enrolled } = await smallGroup();
		const [first] = await sessionsOf(groupId);
		expect(
			await rpcCode(await as('parent1@example.org'), 'set_group_reminders', {
				group_id: groupId,
				days_before: [3],
				morning_at: null
			})
		).not.toBeNull();
		const bad = await rpc(await facilitator1(), 'set_group_reminders', {
			group_id: groupId,
			days_before: [15],
			morning_at: null
		});
		expect(bad.error?.hint).toBe('days_before');
		await ok(await facilitator1(), 'set_group_reminders', {
			group_id: groupId,
			days_before: [3, 1],
			morning_at: null
		});
		const page = await ok<{
			reminders: { own: boolean; days_before: number[]; morning_at: string | null };
		}>(await facilitator1(), 'group_page', { group_id: groupId });
		expect(page.reminders).toMatchObject({ own: true, days_before: [3, 1], morning_at: null });
		const before = await lastId();
		expect(await remind(groupId, londonAt(first!.starts_at, -2, 10))).toBe(0);
		expect(await remind(groupId, londonAt(first!.starts_at, 0, 8))).toBe(0);
		expect(await remind(groupId, londonAt(first!.starts_at, -3, 10))).toBe(2);
		expect(await remind(groupId, londonAt(first!.starts_at, -1, 10))).toBe(2);
		const rows = await queued('session_reminder', groupId, before);
		expect(rows.map((r) => r.payload.days_before)).toEqual([3, 3, 1, 1]);
		expect(new Set(rows.map((r) => r.to_profile))).toEqual(new Set(enrolled.map((p) => p.id)));
		// Back to the clinic's.
		await ok(await facilitator1(), 'set_group_reminders', {
			group_id: groupId,
			days_before: null,
			morning_at: null
		});
		expect(await remind(groupId, londonAt(first!.starts_at, -2, 10))).toBe(2);
	});
});

describe('message preferences', () => {
	it('a person reads and writes only their own row; staff see none; anon nothing', async () => {
		const a = await createAccount(backend, 'parent', { password: true });
		const b = await createAccount(backend, 'parent', { password: true });
		await ok(await as(a.email), 'save_message_preferences', { reminders: false });
		await ok(await as(b.email), 'save_message_preferences', { reminders: true });
		const read = 'select profile_id, reminders from public.message_preferences order by profile_id';
		expect(await asRole(backend, a.id, read)).toEqual([{ profile_id: a.id, reminders: false }]);
		expect(await asRole(backend, b.id, read)).toEqual([{ profile_id: b.id, reminders: true }]);
		expect(await asRole(backend, ids.lead, read)).toEqual([]);
		expect(await asRole(backend, ids.facilitator1, read)).toEqual([]);
		expect(await sqlError(backend, null, read)).toBe('42501');
		// Their own row: allowed.
		await asRole(backend, a.id, 'update public.message_preferences set reminders = true');
		await asRole(backend, a.id, 'update public.message_preferences set reminders = false');
		// Someone else's: refused (insert) or not seen (update), and theirs is unchanged.
		expect(
			await sqlError(
				backend,
				a.id,
				'insert into public.message_preferences (profile_id, reminders) values ($1, false)',
				[ids.parent(1)]
			)
		).toBe('42501');
		expect(
			await asRole(
				backend,
				a.id,
				'update public.message_preferences set reminders = false where profile_id = $1 returning 1',
				[b.id]
			)
		).toEqual([]);
		expect(
			await sqlError(
				backend,
				a.id,
				'update public.message_preferences set profile_id = $1 where profile_id = $2',
				[ids.parent(2), a.id]
			)
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				a.id,
				'delete from public.message_preferences where profile_id = $1',
				[a.id]
			)
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				null,
				'insert into public.message_preferences (profile_id, reminders) values ($1, false)',
				[a.id]
			)
		).toBe('42501');
		const { rows } = await backend.db.query<{ profile_id: string; reminders: boolean }>(
			'select profile_id, reminders from public.message_preferences where profile_id = any($1) order by reminders',
			[[a.id, b.id, ids.parent(1), ids.parent(2)]]
		);
		expect(rows).toEqual([
			{ profile_id: a.id, reminders: false },
			{ profile_id: b.id, reminders: true }
		]);
		// Unsubscribe tokens are out of every API role's reach.
		for (const who of [null, a.id, ids.lead])
			expect(await sqlError(backend, who, 'select * from private.unsubscribe_tokens')).toBe(
				'42501'
			);
	});

	it('only parents turn reminders off; my_messages says what each role is sent', async () => {
		expect(
			await rpcCode(await facilitator1(), 'save_message_preferences', { reminders: false })
		).toBe('42501');
		expect(
			await rpcCode(anonClient(backend), 'save_message_preferences', { reminders: false })
		).not.toBeNull();
		const bad = await rpc(await as('parent2@example.org'), 'save_message_preferences', {
			reminders: null
		});
		expect(bad.error?.hint).toBe('reminders');
		const p = await createAccount(backend, 'parent', { password: true });
		const groupId = await createGroup(await lead());
		await ok(await facilitator1(), 'enrol_parent', { group_id: groupId, email: p.email });
		const pc = await as(p.email);
		let mine = await ok<{ role: string; reminders: boolean; groups: Array<{ id: string }> }>(
			pc,
			'my_messages'
		);
		expect(mine.role).toBe('parent');
		expect(mine.reminders).toBe(true);
		expect(mine.groups.map((g) => g.id)).toEqual([groupId]);
		await ok(pc, 'save_message_preferences', { reminders: false });
		mine = await ok(pc, 'my_messages');
		expect(mine.reminders).toBe(false);
		expect((await ok<{ role: string }>(await facilitator1(), 'my_messages')).role).toBe(
			'facilitator'
		);
	});
});

describe('unsubscribe tokens', () => {
	async function tokenFor(): Promise<{ token: string; parent: Account; groupId: string }> {
		const { groupId, enrolled } = await smallGroup({}, true);
		const [first] = await sessionsOf(groupId);
		const before = await lastId();
		await remind(groupId, londonAt(first!.starts_at, -2, 10));
		const rows = await queued('session_reminder', groupId, before);
		const mine = rows.find((r) => r.to_profile === enrolled[0]!.id)!;
		return { token: mine.payload.unsubscribe_token!, parent: enrolled[0]!, groupId };
	}

	it('are stored only as a hash, and the page (GET) changes nothing', async () => {
		const { token, parent } = await tokenFor();
		const { rows } = await backend.db.query<{ n: number; plain: number }>(
			`select count(*)::int as n,
			        count(*) filter (where position(convert_to($2, 'UTF8') in token_hash) > 0)::int as plain
			   from private.unsubscribe_tokens where profile_id = $1`,
			[parent.id, token]
		);
		expect(rows[0]).toEqual({ n: 1, plain: 0 });
		expect(await ok(service(), 'unsubscribe_page', { token })).toEqual({
			valid: true,
			reminders: true
		});
		expect(await ok(service(), 'unsubscribe_page', { token })).toEqual({
			valid: true,
			reminders: true
		});
		expect(await ok(service(), 'unsubscribe_page', { token: token.slice(0, -1) + 'x' })).toEqual({
			valid: false,
			reminders: null
		});
	});

	it('turn reminders off for that person only; no more reminders reach them', async () => {
		const { token, parent, groupId } = await tokenFor();
		expect(await ok(service(), 'unsubscribe', { token })).toEqual({ reminders: false });
		// A second click is fine.
		expect(await ok(service(), 'unsubscribe', { token })).toEqual({ reminders: false });
		expect(await ok(service(), 'unsubscribe_page', { token })).toEqual({
			valid: true,
			reminders: false
		});
		const { rows } = await backend.db.query<{ profile_id: string }>(
			'select profile_id from public.message_preferences where reminders = false and profile_id in (select parent_id from public.enrolments where group_id = $1)',
			[groupId]
		);
		expect(rows.map((r) => r.profile_id)).toEqual([parent.id]);
		const [first] = await sessionsOf(groupId);
		const before = await lastId();
		expect(await remind(groupId, londonAt(first!.starts_at, 0, 8))).toBe(1);
		const next = await queued('session_reminder', groupId, before);
		expect(next.map((r) => r.to_profile)).not.toContain(parent.id);
	});

	it('an unknown token is refused, and only the server (service role) may use tokens', async () => {
		const { token } = await tokenFor();
		expect(await rpcCode(service(), 'unsubscribe', { token: 'not-a-token' })).toBe('P0002');
		for (const client of [anonClient(backend), await as('parent1@example.org'), await lead()]) {
			expect(await rpcCode(client, 'unsubscribe', { token })).not.toBeNull();
			expect(await rpcCode(client, 'unsubscribe_page', { token })).not.toBeNull();
		}
		expect(await ok(service(), 'unsubscribe_page', { token })).toMatchObject({ reminders: true });
	});
});

describe('what SQL queues is what the templates render', () => {
	it('every session message queued here renders with its template, calendar files included', async () => {
		const { groupId } = await smallGroup();
		const [first, second, third] = await sessionsOf(groupId);
		const before = await lastId();
		const f1 = await facilitator1();
		await ok(f1, 'move_session', {
			session_id: second!.id,
			starts_at: new Date(second!.starts_at.getTime() + 3_600_000).toISOString()
		});
		await remind(groupId, londonAt(first!.starts_at, -2, 10));
		await ok(f1, 'cancel_session', { session_id: third!.id, reason: 'Ill' });
		await ok(await lead(), 'cancel_group', { group_id: groupId, reason: 'Closed' });
		const { rows } = await backend.db.query<Queued>(
			`select kind, to_profile, dedupe_key, payload from public.notifications
			  where id > $1 and payload -> 'group' ->> 'id' = $2 order by id`,
			[before, groupId]
		);
		expect(new Set(rows.map((r) => r.kind))).toEqual(
			new Set(['session_changed', 'session_reminder', 'group_cancelled'])
		);
		const ctx = {
			recipient: { email: 'x@example.org', full_name: 'Alex Smith', role: 'parent' },
			clinic: {
				name: 'Test Clinic',
				phone: null,
				email: 'clinic@example.org',
				postal_address: null,
				reply_to: null,
				staff_contact: null
			},
			siteUrl: SITE
		};
		for (const r of rows) {
			const mail = templates[r.kind]!(r.payload, ctx);
			expect(mail.subject).toContain(r.kind === 'session_reminder' ? 'Session 1 of 8' : 'Group ');
			for (const a of mail.attachments ?? []) expect(a.content).toContain('UID:session-');
		}
	});
});
