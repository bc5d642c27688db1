/**
 * The register: marking and re-marking attendance, who can be marked (only parents who held a
 * place in the group when the session ran), who can mark (the group's staff), who can read the
 * rows (staff, and each parent their own), and the "absent twice in a row" flag on the group page.
 *
 * Mostly the seed's running "Thursday evenings" group (parents 1–6, sessions 1–3 in the past):
 *   parent 1: marked and re-marked at session 1;   parent 2: withdrawn on the day of session 2;
 *   parent 3: absent then apologies;                parents 4–6: the absent-twice flag.
 * Groups made here for the rules that need a particular timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { clearRunningGroupHistory } from './seed-reset';
import { anonClient, asRole, ids, sqlError, startBackend } from './harness';
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

const THURSDAY = '00000000-0000-4000-8000-000000001002';
const TUESDAY = '00000000-0000-4000-8000-000000001001';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const facilitator2 = () => as('facilitator2@example.org');

/** Thursday's live sessions by number: id and London date. */
const session: Record<number, { id: string; date: string }> = {};
/** Enrolment ids by demo parent number (1–12). */
const enrolmentOf: Record<number, string> = {};
/** A facilitator who runs another group (not Thursday). */
let otherFacilitator: Account;

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}
async function marks(sessionId: string, enrolmentId: string) {
	return db<{ status: string; reason: string | null; marked_by: string | null; marked_at: Date }>(
		'select status::text, reason, marked_by, marked_at from public.attendance where session_id = $1 and enrolment_id = $2',
		[sessionId, enrolmentId]
	);
}
async function sessionsOf(groupId: string) {
	const rows = await db<{ id: string; number: number }>(
		"select id, number from public.sessions where group_id = $1 and status <> 'cancelled' order by number",
		[groupId]
	);
	return Object.fromEntries(rows.map((r) => [r.number, r.id])) as Record<number, string>;
}
const mark = (status: string, reason?: string) => (sessionId: string, enrolmentId: string) => ({
	session_id: sessionId,
	enrolment_id: enrolmentId,
	status,
	...(reason === undefined ? {} : { reason })
});

beforeAll(async () => {
	backend = await startBackend();
	await clearRunningGroupHistory(backend);
	for (const r of await db<{ id: string; number: number; date: string }>(
		`select id, number, (starts_at at time zone 'Europe/London')::date::text as date
		   from public.sessions where group_id = $1 and status <> 'cancelled'`,
		[THURSDAY]
	))
		session[r.number] = { id: r.id, date: r.date };
	for (const r of await db<{ id: string; parent_id: string }>(
		'select id, parent_id from public.enrolments where group_id in ($1, $2)',
		[THURSDAY, TUESDAY]
	))
		enrolmentOf[Number(r.parent_id.slice(-2))] = r.id;

	otherFacilitator = await createAccount(backend, 'facilitator', { password: true });
	const partner = await createAccount(backend, 'facilitator');
	await createGroup(await lead(), { facilitator_ids: [otherFacilitator.id, partner.id] });
});
afterAll(() => backend.close());

