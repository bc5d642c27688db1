/**
 * The public pages' SQL (35_public_pages.sql) and the interest list (30_groups.sql): what a
 * visitor may read (exactly the allow-listed keys, only groups still open to join), the public
 * sign-up (service role only, silent about who is on the list, 5 an hour per address, the lead
 * told without details), and who reads and changes the interest list (lead and facilitators;
 * removal is soft and can be restored).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, sqlError, startBackend, type Client } from './harness';
import {
	clients,
	createAccount,
	createGroup,
	ok,
	rpc,
	rpcCode,
	startGroup
} from './groups-fixtures';

const TUESDAY = '00000000-0000-4000-8000-000000001001'; // open, in person (NE1), 6 of 12 taken

/** Every key next_groups may return, at every level: what /next-groups shows and nothing else. */
const ALLOWED = {
	top: ['clinic', 'groups'],
	clinic: ['email', 'name', 'phone'],
	group: [
		'area',
		'audience',
		'fee_pence',
		'first_ends_at',
		'first_starts_at',
		'funded',
		'funder',
		'name',
		'online',
		'places_left',
		'programme',
		'session_count',
		'session_minutes'
	]
};

interface PublicGroup {
	name: string;
	area: string | null;
	online: boolean;
	places_left: number;
	funded: boolean;
	funder: string | null;
	fee_pence: number | null;
	[key: string]: unknown;
}
interface NextGroups {
	clinic: Record<string, unknown>;
	groups: PublicGroup[];
}

let backend: EmbeddedBackend;
const as = clients(() => backend);
const anon = (): Client => anonClient(backend);
const service = (): Client => anonClient(backend, backend.serviceRoleKey);

let address = 0;
/** A client address no other test uses, so the rate limit of one test never touches another. */
const freshAddress = () => `203.0.113.${++address}`;

function signUp(overrides: Record<string, unknown> = {}, client: Client = service()) {
	return rpc(client, 'ask_about_next_group', {
		full_name: 'Ann Visitor',
		email: `ann.${crypto.randomUUID().slice(0, 8)}@example.org`,
		phone: null,
		caring_role: 'special_guardian',
		area: 'Gateshead',
		note: null,
		consent: true,
		client_address: freshAddress(),
		...overrides
	});
}

async function entries(email: string) {
	return (
		await backend.db.query<Record<string, unknown>>(
			'select * from public.interest_list where email = $1 order by created_at',
			[email]
		)
	).rows;
}

beforeAll(async () => {
	backend = await startBackend();
}, 60_000);
afterAll(() => backend?.close());

describe('next_groups (the public /next-groups page)', () => {
	it('anyone may call it, and it returns exactly the allow-listed keys at every level', async () => {
		for (const client of [anon(), await as('parent1@example.org'), await as('lead@example.org')]) {
			const r = await rpc<NextGroups>(client, 'next_groups');
			expect(r.error).toBeNull();
			const page = r.data!;
			expect(Object.keys(page).sort()).toEqual(ALLOWED.top);
			expect(Object.keys(page.clinic).sort()).toEqual(ALLOWED.clinic);
			expect(page.groups.length).toBeGreaterThan(0);
			for (const g of page.groups) expect(Object.keys(g).sort()).toEqual(ALLOWED.group);
		}
	});

	it('never carries an address, a video link, a facilitator or a family', async () => {
		const text = JSON.stringify((await rpc(anon(), 'next_groups')).data);
		for (const secret of ['Mill Lane', 'Oak Room', 'meet.example.org', '4ST', 'Priya', 'parent'])
			expect(text).not.toContain(secret);
	});

	it('lists only open groups whose first session is still to come, with places left', async () => {
		const lead = await as('lead@example.org');
		const draft = await createGroup(lead, { name: 'Draft group', open_now: false });
		const started = await createGroup(lead, { name: 'Started group' });
		await startGroup(backend, started);
		const page = (await rpc<NextGroups>(anon(), 'next_groups')).data!;
		const names = page.groups.map((g) => g.name);
		expect(names).toContain('Tuesday mornings');
		expect(names).toContain('Online – Wednesday evenings');
		expect(names).not.toContain('Thursday evenings');
		expect(names).not.toContain('Draft group');
		expect(names).not.toContain('Started group');
		const tuesday = page.groups.find((g) => g.name === 'Tuesday mornings')!;
		expect(tuesday).toMatchObject({ area: 'NE1', online: false, places_left: 6, funded: true });
		expect(tuesday.funder).toBe('Northfield Family Trust');
		const online = page.groups.find((g) => g.name === 'Online – Wednesday evenings')!;
		expect(online).toMatchObject({ area: null, online: true, funded: false, fee_pence: 12000 });
		await backend.db.query('delete from public.groups where id = any($1)', [[draft, started]]);
	});
});

