/**
 * Who can see and do what with groups, for each role: anon; a parent in the group; a parent in
 * another group; a parent who left; a parent in no group; a facilitator of the group; another
 * facilitator; the clinical lead. Direct table access (as a hostile client could try it) and
 * every function through supabase-js.
 *
 * The demo seed has its own groups (run by facilitator1 and facilitator2, with parents 1-12), so
 * this file makes its own people, none of whom is in a seed group:
 *   Group A (capacity 3): Asha Bell + Nina Ford; Alice Moreno and Beth Kinsella enrolled,
 *                         Cara Doherty withdrawn, Dora Lindqvist offered the place she freed.
 *   Group B:              Owen Price + Ravi Menon; Eve Okonjo enrolled.
 *   Fay Summers is in no group.
 *   Group C: Asha Bell + Nina Ford, no parents: the target of the function matrix's writes, so
 *            A stays as described. Groups the matrix creates have two spare facilitators.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, sqlError, startBackend, type Client } from './harness';
import {
	clients,
	createAccount,
	createGroup,
	createParents,
	groupArgs,
	ok,
	rpc,
	type Account
} from './groups-fixtures';

let backend: EmbeddedBackend;
const as = clients(() => backend);

let groupA: string;
let groupB: string;
let groupC: string;
let spare: [string, string];
let interestId: string;
let seedGroupsOfFacilitator1: string[];
/** The people above, by first name (lower case). */
const P: Record<string, Account> = {};
/** Enrolment ids by first name. */
const enrolmentOf: Record<string, string> = {};

const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
	backend = await startBackend();
	for (const [role, full_name] of [
		['facilitator', 'Asha Bell'],
		['facilitator', 'Nina Ford'],
		['facilitator', 'Owen Price'],
		['facilitator', 'Ravi Menon'],
		['parent', 'Alice Moreno'],
		['parent', 'Beth Kinsella'],
		['parent', 'Cara Doherty'],
		['parent', 'Dora Lindqvist'],
		['parent', 'Eve Okonjo'],
		['parent', 'Fay Summers']
	] as const) {
		const first = full_name.split(' ')[0]!.toLowerCase();
		P[first] = await createAccount(backend, role, { full_name, password: true });
	}
	spare = [
		(await createAccount(backend, 'facilitator')).id,
		(await createAccount(backend, 'facilitator')).id
	];
	const lead = await as('lead@example.org');
	groupA = await createGroup(lead, {
		name: 'Tuesday Group A',
		capacity: 3,
		video_link: 'https://meet.example.org/group-a',
		facilitator_ids: [P.asha!.id, P.nina!.id]
	});
	groupB = await createGroup(lead, {
		name: 'Thursday Group B',
		facilitator_ids: [P.owen!.id, P.ravi!.id]
	});
	groupC = await createGroup(lead, {
		name: 'Saturday Group C',
		facilitator_ids: [P.asha!.id, P.nina!.id]
	});
	const asha = await as(P.asha!.email);
	for (const name of ['alice', 'beth', 'cara', 'dora']) {
		const r = await ok<{ id: string }>(asha, 'enrol_parent', {
			group_id: groupA,
			email: P[name]!.email
		});
		enrolmentOf[name] = r.id;
	}
	await ok(asha, 'withdraw_enrolment', {
		enrolment_id: enrolmentOf.cara,
		reason: 'Moved away',
		withdrawn_on: today()
	});
	const r = await ok<{ id: string }>(await as(P.owen!.email), 'enrol_parent', {
		group_id: groupB,
		email: P.eve!.email
	});
	enrolmentOf.eve = r.id;
	seedGroupsOfFacilitator1 = (
		await backend.db.query<{ g: string }>(
			'select group_id as g from public.group_facilitators where facilitator_id = $1 order by 1',
			[ids.facilitator1]
		)
	).rows.map((r) => r.g);
	interestId = (
		await ok<{ id: string }>(lead, 'add_interest', {
			full_name: 'Rosa Quinn',
			email: 'rosa.quinn@example.org',
			note: 'Asked at the school gate'
		})
	).id;
});
afterAll(() => backend.close());