describe('marking the register', () => {
	it('the seed is as these tests assume: sessions 1–3 of Thursday are over', async () => {
		const [row] = await db<{ n: number }>(
			'select count(*)::int as n from public.sessions where id = any($1) and ends_at < now()',
			[[session[1]!.id, session[2]!.id, session[3]!.id]]
		);
		expect(row!.n).toBe(3);
		expect(Object.keys(enrolmentOf)).toHaveLength(12);
	});

	it('staff mark a parent, and marking again replaces the mark (one row)', async () => {
		const s1 = session[1]!.id;
		const e1 = enrolmentOf[1]!;
		expect(await ok(await facilitator1(), 'mark_attendance', mark('present')(s1, e1))).toEqual({
			session_id: s1,
			enrolment_id: e1,
			status: 'present'
		});
		let rows = await marks(s1, e1);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ status: 'present', reason: null, marked_by: ids.facilitator1 });
		const firstAt = rows[0]!.marked_at;

		await ok(
			await facilitator2(),
			'mark_attendance',
			mark('apologies', '  Hospital appointment  ')(s1, e1)
		);
		rows = await marks(s1, e1);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			status: 'apologies',
			reason: 'Hospital appointment',
			marked_by: ids.facilitator2
		});
		expect(rows[0]!.marked_at.getTime()).toBeGreaterThanOrEqual(firstAt.getTime());

		await ok(await lead(), 'mark_attendance', mark('late')(s1, e1));
		rows = await marks(s1, e1);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ status: 'late', reason: null, marked_by: ids.lead });

		const page = await ok<{
			register: { enrolment_id: string; full_name: string; status: string | null }[];
		}>(await facilitator1(), 'session_page', { group_id: THURSDAY, number: 1 });
		expect(page.register).toHaveLength(6);
		expect(page.register.find((r) => r.enrolment_id === e1)).toMatchObject({
			full_name: 'Margaret Doyle',
			status: 'late'
		});
	});

	it('refuses a status that does not exist and an over-long reason', async () => {
		const f1 = await facilitator1();
		expect(
			await rpcCode(f1, 'mark_attendance', mark('asleep')(session[1]!.id, enrolmentOf[1]!))
		).toBe('22P02');
		expect(
			await rpcCode(
				f1,
				'mark_attendance',
				mark('late', 'x'.repeat(301))(session[1]!.id, enrolmentOf[1]!)
			)
		).toBe('23514');
		expect((await marks(session[1]!.id, enrolmentOf[1]!))[0]!.status).toBe('late');
	});

	it('staff writing the table directly cannot forge who marked it', async () => {
		// Clients may not write the stamps at all (column grants: 42501, nothing stored) ...
		expect(
			await sqlError(
				backend,
				ids.facilitator1,
				`insert into public.attendance (session_id, enrolment_id, status, marked_by, marked_at)
				 values ($1, $2, 'present', $3, '2000-01-01')`,
				[session[1]!.id, enrolmentOf[3]!, ids.lead]
			)
		).toBe('42501');
		expect(await marks(session[1]!.id, enrolmentOf[3]!)).toEqual([]);
		// ... and the trigger stamps the mark they may write.
		await asRole(
			backend,
			ids.facilitator1,
			"insert into public.attendance (session_id, enrolment_id, status) values ($1, $2, 'present')",
			[session[1]!.id, enrolmentOf[3]!]
		);
		const [row] = await marks(session[1]!.id, enrolmentOf[3]!);
		expect(row!.marked_by).toBe(ids.facilitator1);
		expect(row!.marked_at.getFullYear()).toBeGreaterThan(2000);
	});
});