describe('ask_about_next_group (the public sign-up)', () => {
	it('anon and signed-in people cannot call it; the service role can', async () => {
		expect((await signUp({}, anon())).error?.code).toMatch(/^(42501|PGRST202)$/);
		expect((await signUp({}, await as('parent1@example.org'))).error?.code).toBe('42501');
		expect((await signUp({}, await as('lead@example.org'))).error?.code).toBe('42501');
		const email = 'kim.public@example.org';
		const r = await signUp({ email, phone: '07700 900456', note: 'Evenings please' });
		expect(r.error).toBeNull();
		expect(r.data).toEqual({ received: true });
		const [row] = await entries(email);
		expect(row).toMatchObject({
			full_name: 'Ann Visitor',
			phone: '07700 900456',
			caring_role: 'special_guardian',
			area: 'Gateshead',
			note: 'Evenings please',
			source: 'public',
			added_by: null
		});
		expect(row!.consent_at).not.toBeNull();
	});

	it('a repeat sign-up gets the same answer and changes nothing', async () => {
		const email = 'repeat.public@example.org';
		const first = await signUp({ email, full_name: 'First Name' });
		const again = await signUp({ email: ' Repeat.Public@example.org ', full_name: 'Someone Else' });
		expect(again).toEqual(first);
		const rows = await entries(email);
		expect(rows).toHaveLength(1);
		expect(rows[0]!.full_name).toBe('First Name');
		// Someone a member of staff added gets the same answer too.
		expect((await signUp({ email: 'rosa.bennett@example.org' })).data).toEqual({ received: true });
		expect(await entries('rosa.bennett@example.org')).toHaveLength(1);
	});

	it('needs consent and an email or a phone, and says which field', async () => {
		const noConsent = await signUp({ consent: false });
		expect(noConsent.error).toMatchObject({ code: 'P0001', hint: 'consent' });
		const noContact = await signUp({ email: ' ', phone: null });
		expect(noContact.error).toMatchObject({ code: 'P0001', hint: 'email' });
		const phoneOnly = await signUp({ email: null, phone: '0121 496 0000' });
		expect(phoneOnly.error).toBeNull();
		const badRole = await signUp({ caring_role: 'landlord' });
		expect(badRole.error?.code).toBe('23514');
	});

	it('refuses the 6th sign-up within the hour from one address; another address is fine', async () => {
		const client_address = '198.51.100.7';
		for (let i = 0; i < 5; i += 1) expect((await signUp({ client_address })).error).toBeNull();
		const sixth = await signUp({ client_address, email: 'sixth@example.org' });
		expect(sixth.error).toMatchObject({ code: 'P0001', details: 'rate_limited' });
		expect(await entries('sixth@example.org')).toHaveLength(0);
		// The same address written as IPv4-mapped IPv6 is the same address.
		expect((await signUp({ client_address: '::ffff:198.51.100.7' })).error?.code).toBe('P0001');
		expect((await signUp({ client_address: '198.51.100.8' })).error).toBeNull();
		// An hour on, the scheduled jobs forget the attempts and the address may sign up again.
		const jobs = await ok<{ interest_attempts_pruned: number }>(service(), 'run_scheduled_jobs', {
			as_of: new Date(Date.now() + 61 * 60_000).toISOString()
		});
		expect(jobs.interest_attempts_pruned).toBeGreaterThanOrEqual(6);
		expect((await signUp({ client_address })).error).toBeNull();
	});

	it('keeps only a keyed hash of the address', async () => {
		await signUp({ client_address: '192.0.2.55' });
		const { rows } = await backend.db.query<{ t: string }>(
			'select row_to_json(a)::text as t from private.interest_signup_attempts a'
		);
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.map((r) => r.t).join()).not.toContain('192.0.2.55');
	});

	it('tells each clinical lead, without the family’s details, at most once an hour', async () => {
		await backend.db.query("delete from public.notifications where kind = 'interest_signup'");
		await signUp({ full_name: 'Private Person', email: 'private.person@example.org' });
		await signUp({ full_name: 'Second Person', email: 'second.person@example.org' });
		const { rows } = await backend.db.query<{ to_profile: string; payload: unknown }>(
			"select to_profile, payload from public.notifications where kind = 'interest_signup'"
		);
		expect(rows.map((r) => r.to_profile)).toEqual([ids.lead]);
		const payload = JSON.stringify(rows[0]!.payload);
		expect(payload).not.toContain('Private');
		expect(payload).not.toContain('private.person');
	});
});

