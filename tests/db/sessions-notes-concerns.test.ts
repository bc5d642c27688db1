/**
 * Session notes (one shared write-up per session, staff only) and concerns about families
 * (raised by a group's staff, seen by them and the clinical lead, emailed to every clinical lead
 * without details, never seen by parents, never changed by clients).
 *
 * The seed's running "Thursday evenings" group (facilitators 1 and 2, parents 1–6), and another
 * group run by two facilitators made here.
 */
import { randomUUID } from 'node:crypto';
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
	type Account
} from './groups-fixtures';

const THURSDAY = '00000000-0000-4000-8000-000000001002';
const TUESDAY = '00000000-0000-4000-8000-000000001001';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const facilitator2 = () => as('facilitator2@example.org');
const parent1 = () => as('parent1@example.org');

/** Thursday's live session ids by number. */
const session: Record<number, string> = {};
/** Enrolment ids by demo parent number. */
const enrolmentOf: Record<number, string> = {};
/** A facilitator of another group, and that group (with one enrolled parent). */
let other: Account;
let otherGroup: string;
let otherSession1: string;
let otherEnrolment: string;
/** A second clinical lead. */
let secondLead: string;

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}
async function notesRow(sessionId: string) {
	return db<{
		covered: string;
		how_it_went: string;
		reflection: string;
		written_by: string | null;
		updated_at: Date;
	}>('select * from public.session_notes where session_id = $1', [sessionId]);
}

/** A clinical lead account, as superuser (there is no way to invite one). */
async function createLead(): Promise<string> {
	const id = randomUUID();
	const email = `lead.${id.slice(0, 6)}@example.org`;
	await db(
		`insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
		   email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
		   confirmation_token, recovery_token)
		 values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2, '',
		   now(), '{"provider":"email","providers":["email"]}', '{}', now(), now(), '', '')`,
		[id, email]
	);
	await db(
		"insert into public.profiles (id, email, full_name, role) values ($1, $2, 'Second Lead', 'clinical_lead')",
		[id, email]
	);
	return id;
}

beforeAll(async () => {
	backend = await startBackend();
	await clearRunningGroupHistory(backend);
	for (const r of await db<{ id: string; number: number }>(
		"select id, number from public.sessions where group_id = $1 and status <> 'cancelled'",
		[THURSDAY]
	))
		session[r.number] = r.id;
	for (const r of await db<{ id: string; parent_id: string }>(
		'select id, parent_id from public.enrolments where group_id in ($1, $2)',
		[THURSDAY, TUESDAY]
	))
		enrolmentOf[Number(r.parent_id.slice(-2))] = r.id;

	other = await createAccount(backend, 'facilitator', { password: true });
	const partner = await createAccount(backend, 'facilitator');
	otherGroup = await createGroup(await lead(), { facilitator_ids: [other.id, partner.id] });
	const [p] = await createParents(backend, 1);
	otherEnrolment = (
		await ok<{ id: string }>(await as(other.email), 'enrol_parent', {
			group_id: otherGroup,
			email: p!.email
		})
	).id;
	otherSession1 = (
		await db<{ id: string }>('select id from public.sessions where group_id = $1 and number = 1', [
			otherGroup
		])
	)[0]!.id;
	secondLead = await createLead();
});
afterAll(() => backend.close());