describe('the fixture', () => {
	it('is as described', async () => {
		const { rows } = await backend.db.query<{ parent: string; status: string }>(
			`select p.full_name as parent, e.status::text from public.enrolments e
			   join public.profiles p on p.id = e.parent_id where e.group_id = $1 order by p.full_name`,
			[groupA]
		);
		expect(rows).toEqual([
			{ parent: 'Alice Moreno', status: 'enrolled' },
			{ parent: 'Beth Kinsella', status: 'enrolled' },
			{ parent: 'Cara Doherty', status: 'withdrawn' },
			{ parent: 'Dora Lindqvist', status: 'offered' }
		]);
		const { rows: seeded } = await backend.db.query(
			'select 1 from public.enrolments e join public.group_facilitators f using (group_id) where e.parent_id = any($1) or f.facilitator_id = any($1)',
			[[P.alice!.id, P.fay!.id, P.asha!.id, P.owen!.id]]
		);
		expect(seeded.length).toBeGreaterThan(0); // they are in our groups...
		const { rows: inSeed } = await backend.db.query(
			"select 1 from public.group_facilitators where group_id::text like '00000000-0000-4000-8000-00000000100%' and facilitator_id = any($1)",
			[Object.values(P).map((a) => a.id)]
		);
		expect(inSeed).toEqual([]); // ...and in no seed group
	});
});

// --- Direct table access ------------------------------------------------------------------------

/** Who, as [label, user id or null for anon]. */
const people: [string, () => string | null][] = [
	['anon', () => null],
	['parent in group A', () => P.alice!.id],
	['parent offered a place in A', () => P.dora!.id],
	['parent who left A', () => P.cara!.id],
	['parent in group B', () => P.eve!.id],
	['parent in no group', () => P.fay!.id],
	['facilitator of A', () => P.asha!.id],
	['co-facilitator of A', () => P.nina!.id],
	['facilitator of B only', () => P.owen!.id],
	['facilitator of the seed groups only', () => ids.facilitator1],
	['clinical lead', () => ids.lead]
];

/** The groups each person may see rows of (groups, sessions, facilitators), by label. */
function visibleGroups(label: string): string[] | 'all' {
	switch (label) {
		case 'parent in group A':
		case 'parent offered a place in A':
			return [groupA];
		case 'facilitator of A':
		case 'co-facilitator of A':
			return [groupA, groupC];
		case 'parent in group B':
		case 'facilitator of B only':
			return [groupB];
		case 'facilitator of the seed groups only':
			return seedGroupsOfFacilitator1;
		case 'clinical lead':
			return 'all';
		default:
			return [];
	}
}

async function allGroupIds(table: string, column = 'group_id'): Promise<string[]> {
	const { rows } = await backend.db.query<{ g: string }>(
		`select distinct ${column} as g from public.${table} order by 1`
	);
	return rows.map((r) => r.g);
}

async function seenGroupIds(who: string | null, table: string, column = 'group_id') {
	const rows = await asRole<{ g: string }>(
		backend,
		who,
		`select distinct ${column} as g from public.${table} order by 1`
	);
	return rows.map((r) => r.g);
}

describe('direct select', () => {
	it.each(people)(
		'%s: groups, sessions and facilitators of their own groups only',
		async (label, who) => {
			const expected = visibleGroups(label);
			for (const [table, column] of [
				['groups', 'id'],
				['sessions', 'group_id'],
				['group_facilitators', 'group_id']
			] as const) {
				const want = expected === 'all' ? await allGroupIds(table, column) : [...expected].sort();
				expect(await seenGroupIds(who(), table, column), `${label}: ${table}`).toEqual(want);
			}
			if (expected !== 'all' && expected.length > 0) {
				const rows = await asRole(backend, who(), 'select 1 from public.sessions');
				expect(rows, `${label}: 8 sessions a group`).toHaveLength(8 * expected.length);
			}
		}
	);

	it.each(people)('%s: enrolments', async (label, who) => {
		const rows = await asRole<{ id: string; parent_id: string; group_id: string }>(
			backend,
			who(),
			'select id, parent_id, group_id from public.enrolments'
		);
		const { rows: all } = await backend.db.query<{ id: string; group_id: string }>(
			'select id, group_id from public.enrolments'
		);
		const id = who();
		if (label === 'clinical lead') {
			expect(rows).toHaveLength(all.length);
		} else if (label.includes('facilitator')) {
			const groups = visibleGroups(label) as string[];
			expect(rows.length).toBeGreaterThan(0);
			expect(rows.map((r) => r.id).sort()).toEqual(
				all
					.filter((r) => groups.includes(r.group_id))
					.map((r) => r.id)
					.sort()
			);
		} else if (id) {
			// Parents see their own enrolments only, including one they left.
			expect(rows.every((r) => r.parent_id === id)).toBe(true);
			expect(rows).toHaveLength(label === 'parent in no group' ? 0 : 1);
		} else {
			expect(rows).toEqual([]);
		}
	});

	it.each(people)(
		'%s: only the lead and facilitators read the interest list',
		async (label, who) => {
			const rows = await asRole<{ id: string }>(
				backend,
				who(),
				'select id from public.interest_list'
			);
			if (
				label === 'clinical lead' ||
				label.startsWith('facilitator') ||
				label.startsWith('co-facilitator')
			)
				expect(rows.map((r) => r.id)).toContain(interestId);
			else expect(rows).toEqual([]);
		}
	);

	it.each(people)('%s: notifications cannot be read at all (42501)', async (_label, who) => {
		expect(await sqlError(backend, who(), 'select * from public.notifications')).toBe('42501');
	});

	it('the notification outbox does hold the offer (so the denial above hides something)', async () => {
		const { rows } = await backend.db.query(
			"select 1 from public.notifications where to_profile = $1 and kind = 'place_offered'",
			[P.dora!.id]
		);
		expect(rows).toHaveLength(1);
	});

	it('programmes are readable by the groups service (lead, facilitators, parents), not anon', async () => {
		expect(await asRole(backend, null, 'select id from public.programmes')).toEqual([]);
		expect(await asRole(backend, P.fay!.id, 'select id from public.programmes')).toEqual([
			{ id: 'reflective-parenting' }
		]);
		expect(await asRole(backend, P.asha!.id, 'select id from public.programmes')).toHaveLength(1);
	});
});