describe('the interest list: who reads it (RLS)', () => {
	const read = (userId: string | null) =>
		asRole<{ id: string }>(backend, userId, 'select id from public.interest_list');

	it('the lead and every facilitator read it', async () => {
		expect((await read(ids.lead)).length).toBeGreaterThan(0);
		expect((await read(ids.facilitator1)).length).toBeGreaterThan(0);
		expect((await read(ids.facilitator2)).length).toBeGreaterThan(0);
	});

	it('a parent and anon read nothing, and nobody writes it directly', async () => {
		expect(await read(ids.parent(1))).toEqual([]);
		expect(await read(null)).toEqual([]);
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1), null]) {
			expect(
				await sqlError(
					backend,
					who,
					"insert into public.interest_list (full_name, email) values ('X', 'x@example.org')"
				)
			).toBe('42501');
			expect(await sqlError(backend, who, 'delete from public.interest_list')).toBe('42501');
		}
	});

	it('interest_page is for the lead and facilitators only', async () => {
		for (const email of ['lead@example.org', 'facilitator2@example.org']) {
			const r = await rpc<{ entries: { source: string }[] }>(await as(email), 'interest_page');
			expect(r.error).toBeNull();
			expect(new Set(r.data!.entries.map((e) => e.source))).toEqual(new Set(['staff', 'public']));
		}
		expect(await rpcCode(await as('parent1@example.org'), 'interest_page')).toBe('42501');
		expect(await rpcCode(anon(), 'interest_page')).toMatch(/^(42501|PGRST202)$/);
	});
});