describe('who can be marked', () => {
	it('not a parent from another group (via the function or directly)', async () => {
		const f1 = await facilitator1();
		const r = await rpc(f1, 'mark_attendance', mark('present')(session[1]!.id, enrolmentOf[7]!));
		expect(r.error?.code).toBe('P0001');
		expect(
			await sqlError(
				backend,
				ids.facilitator1,
				"insert into public.attendance (session_id, enrolment_id, status) values ($1, $2, 'present')",
				[session[1]!.id, enrolmentOf[7]!]
			)
		).toBe('P0001');
		expect(
			await sqlError(
				backend,
				ids.facilitator1,
				'update public.attendance set enrolment_id = $2 where session_id = $1 and enrolment_id = $3',
				[session[1]!.id, enrolmentOf[7]!, enrolmentOf[1]!]
			)
		).toBe('P0001');
		expect(await marks(session[1]!.id, enrolmentOf[7]!)).toEqual([]);
	});

	it('a parent who left is marked for sessions up to the day they left, not after', async () => {
		const f1 = await facilitator1();
		const e2 = enrolmentOf[2]!;
		await ok(f1, 'withdraw_enrolment', {
			enrolment_id: e2,
			reason: 'Moved away',
			withdrawn_on: session[2]!.date
		});
		// Session 1 was before they left, session 2 on the day they left: both allowed.
		await ok(f1, 'mark_attendance', mark('absent')(session[1]!.id, e2));
		await ok(f1, 'mark_attendance', mark('absent')(session[2]!.id, e2));
		// Session 3 was after they left.
		const r = await rpc(f1, 'mark_attendance', mark('present')(session[3]!.id, e2));
		expect(r.error?.code).toBe('P0001');
		expect(await marks(session[3]!.id, e2)).toEqual([]);

		const register = async (n: number) =>
			(
				await ok<{ register: { enrolment_id: string }[] }>(f1, 'session_page', {
					group_id: THURSDAY,
					number: n
				})
			).register.map((x) => x.enrolment_id);
		expect(await register(2)).toContain(e2);
		expect(await register(3)).not.toContain(e2);
	});

	it('a parent withdrawn the day before a session cannot be marked for it', async () => {
		const lead_ = await lead();
		const groupId = await createGroup(lead_);
		const [p] = await createParents(backend, 1);
		const e = (
			await ok<{ id: string }>(await facilitator1(), 'enrol_parent', {
				group_id: groupId,
				email: p!.email
			})
		).id;
		await startGroup(backend, groupId, 30);
		const sessions = await sessionsOf(groupId);
		const [{ today }] = (await db<{ today: string }>(
			`select ((starts_at at time zone 'Europe/London')::date - 1)::text as today from public.sessions where id = $1`,
			[sessions[1]]
		)) as [{ today: string }];
		await ok(lead_, 'withdraw_enrolment', { enrolment_id: e, reason: 'Left', withdrawn_on: today });
		expect(await rpcCode(lead_, 'mark_attendance', mark('absent')(sessions[1]!, e))).toBe('P0001');
	});

	it('not a parent on the waitlist', async () => {
		const groupId = await createGroup(await lead(), { capacity: 1 });
		const f1 = await facilitator1();
		const [inside, waiting] = await createParents(backend, 2);
		const placed = await ok<{ id: string; status: string }>(f1, 'enrol_parent', {
			group_id: groupId,
			email: inside!.email
		});
		const queued = await ok<{ id: string; status: string }>(f1, 'enrol_parent', {
			group_id: groupId,
			email: waiting!.email
		});
		expect([placed.status, queued.status]).toEqual(['enrolled', 'waitlisted']);
		await startGroup(backend, groupId, 30);
		const s1 = (await sessionsOf(groupId))[1]!;

		await ok(f1, 'mark_attendance', mark('present')(s1, placed.id));
		expect(await rpcCode(f1, 'mark_attendance', mark('present')(s1, queued.id))).toBe('P0001');
		expect(await marks(s1, queued.id)).toEqual([]);
		const page = await ok<{ register: { enrolment_id: string }[] }>(f1, 'session_page', {
			group_id: groupId,
			number: 1
		});
		expect(page.register.map((r) => r.enrolment_id)).toEqual([placed.id]);
	});

	it('not a parent who enrolled after the session ended; during it is fine', async () => {
		const groupId = await createGroup(await lead());
		const f1 = await facilitator1();
		const [p] = await createParents(backend, 1);
		const e = (await ok<{ id: string }>(f1, 'enrol_parent', { group_id: groupId, email: p!.email }))
			.id;
		const s1 = (await sessionsOf(groupId))[1]!;
		await db(
			"update public.sessions set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' where id = $1",
			[s1]
		);
		expect(await rpcCode(f1, 'mark_attendance', mark('late')(s1, e))).toBe('P0001');
		await db(
			"update public.sessions set starts_at = now() - interval '1 hour', ends_at = now() + interval '1 hour' where id = $1",
			[s1]
		);
		await ok(f1, 'mark_attendance', mark('late')(s1, e));
		expect((await marks(s1, e))[0]!.status).toBe('late');
	});

	it('nobody at a cancelled session, not even a row marked before it was cancelled', async () => {
		const groupId = await createGroup(await lead());
		const f1 = await facilitator1();
		const [p] = await createParents(backend, 1);
		const e = (await ok<{ id: string }>(f1, 'enrol_parent', { group_id: groupId, email: p!.email }))
			.id;
		const before = await sessionsOf(groupId);
		await ok(f1, 'mark_attendance', mark('apologies', 'Away that week')(before[4]!, e));
		await ok(f1, 'cancel_session', { session_id: before[3]!, reason: 'Venue closed' });
		await ok(f1, 'cancel_session', { session_id: before[4]!, reason: 'Venue closed' });

		const r = await rpc(f1, 'mark_attendance', mark('present')(before[3]!, e));
		expect(r.error?.code).toBe('P0001');
		expect(r.error?.message).toMatch(/cancelled/i);
		expect(await rpcCode(f1, 'mark_attendance', mark('absent')(before[4]!, e))).toBe('P0001');
		expect((await marks(before[4]!, e))[0]!.status).toBe('apologies');
		// The replacement session can be marked.
		const after = await sessionsOf(groupId);
		expect(after[3]).not.toBe(before[3]);
		await ok(f1, 'mark_attendance', mark('present')(after[3]!, e));
	});
});