describe('session notes', () => {
	it('staff write the notes, and writing again overwrites the one shared row', async () => {
		const s = session[1]!;
		expect(
			await ok(await facilitator1(), 'save_session_notes', {
				session_id: s,
				covered: 'Group agreement; parent maps',
				how_it_went: 'Quiet start, warmed up',
				reflection: 'Give more time to introductions'
			})
		).toEqual({ session_id: s });
		let rows = await notesRow(s);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			covered: 'Group agreement; parent maps',
			how_it_went: 'Quiet start, warmed up',
			reflection: 'Give more time to introductions',
			written_by: ids.facilitator1
		});
		const first = rows[0]!.updated_at;

		await ok(await facilitator2(), 'save_session_notes', {
			session_id: s,
			covered: 'Parent maps',
			how_it_went: 'Lively',
			reflection: null
		});
		rows = await notesRow(s);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({
			covered: 'Parent maps',
			how_it_went: 'Lively',
			reflection: '',
			written_by: ids.facilitator2
		});
		expect(rows[0]!.updated_at.getTime()).toBeGreaterThanOrEqual(first.getTime());

		const page = await ok<{ notes: Record<string, unknown> | null }>(await lead(), 'session_page', {
			group_id: THURSDAY,
			number: 1
		});
		expect(page.notes).toMatchObject({
			covered: 'Parent maps',
			how_it_went: 'Lively',
			reflection: ''
		});
		const empty = await ok<{ notes: unknown }>(await facilitator1(), 'session_page', {
			group_id: THURSDAY,
			number: 2
		});
		expect(empty.notes).toBeNull();
	});

	it('refuses notes longer than 5000 characters', async () => {
		expect(
			await rpcCode(await facilitator1(), 'save_session_notes', {
				session_id: session[1]!,
				covered: 'x'.repeat(5001),
				how_it_went: '',
				reflection: ''
			})
		).toBe('23514');
		expect((await notesRow(session[1]!))[0]!.covered).toBe('Parent maps');
	});

	it('the lead can write them too', async () => {
		await ok(await lead(), 'save_session_notes', {
			session_id: session[2]!,
			covered: 'Self-care',
			how_it_went: 'Good',
			reflection: ''
		});
		expect((await notesRow(session[2]!))[0]).toMatchObject({
			covered: 'Self-care',
			written_by: ids.lead
		});
	});

	it("another group's facilitator can neither read nor write them", async () => {
		const o = await as(other.email);
		expect(await asRole(backend, other.id, 'select * from public.session_notes')).toEqual([]);
		expect(
			await rpcCode(o, 'save_session_notes', {
				session_id: session[1]!,
				covered: 'Overwritten',
				how_it_went: '',
				reflection: ''
			})
		).toBe('42501');
		expect(
			await rpcCode(o, 'save_session_notes', {
				session_id: session[3]!,
				covered: 'New',
				how_it_went: '',
				reflection: ''
			})
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				other.id,
				"insert into public.session_notes (session_id, covered) values ($1, 'Planted')",
				[session[3]!]
			)
		).toBe('42501');
		await asRole(backend, other.id, "update public.session_notes set covered = 'Overwritten'");
		expect(await rpcCode(o, 'session_page', { group_id: THURSDAY, number: 1 })).toBe('42501');

		expect((await notesRow(session[1]!))[0]!.covered).toBe('Parent maps');
		expect(await notesRow(session[3]!)).toEqual([]);
		// Positive control: the group's own staff do read them.
		expect(
			await asRole(backend, ids.facilitator1, 'select * from public.session_notes')
		).toHaveLength(2);
		expect(await asRole(backend, ids.lead, 'select * from public.session_notes')).toHaveLength(2);
	});

	it('parents never read them, not even parents in the group', async () => {
		for (const who of [ids.parent(1), ids.parent(6), ids.parent(7), null]) {
			expect(await asRole(backend, who, 'select * from public.session_notes'), String(who)).toEqual(
				[]
			);
		}
		const p1 = await parent1();
		expect(await rpcCode(p1, 'session_page', { group_id: THURSDAY, number: 1 })).toBe('42501');
		expect(
			await rpcCode(p1, 'save_session_notes', {
				session_id: session[1]!,
				covered: 'Mine',
				how_it_went: '',
				reflection: ''
			})
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				ids.parent(1),
				"insert into public.session_notes (session_id, covered) values ($1, 'Mine')",
				[session[4]!]
			)
		).toBe('42501');
		expect(
			await rpcCode(anonClient(backend), 'session_page', { group_id: THURSDAY, number: 1 })
		).not.toBeNull();
	});

	it('staff writing the table directly cannot forge who wrote them or when', async () => {
		// Clients may not write the stamps (column grants: 42501, nothing stored) ...
		expect(
			await sqlError(
				backend,
				ids.facilitator2,
				`insert into public.session_notes (session_id, covered, written_by, updated_at)
				 values ($1, 'Direct', $2, '2000-01-01')`,
				[session[3]!, ids.lead]
			)
		).toBe('42501');
		expect(await notesRow(session[3]!)).toEqual([]);
		// ... and, as attendance (marked_by) and concerns (raised_by), a trigger stamps them.
		await asRole(
			backend,
			ids.facilitator2,
			"insert into public.session_notes (session_id, covered) values ($1, 'Direct')",
			[session[3]!]
		);
		const [row] = await notesRow(session[3]!);
		expect(row!.written_by).toBe(ids.facilitator2);
		expect(row!.updated_at.getFullYear()).toBeGreaterThan(2000);
	});

	it('nobody deletes notes', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1)]) {
			expect(await sqlError(backend, who, 'delete from public.session_notes'), who).toBe('42501');
		}
		expect(await notesRow(session[1]!)).toHaveLength(1);
	});
});