describe('the interest list: adding, removing and restoring', () => {
	it('a facilitator can add a family; a parent cannot', async () => {
		const f2 = await as('facilitator2@example.org');
		const added = await rpc(f2, 'add_interest', {
			full_name: 'Added By Tom',
			email: 'added.by.tom@example.org',
			note: null
		});
		expect(added.error).toBeNull();
		expect((await entries('added.by.tom@example.org'))[0]).toMatchObject({
			source: 'staff',
			added_by: ids.facilitator2
		});
		const parent = await as('parent1@example.org');
		expect(
			await rpcCode(parent, 'add_interest', { full_name: 'X', email: 'x@example.org', note: null })
		).toBe('42501');
	});

	it('removing is soft, counts for nothing, and Restore brings the entry back', async () => {
		const lead = await as('lead@example.org');
		const email = 'soft.delete@example.org';
		const { id } = await ok<{ id: string }>(lead, 'add_interest', {
			full_name: 'Soft Delete',
			email,
			note: null
		});
		const count = async () =>
			(await ok<{ totals: { interest_list: number } }>(lead, 'review_dashboard')).totals
				.interest_list;
		const before = await count();
		const f1 = await as('facilitator1@example.org');
		expect(
			await rpcCode(await as('parent1@example.org'), 'remove_interest', { interest_id: id })
		).toBe('42501');
		expect((await rpc(f1, 'remove_interest', { interest_id: id })).error).toBeNull();
		expect((await entries(email))[0]).toMatchObject({ removed_by: ids.facilitator1 });
		expect((await entries(email))[0]!.removed_at).not.toBeNull();
		expect(await count()).toBe(before - 1);
		// A removed entry is not offered on a group's page.
		const group = await ok<{ interest: { id: string }[] }>(lead, 'group_page', {
			group_id: TUESDAY
		});
		expect(group.interest.map((i) => i.id)).not.toContain(id);
		expect(
			await rpcCode(await as('parent1@example.org'), 'restore_interest', { interest_id: id })
		).toBe('42501');
		expect((await rpc(lead, 'restore_interest', { interest_id: id })).error).toBeNull();
		expect((await entries(email))[0]).toMatchObject({ removed_at: null, removed_by: null });
		expect(await count()).toBe(before);
	});

	it('Restore refuses when the family is on the list again', async () => {
		const lead = await as('lead@example.org');
		const email = 'asked.again@example.org';
		const { id } = await ok<{ id: string }>(lead, 'add_interest', {
			full_name: 'Asked Again',
			email,
			note: null
		});
		await ok(lead, 'remove_interest', { interest_id: id });
		expect((await signUp({ email })).error).toBeNull();
		expect(await entries(email)).toHaveLength(2);
		const r = await rpc(lead, 'restore_interest', { interest_id: id });
		expect(r.error?.code).toBe('P0001');
		expect(r.error?.message).toContain('on the list again');
	});
});

describe('inviting from the interest list', () => {
	it('the lead and the group’s facilitators may mark an entry invited; others may not', async () => {
		const lead = await as('lead@example.org');
		const add = async (email: string) =>
			(
				await ok<{ id: string }>(lead, 'add_interest', {
					full_name: 'Invite Me',
					email,
					note: null
				})
			).id;
		const a = await add('invite.a@example.org');
		const b = await add('invite.b@example.org');
		const c = await add('invite.c@example.org');
		// A group facilitator 2 does not run.
		const other = await createGroup(lead, {
			facilitator_ids: [ids.facilitator1, (await createAccount(backend, 'facilitator')).id]
		});
		const f2 = await as('facilitator2@example.org');
		expect(await rpcCode(f2, 'mark_interest_invited', { interest_id: a, group_id: other })).toBe(
			'42501'
		);
		expect(
			await rpcCode(await as('parent1@example.org'), 'mark_interest_invited', {
				interest_id: a,
				group_id: TUESDAY
			})
		).toBe('42501');
		expect((await entries('invite.a@example.org'))[0]!.invited_at).toBeNull();
		expect(
			(await rpc(f2, 'mark_interest_invited', { interest_id: a, group_id: TUESDAY })).error
		).toBeNull();
		expect(
			(await rpc(lead, 'mark_interest_invited', { interest_id: b, group_id: other })).error
		).toBeNull();
		expect((await entries('invite.a@example.org'))[0]).toMatchObject({ invited_to: TUESDAY });
		expect((await entries('invite.b@example.org'))[0]).toMatchObject({ invited_to: other });
		// A facilitator sees, on their group's page, the ten families who have waited longest and
		// how many wait in all (the interest list page has the rest), to invite from.
		const page = await ok<{ interest: { id: string }[]; interest_waiting: number }>(
			f2,
			'group_page',
			{ group_id: TUESDAY }
		);
		const { rows: waiting } = await backend.db.query<{ id: string }>(
			`select id from public.interest_list where invited_at is null and removed_at is null
			 order by created_at, id`
		);
		expect(waiting.map((w) => w.id)).toContain(c);
		expect(page.interest_waiting).toBe(waiting.length);
		expect(page.interest.map((i) => i.id)).toEqual(waiting.slice(0, 10).map((w) => w.id));
		expect(page.interest.map((i) => i.id)).not.toContain(a);
	});
});
