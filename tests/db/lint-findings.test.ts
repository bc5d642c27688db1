/**
 * What a review of the migrated schema found beyond the linter's warnings, each tried the way a
 * hostile client with a valid token could (SQL as its role, RLS in force), and each refused
 * since 20261201000100_lint_clean.sql. Every test here failed before that migration.
 *
 * The seed as it is: the running "Thursday evenings" group (facilitators 1 and 2, parents 1–6;
 * sessions 1–3 held and released, parent 6 absent from sessions 2 and 3) and the open "Tuesday
 * mornings" group (parents 7–12), whose sessions are still to come.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { createAccount } from './groups-fixtures';
import { asRole, ids, sqlError, startBackend } from './harness';

const THURSDAY = '00000000-0000-4000-8000-000000001002';
const TUESDAY = '00000000-0000-4000-8000-000000001001';

let backend: EmbeddedBackend;
/** A facilitator of none of the seed's groups. */
let outsider = '';
const sessionOf: Record<string, Record<number, string>> = { [THURSDAY]: {}, [TUESDAY]: {} };

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

beforeAll(async () => {
	backend = await startBackend();
	outsider = (await createAccount(backend, 'facilitator')).id;
	for (const r of await db<{ id: string; group_id: string; number: number }>(
		'select id, group_id, number from public.sessions where group_id in ($1, $2)',
		[THURSDAY, TUESDAY]
	)) {
		sessionOf[r.group_id]![r.number] = r.id;
	}
});
afterAll(() => backend.close());

describe('sequences', () => {
	const sequences = ['public.audit_log_id_seq', 'public.notifications_id_seq'];

	it('setval, nextval and reading a sequence are refused for anon and signed-in people (42501)', async () => {
		for (const who of [null, ids.parent(1), ids.facilitator1, ids.lead]) {
			for (const seq of sequences) {
				const label = `${who ?? 'anon'} on ${seq}`;
				expect(await sqlError(backend, who, `select setval('${seq}', 1)`), label).toBe('42501');
				expect(await sqlError(backend, who, `select nextval('${seq}')`), label).toBe('42501');
				expect(await sqlError(backend, who, `select last_value from ${seq}`), label).toBe('42501');
			}
		}
	});

	it('audited writes go on working after those attempts', async () => {
		const count = async () =>
			(await db<{ n: number }>('select count(*)::int as n from public.audit_log'))[0]!.n;
		const before = await count();
		const renamed = await asRole(
			backend,
			ids.parent(1),
			"update public.profiles set full_name = 'Margaret Doyle' where id = $1 returning id",
			[ids.parent(1)]
		);
		expect(renamed).toHaveLength(1);
		expect(await count()).toBe(before + 1);
	});
});

describe('columns a direct insert cannot forge', () => {
	it("a facilitator's direct insert into concerns cannot set review_note or reviewed_at (42501)", async () => {
		const count = async () =>
			(await db<{ n: number }>('select count(*)::int as n from public.concerns'))[0]!.n;
		const before = await count();
		for (const [column, value] of [
			['review_note', 'Nothing to worry about'],
			['reviewed_at', new Date().toISOString()]
		] as const) {
			expect(
				await sqlError(
					backend,
					ids.facilitator1,
					`insert into public.concerns (group_id, kind, urgency, description, ${column})
					 values ($1, 'wellbeing', 'low', 'Direct', $2)`,
					[THURSDAY, value]
				),
				column
			).toBe('42501');
		}
		expect(await count()).toBe(before);
		// The same concern without them is the facilitator's to raise.
		await asRole(
			backend,
			ids.facilitator1,
			"insert into public.concerns (group_id, kind, urgency, description) values ($1, 'wellbeing', 'low', 'Direct')",
			[THURSDAY]
		);
		expect(
			await db("select review_note, reviewed_at from public.concerns where description = 'Direct'")
		).toEqual([{ review_note: null, reviewed_at: null }]);
	});

	it('a direct insert into invitations cannot set created_at or accepted_at (42501)', async () => {
		for (const [column, value] of [
			['created_at', '2000-01-01'],
			['accepted_at', new Date().toISOString()]
		] as const) {
			expect(
				await sqlError(
					backend,
					ids.lead,
					`insert into public.invitations (email, full_name, role, invited_by, ${column})
					 values ('forged@example.org', 'Forged', 'parent', $1, $2)`,
					[ids.lead, value]
				),
				column
			).toBe('42501');
		}
		expect(await db("select 1 from public.invitations where email = 'forged@example.org'")).toEqual(
			[]
		);
		// Without them the lead's insert is allowed (the policy), dated now and not accepted.
		await asRole(
			backend,
			ids.lead,
			`insert into public.invitations (email, full_name, role, invited_by)
			 values ('forged@example.org', 'Forged', 'parent', $1)`,
			[ids.lead]
		);
		const [row] = await db<{ recent: boolean; accepted_at: Date | null }>(
			`select created_at > now() - interval '1 minute' as recent, accepted_at
			   from public.invitations where email = 'forged@example.org'`
		);
		expect(row).toEqual({ recent: true, accepted_at: null });
	});
});