describe('concerns', () => {
	const description = '  Child said something worrying at pick-up: CONFIDENTIAL-DETAIL-7731  ';
	let concernId: string;

	it('raising one stores it and queues one email per clinical lead, without the description', async () => {
		const leads = await db<{ id: string }>(
			"select id from public.profiles where role = 'clinical_lead' order by id"
		);
		expect(leads.map((l) => l.id).sort()).toEqual([ids.lead, secondLead].sort());

		const raised = await ok<{ id: string }>(await facilitator1(), 'raise_concern', {
			group_id: THURSDAY,
			enrolment_id: enrolmentOf[1],
			session_id: session[2],
			kind: 'safeguarding',
			urgency: 'high',
			description
		});
		concernId = raised.id;

		const [row] = await db<Record<string, unknown>>('select * from public.concerns where id = $1', [
			concernId
		]);
		expect(row).toMatchObject({
			group_id: THURSDAY,
			enrolment_id: enrolmentOf[1],
			session_id: session[2],
			kind: 'safeguarding',
			urgency: 'high',
			description: description.trim(),
			raised_by: ids.facilitator1,
			reviewed_at: null,
			reviewed_by: null
		});

		const sent = await db<{ to_profile: string; payload: Record<string, unknown> }>(
			"select to_profile, payload from public.notifications where kind = 'concern_raised' order by id"
		);
		expect(sent.map((n) => n.to_profile).sort()).toEqual([ids.lead, secondLead].sort());
		for (const n of sent) {
			expect(n.payload).toMatchObject({
				concern_id: concernId,
				group_id: THURSDAY,
				kind: 'safeguarding',
				urgency: 'high'
			});
			const text = JSON.stringify(n.payload);
			expect(text).not.toContain('CONFIDENTIAL-DETAIL-7731');
			expect(text).not.toContain('worrying');
			expect(text).not.toContain('Margaret Doyle');
		}
	});

	it('shows on the session page and the group page of its staff', async () => {
		const page = await ok<{ concerns: Record<string, unknown>[] }>(
			await facilitator2(),
			'session_page',
			{ group_id: THURSDAY, number: 2 }
		);
		expect(page.concerns).toHaveLength(1);
		expect(page.concerns[0]).toMatchObject({
			id: concernId,
			kind: 'safeguarding',
			urgency: 'high',
			description: description.trim(),
			family: 'Margaret Doyle',
			raised_by: 'Priya Shah'
		});
		const group = await ok<{ open_concerns: number }>(await facilitator2(), 'group_page', {
			group_id: THURSDAY
		});
		expect(group.open_concerns).toBe(1);
	});

	it("a concern the lead raised at a session shows the lead's name to its facilitators, and no one else's staff gets the page", async () => {
		// session_page reads as its owner once the caller is the group's staff, so a facilitator
		// sees who raised it even though they may not read the lead's profile directly.
		const raised = await ok<{ id: string }>(await lead(), 'raise_concern', {
			group_id: THURSDAY,
			enrolment_id: enrolmentOf[2],
			session_id: session[3],
			kind: 'wellbeing',
			urgency: 'low',
			description: 'Raised by the lead at session 3'
		});
		const page = await ok<{ concerns: Record<string, unknown>[] }>(
			await facilitator1(),
			'session_page',
			{ group_id: THURSDAY, number: 3 }
		);
		expect(page.concerns.find((c) => c.id === raised.id)).toMatchObject({
			raised_by: 'Helen Marsh'
		});
		expect(
			await asRole(backend, ids.facilitator1, 'select id from public.profiles where id = $1', [
				ids.lead
			])
		).toEqual([]);
		expect(
			await rpcCode(await as(other.email), 'session_page', { group_id: THURSDAY, number: 3 })
		).toBe('42501');
		expect(await rpcCode(await parent1(), 'session_page', { group_id: THURSDAY, number: 3 })).toBe(
			'42501'
		);
		// Gone again, with its emails, so the counts below are of their own concerns.
		await backend.db.query(
			"delete from public.notifications where kind = 'concern_raised' and payload ->> 'concern_id' = $1",
			[raised.id]
		);
		await backend.db.query('delete from public.concerns where id = $1', [raised.id]);
	});

	it('a concern about the whole group (no family, no session) is fine too', async () => {
		await ok(await lead(), 'raise_concern', {
			group_id: THURSDAY,
			enrolment_id: null,
			session_id: null,
			kind: 'wellbeing',
			urgency: 'low',
			description: 'The group seemed low this week'
		});
		const [{ n }] = (await db<{ n: number }>(
			"select count(*)::int as n from public.notifications where kind = 'concern_raised'"
		)) as [{ n: number }];
		expect(n).toBe(4);
	});

	it('the family and the session must be in the group', async () => {
		const f1 = await facilitator1();
		const base = {
			group_id: THURSDAY,
			enrolment_id: null,
			session_id: null,
			kind: 'wellbeing',
			urgency: 'medium',
			description: 'Not in this group'
		};
		const wrongFamily = await rpc(f1, 'raise_concern', { ...base, enrolment_id: enrolmentOf[7] });
		expect(wrongFamily.error?.code).toBe('P0001');
		expect(wrongFamily.error?.hint).toBe('enrolment_id');
		expect(await rpcCode(f1, 'raise_concern', { ...base, enrolment_id: otherEnrolment })).toBe(
			'P0001'
		);
		expect(await rpcCode(f1, 'raise_concern', { ...base, session_id: otherSession1 })).toBe(
			'P0001'
		);
		expect(await rpcCode(f1, 'raise_concern', { ...base, description: '   ' })).toBe('23514');
		expect(await rpcCode(f1, 'raise_concern', { ...base, urgency: 'urgent' })).toBe('22P02');
		expect(await rpcCode(f1, 'raise_concern', { ...base, kind: 'gossip' })).toBe('22P02');
		const [{ n }] = (await db<{ n: number }>('select count(*)::int as n from public.concerns')) as [
			{ n: number }
		];
		expect(n).toBe(2);
	});

	it("only the group's staff can raise one", async () => {
		const args = {
			group_id: THURSDAY,
			enrolment_id: enrolmentOf[2],
			session_id: null,
			kind: 'wellbeing',
			urgency: 'low',
			description: 'From the wrong person'
		};
		expect(await rpcCode(await as(other.email), 'raise_concern', args)).toBe('42501');
		expect(await rpcCode(await parent1(), 'raise_concern', args)).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'raise_concern', args)).not.toBeNull();
		expect(
			await sqlError(
				backend,
				other.id,
				"insert into public.concerns (group_id, kind, urgency, description) values ($1, 'wellbeing', 'low', 'x')",
				[THURSDAY]
			)
		).toBe('42501');
		expect(
			await sqlError(
				backend,
				ids.parent(1),
				"insert into public.concerns (group_id, kind, urgency, description) values ($1, 'wellbeing', 'low', 'x')",
				[THURSDAY]
			)
		).toBe('42501');
		const [{ n }] = (await db<{ n: number }>('select count(*)::int as n from public.concerns')) as [
			{ n: number }
		];
		expect(n).toBe(2);
	});

	it('staff writing the table directly cannot forge who raised it or mark it reviewed', async () => {
		// Clients may not write who raised it or its review (column grants: 42501, nothing stored).
		const before = await db('select id from public.concerns');
		const forged: [string, string][] = [
			['raised_by', ids.lead],
			['raised_at', '2000-01-01'],
			['reviewed_at', new Date().toISOString()],
			['reviewed_by', ids.lead],
			['review_note', 'fine']
		];
		for (const [column, value] of forged) {
			expect(
				await sqlError(
					backend,
					ids.facilitator2,
					`insert into public.concerns (group_id, kind, urgency, description, ${column})
					 values ($1, 'wellbeing', 'medium', 'Direct insert', $2)`,
					[THURSDAY, value]
				),
				column
			).toBe('42501');
		}
		expect(await db('select id from public.concerns')).toEqual(before);
		// What they may write is stamped by the trigger.
		const [row] = await asRole<{ id: string }>(
			backend,
			ids.facilitator2,
			`insert into public.concerns (group_id, kind, urgency, description)
			 values ($1, 'wellbeing', 'medium', 'Direct insert')
			 returning id`,
			[THURSDAY]
		);
		const [stored] = await db<Record<string, unknown>>(
			'select * from public.concerns where id = $1',
			[row!.id]
		);
		expect(stored).toMatchObject({
			raised_by: ids.facilitator2,
			reviewed_at: null,
			reviewed_by: null
		});
		expect((stored!.raised_at as Date).getFullYear()).toBeGreaterThan(2000);
	});

	it("the group's facilitators and the lead see them; nobody else, not even the family", async () => {
		const seen = async (who: string | null) =>
			(await asRole<{ id: string }>(backend, who, 'select id from public.concerns')).map(
				(r) => r.id
			);
		for (const who of [ids.facilitator1, ids.facilitator2, ids.lead, secondLead]) {
			expect(await seen(who), who).toContain(concernId);
			expect((await seen(who)).length, who).toBe(3);
		}
		for (const who of [other.id, ids.parent(1), ids.parent(2), ids.parent(7), null]) {
			expect(await seen(who), String(who)).toEqual([]);
		}
		expect(
			await rpcCode(await as(other.email), 'session_page', { group_id: THURSDAY, number: 2 })
		).toBe('42501');
		expect(await rpcCode(await as(other.email), 'group_page', { group_id: THURSDAY })).toBe(
			'42501'
		);
		expect(await rpcCode(await parent1(), 'group_page', { group_id: THURSDAY })).toBe('42501');
		// Nor does anyone read the outbox.
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1)]) {
			expect(await sqlError(backend, who, 'select * from public.notifications'), who).toBe('42501');
		}
	});

	it("the lead's open concerns list them with their details", async () => {
		const { concerns: open } = await ok<{ concerns: Record<string, unknown>[] }>(
			await lead(),
			'open_concerns'
		);
		expect(open).toHaveLength(3);
		// Most urgent first.
		expect(open[0]).toMatchObject({
			id: concernId,
			group_id: THURSDAY,
			group_name: 'Thursday evenings',
			kind: 'safeguarding',
			urgency: 'high',
			description: description.trim(),
			family: 'Margaret Doyle',
			raised_by: 'Priya Shah',
			session_number: 2
		});
		expect(open.map((c) => c.urgency)).toEqual(['high', 'medium', 'low']);
		expect(open[2]).toMatchObject({ family: null, session_number: null });
		expect(await rpcCode(await facilitator1(), 'open_concerns')).toBe('42501');
		expect(await rpcCode(await parent1(), 'open_concerns')).toBe('42501');
	});

	it('clients cannot update or delete a concern, not even the lead', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1), other.id]) {
			expect(
				await sqlError(
					backend,
					who,
					'update public.concerns set reviewed_at = now(), reviewed_by = $1',
					[ids.lead]
				),
				who
			).toBe('42501');
			expect(
				await sqlError(backend, who, "update public.concerns set description = 'Edited'"),
				who
			).toBe('42501');
			expect(await sqlError(backend, who, 'delete from public.concerns'), who).toBe('42501');
		}
		const [row] = await db<{ description: string; reviewed_at: Date | null }>(
			'select description, reviewed_at from public.concerns where id = $1',
			[concernId]
		);
		expect(row).toEqual({ description: description.trim(), reviewed_at: null });
	});

	it('a reviewed concern is no longer open', async () => {
		await db(
			"update public.concerns set reviewed_at = now(), reviewed_by = $1 where urgency = 'low'",
			[ids.lead]
		);
		const { concerns: open } = await ok<{ concerns: { id: string }[] }>(
			await lead(),
			'open_concerns'
		);
		expect(open).toHaveLength(2);
		expect(open[0]!.id).toBe(concernId);
		const group = await ok<{ open_concerns: number }>(await facilitator1(), 'group_page', {
			group_id: THURSDAY
		});
		expect(group.open_concerns).toBe(2);
	});
});