describe('parent profiles', () => {
	async function parentEmailsSeenBy(who: string) {
		const rows = await asRole<{ email: string }>(
			backend,
			who,
			"select email from public.profiles where role = 'parent' order by email"
		);
		return rows.map((r) => r.email);
	}

	it('a facilitator sees the parents of their groups (past and present), no others', async () => {
		const inA = ['alice', 'beth', 'cara', 'dora'].map((n) => P[n]!.email).sort();
		expect(await parentEmailsSeenBy(P.asha!.id)).toEqual(inA);
		expect(await parentEmailsSeenBy(P.nina!.id)).toEqual(inA);
		expect(await parentEmailsSeenBy(P.owen!.id)).toEqual([P.eve!.email]);
		expect(await parentEmailsSeenBy(P.ravi!.id)).toEqual([P.eve!.email]);
		// The seed groups' facilitator sees the seed's parents 1-25 and none of ours.
		const seen = await parentEmailsSeenBy(ids.facilitator1);
		expect(seen).toHaveLength(25);
		expect(seen.every((e) => /^parent\d+@example\.org$/.test(e))).toBe(true);
	});

	it('a parent sees only themselves: no other parent in their group, no staff', async () => {
		for (const id of [P.alice!.id, P.dora!.id, P.eve!.id, P.fay!.id, ids.parent(1)]) {
			const rows = await asRole<{ id: string }>(backend, id, 'select id from public.profiles');
			expect(rows).toEqual([{ id }]);
		}
	});
});

describe('direct writes are refused (42501) for every API role', () => {
	const writes: [string, string][] = [
		['programmes', 'update public.programmes set name = name'],
		['groups', 'update public.groups set name = name'],
		['group_facilitators', 'update public.group_facilitators set group_id = group_id'],
		['sessions', 'update public.sessions set number = number'],
		['enrolments', "update public.enrolments set status = 'enrolled'"],
		['interest_list', 'update public.interest_list set note = note'],
		['notifications', 'update public.notifications set sent_at = now()']
	];
	const writers: [string, () => string | null][] = [
		['anon', () => null],
		['parent in group A', () => P.alice!.id],
		['facilitator of A', () => P.asha!.id],
		['clinical lead', () => ids.lead]
	];

	it.each(writers)('%s', async (label, who) => {
		for (const [table, update] of writes) {
			expect(
				await sqlError(backend, who(), `insert into public.${table} default values`),
				`${label} insert ${table}`
			).toBe('42501');
			expect(await sqlError(backend, who(), update), `${label} update ${table}`).toBe('42501');
			expect(
				await sqlError(backend, who(), `delete from public.${table}`),
				`${label} delete ${table}`
			).toBe('42501');
		}
		// Concretely: nobody can give themselves or anyone a place by writing the table.
		expect(
			await sqlError(
				backend,
				who(),
				"insert into public.enrolments (group_id, parent_id, status, enrolled_at) values ($1, $2, 'enrolled', now())",
				[groupB, P.fay!.id]
			)
		).toBe('42501');
	});

	it('nothing changed', async () => {
		const { rows } = await backend.db.query<{ status: string }>(
			'select status::text from public.enrolments where id = $1',
			[enrolmentOf.dora]
		);
		expect(rows[0]!.status).toBe('offered');
		const { rows: p4 } = await backend.db.query(
			'select 1 from public.enrolments where parent_id = $1',
			[P.fay!.id]
		);
		expect(p4).toEqual([]);
	});
});