describe('private helpers tell a client only what it may see', () => {
	it('a parent cannot read unreleased slides through a forged session row', async () => {
		// Session 5 of their own group is not released; pretend it is.
		const forged = `select private.parent_session(
		    jsonb_populate_record(null::public.sessions, to_jsonb(s) || '{"released_at": "2020-01-01T00:00:00Z"}'))
		  as p from public.sessions s where s.id = $1`;
		const code = await sqlError(backend, ids.parent(1), forged, [sessionOf[THURSDAY]![5]]);
		// No helper takes a session row any more: the call does not resolve.
		expect(code).toBe('42883');
	});

	it("a parent cannot read slides through another group's session id, released or not", async () => {
		await db('update public.sessions set released_at = now() where id = $1', [
			sessionOf[TUESDAY]![1]
		]);
		for (const session of [sessionOf[TUESDAY]![1], sessionOf[TUESDAY]![2]]) {
			const [row] = await asRole<{ p: unknown }>(
				backend,
				ids.parent(1),
				'select private.parent_session($1) as p',
				[session]
			);
			expect(row!.p).toBeNull();
		}
		// Positive controls: their own group's released session has slides, an unreleased one not.
		const [released] = await asRole<{ p: { content: { slides: string[] } | null } }>(
			backend,
			ids.parent(1),
			'select private.parent_session($1) as p',
			[sessionOf[THURSDAY]![1]]
		);
		expect(released!.p.content?.slides.length).toBeGreaterThan(0);
		const [unreleased] = await asRole<{ p: { content: unknown; title: string } }>(
			backend,
			ids.parent(1),
			'select private.parent_session($1) as p',
			[sessionOf[THURSDAY]![5]]
		);
		expect(unreleased!.p.title).toBeTruthy();
		expect(unreleased!.p.content).toBeNull();
	});

	it('no other helper a client may call reads the curriculum (where the slides are)', async () => {
		const readers = await db<{ fn: string }>(
			`select p.oid::regprocedure::text as fn
			   from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			  where n.nspname = 'private' and p.prosrc like '%curriculum_sessions%'
			    and has_function_privilege('authenticated', p.oid, 'EXECUTE')
			  order by 1`
		);
		expect(readers.map((r) => r.fn)).toEqual(['private.parent_session(uuid)']);
	});

	it('invitation_for and email_is_registered are not executable by signed-in people (42501)', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1)]) {
			expect(
				await sqlError(backend, who, "select * from private.invitation_for('parent7@example.org')"),
				who
			).toBe('42501');
			expect(
				await sqlError(backend, who, "select private.email_is_registered('parent7@example.org')"),
				who
			).toBe('42501');
		}
		// invite_person (security definer) still uses them: a repeat re-sends the same invitation.
		const invite = `select public.invite_person('kin.carer@example.org', 'Kin Carer', 'parent') as r`;
		const [first] = await asRole<{ r: { id: string } }>(backend, ids.facilitator1, invite);
		const [again] = await asRole<{ r: { id: string } }>(backend, ids.facilitator1, invite);
		expect(again!.r.id).toBe(first!.r.id);
		expect(await sqlError(backend, ids.facilitator2, invite)).toBe('P0001');
	});

	it('group_phase and session_group say nothing about a group the caller cannot see', async () => {
		const ask = (who: string) =>
			asRole<{ phase: string | null; group_id: string | null }>(
				backend,
				who,
				'select private.group_phase($1) as phase, private.session_group($2) as group_id',
				[TUESDAY, sessionOf[TUESDAY]![1]]
			);
		for (const who of [ids.parent(1), outsider]) {
			expect(await ask(who), who).toEqual([{ phase: null, group_id: null }]);
		}
		// The group's own families and the lead do get answers.
		expect(await ask(ids.parent(7))).toEqual([{ phase: 'open', group_id: TUESDAY }]);
		expect(await ask(ids.lead)).toEqual([{ phase: 'open', group_id: TUESDAY }]);
	});

	it("absent_twice tells only the group's staff who missed two sessions", async () => {
		const ask = async (who: string) =>
			(
				await asRole<{ flagged: string[] }>(
					backend,
					who,
					'select private.absent_twice($1) as flagged',
					[THURSDAY]
				)
			)[0]!.flagged;
		expect(await ask(ids.facilitator1)).toHaveLength(1);
		expect(await ask(ids.lead)).toHaveLength(1);
		for (const who of [ids.parent(1), ids.parent(6), ids.parent(7), outsider]) {
			expect(await ask(who), who).toEqual([]);
		}
	});

	it("waitlist_position answers only the parent on the waitlist and the group's staff", async () => {
		// Parent 1 joins the waitlist of the Tuesday group (as the database owner, for the test).
		const [spot] = await db<{ id: string }>(
			`insert into public.enrolments (group_id, parent_id, status, waitlisted_at)
			 values ($1, $2, 'waitlisted', now()) returning id`,
			[TUESDAY, ids.parent(1)]
		);
		const ask = async (who: string) =>
			(
				await asRole<{ position: number | null }>(
					backend,
					who,
					'select private.waitlist_position($1) as position',
					[spot!.id]
				)
			)[0]!.position;
		expect(await ask(ids.parent(1))).toBe(1);
		expect(await ask(ids.lead)).toBe(1);
		expect(await ask(ids.facilitator1)).toBe(1);
		for (const who of [ids.parent(7), outsider]) {
			expect(await ask(who), who).toBeNull();
		}
	});
});