describe('who can mark', () => {
	it('not a facilitator of another group, via the function or directly', async () => {
		const other = await as(otherFacilitator.email);
		expect(
			await rpcCode(other, 'mark_attendance', mark('present')(session[2]!.id, enrolmentOf[1]!))
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				otherFacilitator.id,
				"insert into public.attendance (session_id, enrolment_id, status) values ($1, $2, 'present')",
				[session[2]!.id, enrolmentOf[1]!]
			)
		).toBe('42501');
		// Their update sees no rows of Thursday's register.
		await asRole(backend, otherFacilitator.id, "update public.attendance set status = 'absent'");
		expect((await marks(session[1]!.id, enrolmentOf[1]!))[0]!.status).toBe('late');
		expect(await marks(session[2]!.id, enrolmentOf[1]!)).toEqual([]);
	});

	it('not a parent, even one in the group, nor anon', async () => {
		const p1 = await as('parent1@example.org');
		expect(
			await rpcCode(p1, 'mark_attendance', mark('present')(session[2]!.id, enrolmentOf[1]!))
		).toBe('42501');
		expect(
			await rpcCode(p1, 'mark_attendance', mark('present')(session[1]!.id, enrolmentOf[1]!))
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				ids.parent(1),
				"insert into public.attendance (session_id, enrolment_id, status) values ($1, $2, 'present')",
				[session[2]!.id, enrolmentOf[1]!]
			)
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				null,
				"insert into public.attendance (session_id, enrolment_id, status) values ($1, $2, 'present')",
				[session[2]!.id, enrolmentOf[1]!]
			)
		).toBe('42501');
		expect(
			await rpcCode(
				anonClient(backend),
				'mark_attendance',
				mark('present')(session[2]!.id, enrolmentOf[1]!)
			)
		).not.toBeNull();
		// A parent's update of their own row changes nothing.
		await asRole(backend, ids.parent(1), "update public.attendance set status = 'present'");
		expect((await marks(session[1]!.id, enrolmentOf[1]!))[0]!.status).toBe('late');
		expect(await marks(session[2]!.id, enrolmentOf[1]!)).toEqual([]);
	});

	it('nobody deletes a mark, not even the lead', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1)]) {
			expect(await sqlError(backend, who, 'delete from public.attendance'), who).toBe('42501');
		}
		expect(await marks(session[1]!.id, enrolmentOf[1]!)).toHaveLength(1);
	});
});