// --- Functions -----------------------------------------------------------------------------------

type Role = 'anon' | 'parentA' | 'parentB' | 'facilitatorA' | 'otherFacilitator' | 'lead';
const ROLES: Role[] = ['anon', 'parentA', 'parentB', 'facilitatorA', 'otherFacilitator', 'lead'];

async function client(role: Role): Promise<Client> {
	switch (role) {
		case 'anon':
			return anonClient(backend);
		case 'parentA':
			return as(P.alice!.email);
		case 'parentB':
			return as(P.eve!.email);
		case 'facilitatorA':
			return as(P.asha!.email);
		case 'otherFacilitator':
			return as(P.owen!.email);
		case 'lead':
			return as('lead@example.org');
	}
}

async function liveSession(groupId: string, number: number) {
	const { rows } = await backend.db.query<{ id: string; starts_at: Date }>(
		"select id, starts_at from public.sessions where group_id = $1 and number = $2 and status <> 'cancelled'",
		[groupId, number]
	);
	return rows[0]!;
}

interface Case {
	name: string;
	allowed: Role[];
	/** Arguments for one call; a fresh target each time, so successful calls do not interfere. */
	args: () => Promise<Record<string, unknown>>;
}

const cases: Case[] = [
	{
		name: 'group_page',
		allowed: ['facilitatorA', 'lead'],
		args: async () => ({ group_id: groupA })
	},
	{
		name: 'groups_page',
		allowed: ['facilitatorA', 'otherFacilitator', 'lead'],
		args: async () => ({})
	},
	{
		name: 'enrol_parent',
		allowed: ['facilitatorA', 'lead'],
		args: async () => ({ group_id: groupC, email: (await createParents(backend, 1))[0]!.email })
	},
	{
		name: 'withdraw_enrolment',
		allowed: ['facilitatorA', 'lead'],
		args: async () => {
			const [p] = await createParents(backend, 1);
			const { rows } = await backend.db.query<{ id: string }>(
				"insert into public.enrolments (group_id, parent_id, status, waitlisted_at) values ($1, $2, 'waitlisted', clock_timestamp()) returning id",
				[groupC, p!.id]
			);
			return { enrolment_id: rows[0]!.id, reason: 'Moved', withdrawn_on: today() };
		}
	},
	{
		name: 'move_session',
		allowed: ['facilitatorA', 'lead'],
		args: async () => {
			const s = await liveSession(groupC, 8);
			return {
				session_id: s.id,
				starts_at: new Date(new Date(s.starts_at).getTime() + 3_600_000).toISOString()
			};
		}
	},
	{
		name: 'cancel_session',
		allowed: ['facilitatorA', 'lead'],
		args: async () => ({ session_id: (await liveSession(groupC, 8)).id, reason: 'Venue closed' })
	},
	{
		name: 'create_group',
		allowed: ['lead'],
		args: async () => groupArgs({ facilitator_ids: spare })
	},
	{
		name: 'open_group',
		allowed: ['lead'],
		args: async () => ({
			group_id: await createGroup(await as('lead@example.org'), {
				open_now: false,
				facilitator_ids: spare
			})
		})
	},
	{
		name: 'cancel_group',
		allowed: ['lead'],
		args: async () => ({
			group_id: await createGroup(await as('lead@example.org'), { facilitator_ids: spare }),
			reason: 'Too few referrals'
		})
	},
	{
		name: 'new_group_form',
		allowed: ['lead'],
		args: async () => ({})
	},
	{
		name: 'add_interest',
		allowed: ['facilitatorA', 'otherFacilitator', 'lead'],
		args: async () => ({
			full_name: 'Some Family',
			email: `family.${Math.random().toString(36).slice(2)}@example.org`,
			note: null
		})
	},
	{
		name: 'interest_page',
		allowed: ['facilitatorA', 'otherFacilitator', 'lead'],
		args: async () => ({})
	},
	{
		name: 'remove_interest',
		allowed: ['facilitatorA', 'otherFacilitator', 'lead'],
		args: async () => {
			const { rows } = await backend.db.query<{ id: string }>(
				`insert into public.interest_list (full_name, email) values ('Gone Family', $1) returning id`,
				[`gone.${Math.random().toString(36).slice(2)}@example.org`]
			);
			return { interest_id: rows[0]!.id };
		}
	},
	{
		name: 'parent_home',
		allowed: ['parentA', 'parentB'],
		args: async () => ({})
	},
	{ name: 'run_scheduled_jobs', allowed: [], args: async () => ({}) },
	{ name: 'claim_messages', allowed: [], args: async () => ({ worker: 'rls-test', max: 1 }) }
];

