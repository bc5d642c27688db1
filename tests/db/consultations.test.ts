/**
 * Consultations on a group (93_consultations.sql): the lead names a consultant (a facilitator
 * account not running the group); the lead or that consultant records consultations (date,
 * sessions reviewed, moments, themes, actions); whoever recorded one, or the lead, changes or
 * deletes it; the group's facilitators, its consultant and the lead read them, and nobody else.
 *
 * The seed's running "Thursday evenings" group (facilitators 1 and 2, parents 1–6; sessions 1–3
 * held, 4–8 weekly after) with the lead's consultation on sessions 1 and 2, and groups made here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { VIEWS } from '../../src/lib/server/rpc/views';
import { anonClient, asRole, ids, startBackend, type Client } from './harness';
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
const TUESDAY = '00000000-0000-4000-8000-000000001001';
const NO_GROUP = '00000000-0000-4000-8000-00000000dead';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const facilitator2 = () => as('facilitator2@example.org');
const parent1 = () => as('parent1@example.org'); // a place in Thursday evenings
const trainee = () => as('trainee1@example.org');
const trainingAdmin = () => as('training@example.org');

/** The consultant named for Thursday evenings, and a facilitator of none of its business. */
let consultant: Account;
let outsider: Account;
const consultantClient = () => as(consultant.email);
const outsiderClient = () => as(outsider.email);
let anon: Client;

/** London dates: today, and Thursday's session days by number. */
let today = '';
const dayOf: Record<number, string> = {};

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