describe('who can read the register', () => {
	it('a parent reads their own marks and nobody else’s', async () => {
		const own = await asRole<{ enrolment_id: string; status: string }>(
			backend,
			ids.parent(1),
			'select enrolment_id, status::text from public.attendance'
		);
		expect(own.length).toBeGreaterThan(0);
		expect(new Set(own.map((r) => r.enrolment_id))).toEqual(new Set([enrolmentOf[1]]));
		expect(own).toContainEqual({ enrolment_id: enrolmentOf[1], status: 'late' });

		const [{ n }] = (await db<{ n: number }>(
			'select count(*)::int as n from public.attendance where enrolment_id <> $1',
			[enrolmentOf[1]]
		)) as [{ n: number }];
		expect(n).toBeGreaterThan(0);

		// Parent 2's marks exist (sessions 1 and 2) but only parent 2 sees them.
		const second = await asRole<{ enrolment_id: string }>(
			backend,
			ids.parent(2),
			'select enrolment_id from public.attendance'
		);
		expect(second.map((r) => r.enrolment_id)).toEqual([enrolmentOf[2], enrolmentOf[2]]);

		expect(await asRole(backend, ids.parent(7), 'select * from public.attendance')).toEqual([]);
		expect(await asRole(backend, null, 'select * from public.attendance')).toEqual([]);
		expect(
			await asRole(
				backend,
				otherFacilitator.id,
				'select * from public.attendance where session_id = $1',
				[session[1]!.id]
			)
		).toEqual([]);
	});

	it("the group's staff read the whole register; parents cannot open the session page", async () => {
		const all = await db<{ n: number }>(
			'select count(*)::int as n from public.attendance where session_id = $1',
			[session[1]!.id]
		);
		for (const who of [ids.facilitator1, ids.facilitator2, ids.lead]) {
			const rows = await asRole(
				backend,
				who,
				'select * from public.attendance where session_id = $1',
				[session[1]!.id]
			);
			expect(rows.length, who).toBe(all[0]!.n);
		}
		expect(
			await rpcCode(await as('parent1@example.org'), 'session_page', {
				group_id: THURSDAY,
				number: 1
			})
		).toBe('42501');
		expect(
			await rpcCode(await as(otherFacilitator.email), 'session_page', {
				group_id: THURSDAY,
				number: 1
			})
		).toBe('42501');
	});
});

describe('absent twice in a row', () => {
	const absentTwice = async () =>
		(
			await ok<{ absent_twice: string[] }>(await facilitator1(), 'group_page', {
				group_id: THURSDAY
			})
		).absent_twice;

	it('flags enrolled parents whose two consecutive marked sessions were both absences', async () => {
		const f1 = await facilitator1();
		const [s1, s2, s3] = [session[1]!.id, session[2]!.id, session[3]!.id];
		const put = async (s: string, parent: number, status: string) =>
			ok(f1, 'mark_attendance', mark(status)(s, enrolmentOf[parent]!));

		expect(await absentTwice()).toEqual([]);
		// Parent 4: absent, absent.
		await put(s1, 4, 'absent');
		expect(await absentTwice()).toEqual([]);
		await put(s2, 4, 'absent');
		expect(await absentTwice()).toEqual([enrolmentOf[4]]);
		// Parent 5: absent, present, absent.
		await put(s1, 5, 'absent');
		await put(s2, 5, 'present');
		await put(s3, 5, 'absent');
		// Parent 3: absent, apologies.
		await put(s1, 3, 'absent');
		await put(s2, 3, 'apologies');
		// Parent 6: absent at 1, not marked at 2, absent at 3: two marked sessions in a row.
		await put(s1, 6, 'absent');
		await put(s3, 6, 'absent');
		// Parent 2 was absent at 1 and 2 but has left the group.

		const flagged = await absentTwice();
		expect([...flagged].sort()).toEqual([enrolmentOf[4], enrolmentOf[6]].sort());
		expect(flagged).not.toContain(enrolmentOf[5]);
		expect(flagged).not.toContain(enrolmentOf[3]);
		expect(flagged).not.toContain(enrolmentOf[2]);

		const forLead = await ok<{ absent_twice: string[] }>(await lead(), 'group_page', {
			group_id: THURSDAY
		});
		expect([...forLead.absent_twice].sort()).toEqual([...flagged].sort());
	});

	it('marking the session in between as present breaks the run', async () => {
		// Parent 6 becomes absent, present, absent.
		await ok(
			await facilitator1(),
			'mark_attendance',
			mark('present')(session[2]!.id, enrolmentOf[6]!)
		);
		expect(await absentTwice()).not.toContain(enrolmentOf[6]);
	});

	it('a parent who comes back after two absences is no longer flagged (the last two marks count)', async () => {
		// Parent 4: absent, absent, then present at session 3. The function's own comment: "Enrolled
		// parents whose last two marked sessions in a row were both absences".
		await ok(
			await facilitator1(),
			'mark_attendance',
			mark('present')(session[3]!.id, enrolmentOf[4]!)
		);
		expect(await absentTwice()).not.toContain(enrolmentOf[4]);
	});
});