describe('functions: allowed for the right roles, 42501 for the others', () => {
	for (const c of cases) {
		for (const role of ROLES) {
			const allowed = c.allowed.includes(role);
			it(`${c.name} as ${role}: ${allowed ? 'allowed' : 'denied'}`, async () => {
				const r = await rpc(await client(role), c.name, await c.args());
				if (allowed) expect(r.error).toBeNull();
				else expect(r.error?.code).toBe('42501');
			});
		}
	}

	it('run_scheduled_jobs and claim_messages are for the service role', async () => {
		const service = anonClient(backend, backend.serviceRoleKey);
		expect((await rpc(service, 'run_scheduled_jobs')).error).toBeNull();
		expect((await rpc(service, 'claim_messages', { worker: 'rls-test', max: 0 })).error).toBeNull();
	});

	it('a denied call changed nothing', async () => {
		const parent = await client('parentA');
		const other = await client('otherFacilitator');
		const [p] = await createParents(backend, 1);
		expect(
			(await rpc(other, 'enrol_parent', { group_id: groupA, email: p!.email })).error?.code
		).toBe('42501');
		expect(
			(
				await rpc(parent, 'withdraw_enrolment', {
					enrolment_id: enrolmentOf.beth,
					reason: 'x',
					withdrawn_on: today()
				})
			).error?.code
		).toBe('42501');
		const { rows } = await backend.db.query<{ status: string }>(
			`select status::text from public.enrolments where id = $1
			 union all select status::text from public.enrolments where parent_id = $2`,
			[enrolmentOf.beth, p!.id]
		);
		expect(rows).toEqual([{ status: 'enrolled' }]);
	});

	it('a facilitator cannot cancel, reopen or create even their own group', async () => {
		const f1 = await client('facilitatorA');
		expect((await rpc(f1, 'cancel_group', { group_id: groupC, reason: 'x' })).error?.code).toBe(
			'42501'
		);
		expect((await rpc(f1, 'open_group', { group_id: groupC })).error?.code).toBe('42501');
		expect(
			(await rpc(f1, 'create_group', groupArgs({ facilitator_ids: [P.asha!.id, P.nina!.id] })))
				.error?.code
		).toBe('42501');
		const { rows } = await backend.db.query<{ status: string }>(
			'select status::text from public.groups where id = $1',
			[groupC]
		);
		expect(rows[0]!.status).toBe('open');
	});
});