function shift(iso: string, days: number): string {
	const d = new Date(`${iso}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** A valid consultation on Thursday evenings, with overrides. */
function consultation(overrides: Record<string, unknown> = {}) {
	return {
		group_id: THURSDAY,
		held_on: today,
		sessions_reviewed: [2, 1, 2],
		moments: 'The opening round of session 2.',
		themes: '  Grief alongside anger about contact.  ',
		actions: '',
		...overrides
	};
}

async function row(id: string) {
	return (
		await db<{
			consultant_id: string;
			recorded_by: string;
			sessions_reviewed: number[];
			themes: string;
			held_on: string;
		}>(
			"select consultant_id, recorded_by, sessions_reviewed, themes, to_char(held_on, 'YYYY-MM-DD') as held_on from public.group_consultations where id = $1",
			[id]
		)
	)[0];
}

/** The consultations (or consultant rows) `who` can read of a group by SQL, RLS in force. */
async function readable(who: string | null, table: string, groupId = THURSDAY) {
	try {
		return (
			await asRole<{ n: number }>(
				backend,
				who,
				`select count(*)::int as n from public.${table} where group_id = $1`,
				[groupId]
			)
		)[0]!.n;
	} catch (e) {
		return (e as { code?: string }).code ?? 'error';
	}
}

beforeAll(async () => {
	backend = await startBackend();
	anon = anonClient(backend);
	consultant = await createAccount(backend, 'facilitator', {
		full_name: 'Nadia Consultant',
		password: true
	});
	outsider = await createAccount(backend, 'facilitator', {
		full_name: 'Oscar Outsider',
		password: true
	});
	today = (
		await db<{ d: string }>("select to_char(now() at time zone 'Europe/London', 'YYYY-MM-DD') as d")
	)[0]!.d;
	for (const r of await db<{ number: number; d: string }>(
		`select number, to_char(starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as d
		   from public.sessions where group_id = $1 and status <> 'cancelled'`,
		[THURSDAY]
	)) {
		dayOf[r.number] = r.d;
	}
	await ok(await lead(), 'name_group_consultant', {
		group_id: THURSDAY,
		consultant_id: consultant.id
	});
}, 60_000);
afterAll(() => backend?.close());

describe('naming the consultant', () => {
	it('only the lead names or removes a consultant (42501 for everyone else)', async () => {
		const args = { group_id: TUESDAY, consultant_id: outsider.id };
		for (const [who, client] of [
			['facilitator of the group', await facilitator1()],
			['consultant', await consultantClient()],
			['other facilitator', await outsiderClient()],
			['parent', await parent1()],
			['trainee', await trainee()],
			['training admin', await trainingAdmin()],
			['anon', anon]
		] as const) {
			expect(await rpcCode(client, 'name_group_consultant', args), who).toBe('42501');
			expect(await rpcCode(client, 'remove_group_consultant', { group_id: THURSDAY }), who).toBe(
				'42501'
			);
		}
		expect(
			await db('select 1 from public.group_consultants where group_id = $1', [TUESDAY])
		).toEqual([]);
		expect(
			await db('select consultant_id from public.group_consultants where group_id = $1', [THURSDAY])
		).toEqual([{ consultant_id: consultant.id }]);
	});

	it('the consultant is a facilitator account that does not run the group', async () => {
		const l = await lead();
		for (const [label, consultant_id] of [
			['runs the group', ids.facilitator2],
			['the lead', ids.lead],
			['a parent', ids.parent(1)],
			['nobody', null]
		] as const) {
			const r = await rpc(l, 'name_group_consultant', { group_id: TUESDAY, consultant_id });
			expect(r.error, label).toMatchObject({ code: 'P0001', hint: 'consultant_id' });
		}
		const runs = await rpc(l, 'name_group_consultant', {
			group_id: TUESDAY,
			consultant_id: ids.facilitator1
		});
		expect(runs.error?.message).toContain('Priya Shah runs this group');
		expect(
			await rpcCode(l, 'name_group_consultant', { group_id: NO_GROUP, consultant_id: outsider.id })
		).toBe('P0002');
	});

	it('naming another replaces the consultant; removing leaves none; a cancelled group has none', async () => {
		const l = await lead();
		const g = await createGroup(l);
		await ok(l, 'name_group_consultant', { group_id: g, consultant_id: outsider.id });
		await ok(l, 'name_group_consultant', { group_id: g, consultant_id: consultant.id });
		expect(
			await db('select consultant_id, named_by from public.group_consultants where group_id = $1', [
				g
			])
		).toEqual([{ consultant_id: consultant.id, named_by: ids.lead }]);
		expect(await ok(l, 'remove_group_consultant', { group_id: g })).toMatchObject({
			removed: true
		});
		expect(await db('select 1 from public.group_consultants where group_id = $1', [g])).toEqual([]);
		await ok(l, 'cancel_group', { group_id: g, reason: 'Too few families' });
		const r = await rpc(l, 'name_group_consultant', { group_id: g, consultant_id: outsider.id });
		expect(r.error?.code).toBe('P0001');
	});
});

describe('recording a consultation', () => {
	it('the lead records one: sessions once each in order, text trimmed, the lead as consultant', async () => {
		const { id } = await ok<{ id: string }>(await lead(), 'record_consultation', consultation());
		expect(await row(id)).toEqual({
			consultant_id: ids.lead,
			recorded_by: ids.lead,
			sessions_reviewed: [1, 2],
			themes: 'Grief alongside anger about contact.',
			held_on: today
		});
	});

	it('the named consultant records one as themselves', async () => {
		const { id } = await ok<{ id: string }>(
			await consultantClient(),
			'record_consultation',
			consultation({ sessions_reviewed: [3] })
		);
		expect(await row(id)).toMatchObject({
			consultant_id: consultant.id,
			recorded_by: consultant.id,
			sessions_reviewed: [3]
		});
	});

	it("nobody else records one: the group's facilitators only read (42501)", async () => {
		const before = await db('select id from public.group_consultations');
		for (const [who, client] of [
			['facilitator of the group', await facilitator1()],
			['the other facilitator of the group', await facilitator2()],
			['other facilitator', await outsiderClient()],
			['parent', await parent1()],
			['trainee', await trainee()],
			['training admin', await trainingAdmin()],
			['anon', anon]
		] as const) {
			expect(await rpcCode(client, 'record_consultation', consultation()), who).toBe('42501');
		}
		// The consultant of one group is nobody on another.
		expect(
			await rpcCode(
				await consultantClient(),
				'record_consultation',
				consultation({ group_id: TUESDAY, sessions_reviewed: [] })
			)
		).toBe('42501');
		expect(await db('select id from public.group_consultations')).toEqual(before);
	});

	it('refuses a date in the future or over 30 days before the first session (held_on)', async () => {
		const l = await lead();
		for (const held_on of [shift(today, 1), shift(dayOf[1]!, -31)]) {
			const r = await rpc(l, 'record_consultation', consultation({ held_on }));
			expect(r.error, held_on).toMatchObject({ code: 'P0001', hint: 'held_on' });
		}
		// Thirty days before the first session is fine (preparing the group).
		expect(
			(
				await rpc(
					l,
					'record_consultation',
					consultation({ held_on: shift(dayOf[1]!, -30), sessions_reviewed: [] })
				)
			).error
		).toBeNull();
	});

	it('refuses sessions the group does not have, has not held yet, or held after the date', async () => {
		const l = await lead();
		for (const [label, overrides] of [
			['no session 9', { sessions_reviewed: [1, 9] }],
			['no session 0', { sessions_reviewed: [0] }],
			['session 8 is weeks away', { sessions_reviewed: [8] }],
			['session 3 came after', { sessions_reviewed: [3], held_on: shift(dayOf[3]!, -1) }]
		] as const) {
			const r = await rpc(l, 'record_consultation', consultation(overrides));
			expect(r.error, label).toMatchObject({ code: 'P0001', hint: 'sessions_reviewed' });
		}
		const after = await rpc(
			l,
			'record_consultation',
			consultation({ sessions_reviewed: [3], held_on: shift(dayOf[3]!, -1) })
		);
		expect(after.error?.message).toContain('after the consultation');
		// The day before session 3, sessions 1 and 2 could be reviewed.
		expect(
			(
				await rpc(
					l,
					'record_consultation',
					consultation({ sessions_reviewed: [1, 2], held_on: shift(dayOf[3]!, -1) })
				)
			).error
		).toBeNull();
	});

	it('refuses a consultation with nothing written, or too much', async () => {
		const l = await lead();
		const empty = await rpc(
			l,
			'record_consultation',
			consultation({ moments: ' ', themes: '\n', actions: '' })
		);
		expect(empty.error).toMatchObject({ code: 'P0001', hint: 'moments' });
		const long = await rpc(l, 'record_consultation', consultation({ actions: 'x'.repeat(5001) }));
		expect(long.error).toMatchObject({ code: 'P0001', hint: 'actions' });
	});

	it('refuses a cancelled group (P0001) and an unknown one (P0002)', async () => {
		const l = await lead();
		const g = await createGroup(l);
		await startGroup(backend, g);
		await ok(l, 'record_consultation', consultation({ group_id: g, sessions_reviewed: [1] }));
		await ok(l, 'cancel_group', { group_id: g, reason: 'The venue closed' });
		const r = await rpc(
			l,
			'record_consultation',
			consultation({ group_id: g, sessions_reviewed: [1] })
		);
		expect(r.error?.code).toBe('P0001');
		expect(await rpcCode(l, 'record_consultation', consultation({ group_id: NO_GROUP }))).toBe(
			'P0002'
		);
	});
});

describe('changing and deleting a consultation', () => {
	let byConsultant = '';
	let byLead = '';
	const change = (id: string, themes: string) => ({
		consultation_id: id,
		held_on: today,
		sessions_reviewed: [1],
		moments: '',
		themes,
		actions: ''
	});

	beforeAll(async () => {
		byConsultant = (
			await ok<{ id: string }>(await consultantClient(), 'record_consultation', consultation())
		).id;
		byLead = (await ok<{ id: string }>(await lead(), 'record_consultation', consultation())).id;
	});

	it('the recorder changes their own, and the lead any; the rules hold on a change', async () => {
		await ok(await consultantClient(), 'update_consultation', change(byConsultant, 'Revised'));
		expect(await row(byConsultant)).toMatchObject({ themes: 'Revised', sessions_reviewed: [1] });
		await ok(await lead(), 'update_consultation', change(byConsultant, 'By the lead'));
		expect(await row(byConsultant)).toMatchObject({
			themes: 'By the lead',
			recorded_by: consultant.id
		});
		const r = await rpc(await lead(), 'update_consultation', {
			...change(byLead, 'x'),
			sessions_reviewed: [8]
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'sessions_reviewed' });
	});

	it("nobody else changes or deletes one (42501), nor the consultant the lead's", async () => {
		for (const [who, client, id] of [
			['facilitator of the group', await facilitator1(), byConsultant],
			['other facilitator', await outsiderClient(), byConsultant],
			['parent', await parent1(), byConsultant],
			['trainee', await trainee(), byConsultant],
			['training admin', await trainingAdmin(), byConsultant],
			['anon', anon, byConsultant],
			["consultant, on the lead's", await consultantClient(), byLead]
		] as const) {
			expect(await rpcCode(client, 'update_consultation', change(id, 'No')), who).toBe('42501');
			expect(await rpcCode(client, 'delete_consultation', { consultation_id: id }), who).toBe(
				'42501'
			);
		}
		expect(await row(byLead)).toBeDefined();
		expect((await row(byConsultant))?.themes).toBe('By the lead');
		expect(await rpcCode(await lead(), 'delete_consultation', { consultation_id: NO_GROUP })).toBe(
			'P0002'
		);
	});

	it('the recorder deletes their own and the lead any', async () => {
		await ok(await consultantClient(), 'delete_consultation', { consultation_id: byConsultant });
		await ok(await lead(), 'delete_consultation', { consultation_id: byLead });
		expect(await row(byConsultant)).toBeUndefined();
		expect(await row(byLead)).toBeUndefined();
	});

	it('every write is in the audit log, with who made it', async () => {
		const rows = await db<{ actor: string; action: string; table_name: string }>(
			`select actor, action, table_name from public.audit_log
			  where table_name in ('group_consultations', 'group_consultants') and row_id = any($1)
			     or (table_name = 'group_consultants' and action = 'insert')
			  order by id`,
			[[byConsultant, byLead]]
		);
		expect(rows).toEqual(
			expect.arrayContaining([
				{ actor: ids.lead, action: 'insert', table_name: 'group_consultants' },
				{ actor: consultant.id, action: 'insert', table_name: 'group_consultations' },
				{ actor: consultant.id, action: 'update', table_name: 'group_consultations' },
				{ actor: ids.lead, action: 'update', table_name: 'group_consultations' },
				{ actor: consultant.id, action: 'delete', table_name: 'group_consultations' },
				{ actor: ids.lead, action: 'delete', table_name: 'group_consultations' }
			])
		);
	});
});

describe('who reads them', () => {
	it("the lead, the group's facilitators and its consultant read them by SQL; nobody else", async () => {
		const total = (
			await db<{ n: number }>(
				'select count(*)::int as n from public.group_consultations where group_id = $1',
				[THURSDAY]
			)
		)[0]!.n;
		expect(total).toBeGreaterThan(0);
		for (const who of [ids.lead, ids.facilitator1, ids.facilitator2, consultant.id]) {
			expect(await readable(who, 'group_consultations'), who).toBe(total);
			expect(await readable(who, 'group_consultants'), who).toBe(1);
		}
		const [trainee1, training] = (
			await db<{ id: string }>(
				"select id from public.profiles where email in ('trainee1@example.org', 'training@example.org') order by email"
			)
		).map((r) => r.id);
		for (const who of [outsider.id, ids.parent(1), trainee1!, training!, null]) {
			expect([0, '42501'], String(who)).toContain(await readable(who, 'group_consultations'));
			expect([0, '42501'], String(who)).toContain(await readable(who, 'group_consultants'));
		}
	});

	it('clients cannot write the tables themselves (42501)', async () => {
		for (const who of [ids.lead, consultant.id]) {
			for (const sql of [
				`insert into public.group_consultations (group_id, held_on, consultant_id, recorded_by, themes)
				 values ('${THURSDAY}', current_date, '${who}', '${who}', 'x')`,
				`update public.group_consultations set themes = 'x'`,
				`delete from public.group_consultants`
			]) {
				await expect(asRole(backend, who, sql)).rejects.toMatchObject({ code: '42501' });
			}
		}
	});

	it("the page: the lead, the group's facilitators and its consultant; nobody else (42501)", async () => {
		for (const [who, client] of [
			['lead', await lead()],
			['facilitator', await facilitator1()],
			['consultant', await consultantClient()]
		] as const) {
			const r = await rpc(client, 'group_consultations_page', { group_id: THURSDAY });
			expect(r.error, who).toBeNull();
			expect(VIEWS.group_consultations_page.safeParse(r.data).success, who).toBe(true);
		}
		for (const [who, client] of [
			['other facilitator', await outsiderClient()],
			['parent', await parent1()],
			['trainee', await trainee()],
			['training admin', await trainingAdmin()],
			['anon', anon]
		] as const) {
			expect(await rpcCode(client, 'group_consultations_page', { group_id: THURSDAY }), who).toBe(
				'42501'
			);
		}
		expect(
			await rpcCode(await consultantClient(), 'group_consultations_page', { group_id: TUESDAY })
		).toBe('42501');
		expect(await rpcCode(await lead(), 'group_consultations_page', { group_id: NO_GROUP })).toBe(
			'P0002'
		);
	});

	it('the page says who may record, name and change, and lists the newest first', async () => {
		type Page = {
			may_record: boolean;
			is_lead: boolean;
			consultant: { id: string } | null;
			candidates: { id: string }[];
			consultations: { held_on: string; may_change: boolean; consultant: string }[];
			group: { sessions: { number: number; started: boolean }[] };
		};
		const page = async (c: Client) =>
			(await ok<Page>(c, 'group_consultations_page', { group_id: THURSDAY })) as Page;
		const asLead = await page(await lead());
		expect(asLead).toMatchObject({
			may_record: true,
			is_lead: true,
			consultant: { id: consultant.id }
		});
		const candidates = asLead.candidates.map((c) => c.id);
		expect(candidates).toEqual(expect.arrayContaining([consultant.id, outsider.id]));
		expect(candidates).not.toContain(ids.facilitator1);
		expect(candidates).not.toContain(ids.facilitator2);
		expect(asLead.consultations.every((c) => c.may_change)).toBe(true);
		const days = asLead.consultations.map((c) => c.held_on);
		expect(days).toEqual([...days].sort().reverse());
		// The seed's: the lead's, on sessions 1 and 2.
		expect(asLead.consultations).toContainEqual(
			expect.objectContaining({ consultant: 'Helen Marsh', sessions_reviewed: [1, 2] })
		);
		expect(asLead.group.sessions.filter((s) => s.started).map((s) => s.number)).toEqual(
			expect.arrayContaining([1, 2, 3])
		);
		expect(asLead.group.sessions.find((s) => s.number === 8)?.started).toBe(false);

		const asFacilitator = await page(await facilitator1());
		expect(asFacilitator).toMatchObject({ may_record: false, is_lead: false, candidates: [] });
		expect(asFacilitator.consultations.some((c) => c.may_change)).toBe(false);

		const mine = await ok<{ id: string }>(
			await consultantClient(),
			'record_consultation',
			consultation()
		);
		const asConsultant = await page(await consultantClient());
		expect(asConsultant).toMatchObject({ may_record: true, is_lead: false, candidates: [] });
		const flags = asConsultant.consultations.map((c) => [c.consultant, c.may_change]);
		expect(flags).toContainEqual(['Nadia Consultant', true]);
		expect(flags).toContainEqual(['Helen Marsh', false]);
		await ok(await consultantClient(), 'delete_consultation', { consultation_id: mine.id });
	});

	it('the consultant opens nothing else of the group, and finds it on the groups list', async () => {
		const c = await consultantClient();
		expect(await rpcCode(c, 'group_page', { group_id: THURSDAY })).toBe('42501');
		expect(await rpcCode(c, 'edit_group_page', { group_id: THURSDAY })).toBe('42501');
		expect(await rpcCode(c, 'session_page', { group_id: THURSDAY, number: 1 })).toBe('42501');
		for (const table of ['groups', 'sessions', 'enrolments', 'session_notes', 'concerns']) {
			const key = table === 'groups' ? 'id' : table === 'session_notes' ? 'session_id' : 'group_id';
			const sql =
				table === 'session_notes'
					? `select count(*)::int as n from public.session_notes n join public.sessions s on s.id = n.session_id where s.group_id = $1`
					: `select count(*)::int as n from public.${table} where ${key} = $1`;
			const [r] = await asRole<{ n: number }>(backend, consultant.id, sql, [THURSDAY]);
			expect(r!.n, table).toBe(0);
		}
		const list = await ok<{ consulting: unknown; groups: unknown[] }>(c, 'groups_page');
		expect(list.consulting).toEqual([{ id: THURSDAY, name: 'Thursday evenings' }]);
		expect(list.groups).toEqual([]);
		const theirs = await ok<{ consulting: unknown[] }>(await facilitator1(), 'groups_page');
		expect(theirs.consulting).toEqual([]);
	});

	it('a consultant removed reads, records and changes no more; their consultations stay', async () => {
		const l = await lead();
		const g = await createGroup(l);
		await startGroup(backend, g);
		await ok(l, 'name_group_consultant', { group_id: g, consultant_id: outsider.id });
		const o = await outsiderClient();
		const { id } = await ok<{ id: string }>(
			o,
			'record_consultation',
			consultation({ group_id: g, sessions_reviewed: [1] })
		);
		expect(await readable(outsider.id, 'group_consultations', g)).toBe(1);
		await ok(l, 'remove_group_consultant', { group_id: g });
		expect(await readable(outsider.id, 'group_consultations', g)).toBe(0);
		expect(await rpcCode(o, 'group_consultations_page', { group_id: g })).toBe('42501');
		expect(
			await rpcCode(o, 'record_consultation', consultation({ group_id: g, sessions_reviewed: [] }))
		).toBe('42501');
		expect(
			await rpcCode(o, 'update_consultation', {
				consultation_id: id,
				held_on: today,
				sessions_reviewed: [],
				moments: 'x',
				themes: '',
				actions: ''
			})
		).toBe('42501');
		expect(await row(id)).toMatchObject({ consultant_id: outsider.id });
	});

	it("the group page and the lead's review count them", async () => {
		const total = (
			await db<{ n: number }>(
				'select count(*)::int as n from public.group_consultations where group_id = $1',
				[THURSDAY]
			)
		)[0]!.n;
		const page = await ok<{ consultations: number }>(await facilitator1(), 'group_page', {
			group_id: THURSDAY
		});
		expect(page.consultations).toBe(total);
		const review = await ok<{ consultations: number }>(await lead(), 'group_review', {
			group_id: THURSDAY
		});
		expect(review.consultations).toBe(total);
		const tuesday = await ok<{ consultations: number }>(await lead(), 'group_page', {
			group_id: TUESDAY
		});
		expect(tuesday.consultations).toBe(0);
	});
});