describe('what each page shows', () => {
	it('groups_page: a facilitator lists their own groups, the lead every group', async () => {
		type Page = { groups: { id: string; facilitators: string[] }[]; facilitators: unknown[] };
		const f1 = await ok<Page>(await client('facilitatorA'), 'groups_page');
		const f2 = await ok<Page>(await client('otherFacilitator'), 'groups_page');
		const lead = await ok<Page>(await client('lead'), 'groups_page');
		expect(f1.groups.map((g) => g.id)).toContain(groupA);
		expect(f1.groups.map((g) => g.id)).not.toContain(groupB);
		expect(f2.groups.map((g) => g.id)).toEqual([groupB]);
		expect(lead.groups.map((g) => g.id)).toEqual(expect.arrayContaining([groupA, groupB]));
		expect(f1.facilitators).toEqual([]);
		const byFacilitator = await ok<Page>(await client('lead'), 'groups_page', {
			facilitator_id: P.owen!.id
		});
		expect(byFacilitator.groups.map((g) => g.id)).toEqual([groupB]);
		expect(byFacilitator.groups[0]!.facilitators).toEqual(['Owen Price', 'Ravi Menon']);
	});

	it('group_page: the facilitator sees their parents; another facilitator gets nothing', async () => {
		const page = await ok<{ enrolments: { full_name: string; email: string; status: string }[] }>(
			await client('facilitatorA'),
			'group_page',
			{ group_id: groupA }
		);
		const emails = page.enrolments.map((e) => e.email);
		expect(emails).toEqual(expect.arrayContaining([P.alice!.email, P.beth!.email, P.dora!.email]));
		expect(JSON.stringify(page)).not.toContain(P.eve!.email);
		expect(JSON.stringify(page)).not.toContain('Eve Okonjo');
		const denied = await rpc(await client('otherFacilitator'), 'group_page', { group_id: groupA });
		expect(denied.error?.code).toBe('42501');
		expect(denied.data).toBeNull();
	});

	it('parent_home: only their own group, never another family’s name or email', async () => {
		type Home = {
			me: { id: string };
			memberships: {
				status: string;
				group: { id: string; name: string; video_link: string | null };
				facilitators: string[];
				sessions: unknown[];
			}[];
		};
		const home = await ok<Home>(await client('parentA'), 'parent_home');
		expect(home.me.id).toBe(P.alice!.id);
		expect(home.memberships.map((m) => m.group.id)).toEqual([groupA]);
		expect(home.memberships[0]!.status).toBe('enrolled');
		expect(home.memberships[0]!.sessions).toHaveLength(8);
		expect(home.memberships[0]!.group.video_link).toBe('https://meet.example.org/group-a');
		expect(home.memberships[0]!.facilitators).toEqual(['Asha', 'Nina']);
		const text = JSON.stringify(home);
		for (const leak of [
			'Beth Kinsella', // in the same group
			P.beth!.email,
			'Dora Lindqvist', // offered a place in it
			'Cara Doherty', // who left it
			'Eve Okonjo', // in group B
			'Thursday Group B',
			'Asha Bell', // staff full names and emails
			P.asha!.email,
			'Rosa Quinn' // the interest list
		]) {
			expect(text, leak).not.toContain(leak);
		}

		const b = await ok<Home>(await client('parentB'), 'parent_home');
		expect(b.memberships.map((m) => m.group.id)).toEqual([groupB]);
		expect(JSON.stringify(b)).not.toContain('Alice Moreno');
	});

	it('parent_home: an offered parent sees the offer but not the video link yet', async () => {
		const home = await ok<{
			memberships: { status: string; enrolment_id: string; group: { video_link: string | null } }[];
		}>(await as(P.dora!.email), 'parent_home');
		expect(home.memberships).toHaveLength(1);
		expect(home.memberships[0]).toMatchObject({
			status: 'offered',
			enrolment_id: enrolmentOf.dora,
			group: { video_link: null }
		});
	});

	it('parent_home: a parent who left, or was never in a group, has no memberships', async () => {
		for (const email of [P.cara!.email, P.fay!.email]) {
			const home = await ok<{ memberships: unknown[] }>(await as(email), 'parent_home');
			expect(home.memberships, email).toEqual([]);
		}
	});

	it('offer_page and respond_to_offer: only for the parent the offer was made to', async () => {
		const offer = { enrolment_id: enrolmentOf.dora };
		expect((await rpc(await as(P.dora!.email), 'offer_page', offer)).error).toBeNull();
		expect((await rpc(await client('parentA'), 'offer_page', offer)).error?.code).toBe('P0002');
		expect((await rpc(await client('facilitatorA'), 'offer_page', offer)).error?.code).toBe(
			'42501'
		);
		expect((await rpc(await client('anon'), 'offer_page', offer)).error?.code).toBe('42501');
		for (const role of ROLES.filter((r) => r !== 'lead')) {
			const r = await rpc(await client(role), 'respond_to_offer', { ...offer, accept: false });
			expect(r.error?.code, role).toBe('42501');
		}
		const { rows } = await backend.db.query<{ status: string }>(
			'select status::text from public.enrolments where id = $1',
			[enrolmentOf.dora]
		);
		expect(rows[0]!.status).toBe('offered');
	});

	it('parent_home for a seeded parent: their own running group, nobody else in it', async () => {
		// parent1 (Margaret Doyle) and parent2 (Denise Campbell) share the seed's running group.
		const home = await ok<{ memberships: { group: { id: string; phase: string } }[] }>(
			await as('parent1@example.org'),
			'parent_home'
		);
		expect(home.memberships).toHaveLength(1);
		expect(home.memberships[0]!.group.phase).toBe('running');
		const text = JSON.stringify(home);
		expect(text).toContain('Margaret Doyle');
		for (const leak of [
			'Denise Campbell',
			'parent2@example.org',
			'Grace Adeyemi',
			'Tom Ellis',
			'Priya Shah'
		]) {
			expect(text, leak).not.toContain(leak);
		}
	});
});
