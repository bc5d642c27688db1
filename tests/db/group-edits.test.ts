/**
 * Changing a group and swapping a facilitator (supabase/schemas/32_group_edits.sql): who may
 * change what, the limits on places and funding, the history with its reasons, the swap that
 * keeps two facilitators and moves access with it, and the emails each change queues. Every
 * change goes through supabase-js as the signed-in person; rows and the queue are read as
 * superuser.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { templates } from '../../src/lib/server/messages/templates';
import { anonClient, asRole, ids, SITE, sqlError, startBackend } from './harness';
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
let cover: Account; // a facilitator on none of the test groups, who can sign in
let parent: Account; // a parent who can sign in, given a place in each test group that needs one
beforeAll(async () => {
	backend = await startBackend();
	cover = await createAccount(backend, 'facilitator', { full_name: 'Sam Okafor', password: true });
	parent = await createAccount(backend, 'parent', { password: true });
});
afterAll(() => backend.close());

const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const facilitator2 = () => as('facilitator2@example.org');
const coverClient = () => as(cover.email);
const parentClient = () => as(parent.email);

interface GroupRow {
	name: string;
	venue: string | null;
	venue_postcode: string | null;
	video_link: string | null;
	capacity: number;
	funding: string;
	funder: string | null;
	fee_pence: number | null;
}

async function groupRow(id: string): Promise<GroupRow> {
	const { rows } = await backend.db.query<GroupRow>(
		'select name, venue, venue_postcode, video_link, capacity, funding::text, funder, fee_pence from public.groups where id = $1',
		[id]
	);
	return rows[0]!;
}

/** edit_group's arguments: the group as it is, with `changes`. */
async function editArgs(id: string, changes: Record<string, unknown> = {}) {
	const g = await groupRow(id);
	return {
		group_id: id,
		venue: g.venue,
		venue_postcode: g.venue_postcode,
		video_link: g.video_link,
		name: g.name,
		capacity: g.capacity,
		funding: g.funding,
		funder: g.funder,
		fee_pence: g.fee_pence,
		reason: null,
		...changes
	};
}

/** Only the fields a facilitator's form sends. */
async function placeArgs(id: string, changes: Record<string, unknown> = {}) {
	const g = await groupRow(id);
	return {
		group_id: id,
		venue: g.venue,
		venue_postcode: g.venue_postcode,
		video_link: g.video_link,
		...changes
	};
}

// The shared test parents hold places in other tests' groups on nearby dates; an overlap is
// not what these tests are about, so it is confirmed (enrolment-overlap.test.ts tests it).
async function enrolAll(groupId: string, people: Account[]) {
	for (const p of people)
		await ok(await lead(), 'enrol_parent', {
			group_id: groupId,
			email: p.email,
			confirm_overlap: true
		});
}

interface Queued {
	to_profile: string;
	dedupe_key: string;
	payload: {
		audience: string;
		status: string | null;
		group: Record<string, unknown>;
		changes: Record<string, { was: unknown; now: unknown }>;
		sessions?: Array<{ revision: number }> | null;
	};
}

async function lastId(): Promise<number> {
	const { rows } = await backend.db.query<{ id: number }>(
		'select coalesce(max(id), 0)::int as id from public.notifications'
	);
	return rows[0]!.id;
}

/** group_changed emails about a group queued after `afterId`. */
async function changedEmails(groupId: string, afterId: number): Promise<Queued[]> {
	const { rows } = await backend.db.query<Queued>(
		`select to_profile, dedupe_key, payload from public.notifications
		  where id > $1 and kind = 'group_changed' and payload -> 'group' ->> 'id' = $2 order by id`,
		[afterId, groupId]
	);
	return rows;
}

async function history(groupId: string) {
	const { rows } = await backend.db.query<{
		changes: Record<string, { was: unknown; now: unknown }>;
		reason: string | null;
		changed_by: string;
	}>(
		'select changes, reason, changed_by from public.group_changes where group_id = $1 order by changed_at',
		[groupId]
	);
	return rows;
}

describe('edit_group: the clinical lead', () => {
	it('may change the name, venue and postcode, video link, places, funder and fee', async () => {
		const g = await createGroup(await lead());
		await ok(
			await lead(),
			'edit_group',
			await editArgs(g, {
				name: '  Spring – Monday mornings ',
				venue: 'Elm Room, Riverside Centre',
				venue_postcode: 'ne14st',
				video_link: 'https://meet.example.org/monday',
				capacity: 10,
				funder: 'City Council'
			})
		);
		expect(await groupRow(g)).toEqual({
			name: 'Spring – Monday mornings',
			venue: 'Elm Room, Riverside Centre',
			venue_postcode: 'NE1 4ST',
			video_link: 'https://meet.example.org/monday',
			capacity: 10,
			funding: 'funded',
			funder: 'City Council',
			fee_pence: null
		});
		await ok(
			await lead(),
			'edit_group',
			await editArgs(g, { funding: 'self_funded', fee_pence: 9550, funder: 'ignored' })
		);
		expect(await groupRow(g)).toMatchObject({
			funding: 'self_funded',
			funder: null,
			fee_pence: 9550
		});
	});

	it('refuses bad details beside their field, changing nothing', async () => {
		const g = await createGroup(await lead());
		const before = await groupRow(g);
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ name: '  ' }, 'name'],
			[{ venue: '', video_link: null }, 'venue'],
			[{ venue: '', video_link: 'https://meet.example.org/x', venue_postcode: 'NE1 4ST' }, 'venue'],
			[{ venue_postcode: 'not a postcode' }, 'venue_postcode'],
			[{ video_link: 'http://insecure.example.org' }, 'video_link'],
			[{ funder: '' }, 'funder'],
			[{ funding: 'self_funded', fee_pence: null }, 'fee'],
			[{ capacity: 0 }, 'capacity']
		];
		for (const [change, field] of cases) {
			const r = await rpc(await lead(), 'edit_group', await editArgs(g, change));
			expect(r.error?.code, JSON.stringify(change)).toBe('P0001');
			expect(r.error?.hint, JSON.stringify(change)).toBe(field);
		}
		expect(await groupRow(g)).toEqual(before);
		expect(await history(g)).toEqual([]);
	});

	it('never sets places below the families holding one (a place or an offer)', async () => {
		const g = await createGroup(await lead(), { capacity: 3 });
		const people = await createParents(backend, 3);
		await enrolAll(g, people);
		// One withdraws: with nobody waiting, 2 hold places.
		const { rows } = await backend.db.query<{ id: string }>(
			'select id from public.enrolments where group_id = $1 and parent_id = $2',
			[g, people[2]!.id]
		);
		await ok(await lead(), 'withdraw_enrolment', {
			enrolment_id: rows[0]!.id,
			reason: 'Moved away',
			withdrawn_on: new Date().toISOString().slice(0, 10)
		});
		const r = await rpc(await lead(), 'edit_group', await editArgs(g, { capacity: 1 }));
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'capacity' });
		expect(r.error?.message).toContain('2 families hold places');
		expect((await groupRow(g)).capacity).toBe(3);
		await ok(await lead(), 'edit_group', await editArgs(g, { capacity: 2 }));
		expect((await groupRow(g)).capacity).toBe(2);
	});

	it('never sets places above the programme’s (12 for a group)', async () => {
		const g = await createGroup(await lead(), { capacity: 8 });
		const r = await rpc(await lead(), 'edit_group', await editArgs(g, { capacity: 13 }));
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'capacity' });
		expect((await groupRow(g)).capacity).toBe(8);
	});

	it('changes funding freely before the first session, and after it only with a reason, kept in the history', async () => {
		const g = await createGroup(await lead());
		await ok(await lead(), 'edit_group', await editArgs(g, { funder: 'Before the start' }));
		await startGroup(backend, g);
		const refused = await rpc(
			await lead(),
			'edit_group',
			await editArgs(g, { funding: 'self_funded', fee_pence: 5000 })
		);
		expect(refused.error).toMatchObject({ code: 'P0001', hint: 'reason' });
		expect(await groupRow(g)).toMatchObject({ funding: 'funded', funder: 'Before the start' });
		// Venue changes after the start need no reason.
		await ok(await lead(), 'edit_group', await editArgs(g, { venue: 'Hall B' }));
		await ok(
			await lead(),
			'edit_group',
			await editArgs(g, {
				funding: 'self_funded',
				fee_pence: 5000,
				reason: '  The trust’s grant ended in March. '
			})
		);
		expect(await groupRow(g)).toMatchObject({
			funding: 'self_funded',
			fee_pence: 5000,
			funder: null
		});
		const h = await history(g);
		expect(h).toHaveLength(3);
		expect(h[2]).toEqual({
			changes: {
				funding: {
					was: { funding: 'funded', funder: 'Before the start', fee_pence: null },
					now: { funding: 'self_funded', funder: null, fee_pence: 5000 }
				}
			},
			reason: 'The trust’s grant ended in March.',
			changed_by: ids.lead
		});
		// The group page shows the history to the group's staff, newest first.
		const page = await ok<{
			changes: Array<{ reason: string | null; changes: object; changed_by: string | null }>;
		}>(await facilitator1(), 'group_page', { group_id: g });
		expect(page.changes).toHaveLength(3);
		expect(page.changes[0]!.reason).toBe('The trust’s grant ended in March.');
		// A facilitator cannot read the lead's profile, so sees the role; the lead sees the name.
		expect(page.changes[0]!.changed_by).toBe('The clinical lead');
		const forLead = await ok<{ changes: Array<{ changed_by: string | null }> }>(
			await lead(),
			'group_page',
			{ group_id: g }
		);
		expect(forLead.changes[0]!.changed_by).toBe('Helen Marsh');
	});

	it('cannot change a cancelled or a completed group', async () => {
		const cancelled = await createGroup(await lead());
		await ok(await lead(), 'cancel_group', { group_id: cancelled, reason: 'Too few families' });
		const r1 = await rpc(
			await lead(),
			'edit_group',
			await editArgs(cancelled, { venue: 'Hall C' })
		);
		expect(r1.error?.code).toBe('P0001');
		expect(r1.error?.message).toContain('cancelled');

		const done = await createGroup(await lead());
		await backend.db.query(
			`update public.sessions set starts_at = starts_at - interval '200 days',
			   ends_at = ends_at - interval '200 days' where group_id = $1`,
			[done]
		);
		const r2 = await rpc(await lead(), 'edit_group', await editArgs(done, { venue: 'Hall C' }));
		expect(r2.error?.code).toBe('P0001');
		expect(r2.error?.message).toContain('finished');
		const swap = await rpc(await lead(), 'swap_facilitator', {
			group_id: done,
			old_facilitator_id: ids.facilitator2,
			new_facilitator_id: cover.id
		});
		expect(swap.error?.code).toBe('P0001');
		expect((await groupRow(done)).venue).toBe('Family Centre, Room 2');
	});
});

describe('edit_group: everyone else', () => {
	it("lets the group's facilitator change the venue and video link", async () => {
		const g = await createGroup(await lead());
		await ok(
			await facilitator2(),
			'edit_group',
			await placeArgs(g, { venue: 'Room 5', video_link: 'https://meet.example.org/hybrid' })
		);
		expect(await groupRow(g)).toMatchObject({
			venue: 'Room 5',
			video_link: 'https://meet.example.org/hybrid'
		});
		// Sending the rest unchanged (as a stale lead's form might) is not a change.
		await ok(await facilitator2(), 'edit_group', await editArgs(g, { venue: 'Room 6' }));
		expect((await groupRow(g)).venue).toBe('Room 6');
	});

	it("refuses the group's facilitator the name, places and funding", async () => {
		const g = await createGroup(await lead());
		const before = await groupRow(g);
		for (const change of [
			{ name: 'Renamed' },
			{ capacity: 10 },
			{ funder: 'Another funder' },
			{ funding: 'self_funded', fee_pence: 1000 },
			{ venue: 'Room 9', capacity: 11 }
		]) {
			expect(
				await rpcCode(await facilitator1(), 'edit_group', await editArgs(g, change)),
				JSON.stringify(change)
			).toBe('42501');
		}
		expect(await groupRow(g)).toEqual(before);
	});

	it('refuses another facilitator, a parent in the group and anon', async () => {
		const g = await createGroup(await lead());
		await enrolAll(g, [parent]);
		const before = await groupRow(g);
		const args = await placeArgs(g, { venue: 'Somewhere else' });
		expect(await rpcCode(await coverClient(), 'edit_group', args)).toBe('42501');
		expect(await rpcCode(await parentClient(), 'edit_group', args)).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'edit_group', args)).toBe('42501');
		expect(await groupRow(g)).toEqual(before);
		// Nor may they open the edit page.
		expect(await rpcCode(await coverClient(), 'edit_group_page', { group_id: g })).toBe('42501');
		expect(await rpcCode(await parentClient(), 'edit_group_page', { group_id: g })).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'edit_group_page', { group_id: g })).toBe('42501');
	});

	it('edit_group_page offers the lead the facilitators who could step in, and nobody else', async () => {
		const g = await createGroup(await lead());
		const forLead = await ok<{ candidates: Array<{ id: string }>; is_lead: boolean }>(
			await lead(),
			'edit_group_page',
			{ group_id: g }
		);
		expect(forLead.is_lead).toBe(true);
		const candidateIds = forLead.candidates.map((c) => c.id);
		expect(candidateIds).toContain(cover.id);
		expect(candidateIds).not.toContain(ids.facilitator1);
		expect(candidateIds).not.toContain(ids.parent(1));
		const forFacilitator = await ok<{ candidates: unknown[]; is_lead: boolean }>(
			await facilitator1(),
			'edit_group_page',
			{ group_id: g }
		);
		expect(forFacilitator).toMatchObject({ is_lead: false, candidates: [] });
	});
});

describe('edit_group: places and the waitlist', () => {
	it('raising places before the start offers them to the waitlist, in order', async () => {
		const g = await createGroup(await lead(), { capacity: 2 });
		const people = await createParents(backend, 4);
		await enrolAll(g, people); // 2 places, 2 waiting
		const result = await ok<{ offered: number; emailed: number; changed: string[] }>(
			await lead(),
			'edit_group',
			await editArgs(g, { capacity: 3 })
		);
		expect(result).toMatchObject({ offered: 1, emailed: 0, changed: ['capacity'] });
		const { rows } = await backend.db.query<{ parent_id: string; status: string }>(
			'select parent_id, status::text from public.enrolments where group_id = $1',
			[g]
		);
		const status = Object.fromEntries(rows.map((r) => [r.parent_id, r.status]));
		expect(status[people[2]!.id]).toBe('offered');
		expect(status[people[3]!.id]).toBe('waitlisted');
		const { rows: offers } = await backend.db.query(
			"select 1 from public.notifications where kind = 'place_offered' and to_profile = $1",
			[people[2]!.id]
		);
		expect(offers).toHaveLength(1);
	});

	it('raising places after the start offers nothing (the group is closed)', async () => {
		const g = await createGroup(await lead(), { capacity: 1 });
		const people = await createParents(backend, 2);
		await enrolAll(g, people);
		await startGroup(backend, g);
		const result = await ok<{ offered: number }>(
			await lead(),
			'edit_group',
			await editArgs(g, { capacity: 2 })
		);
		expect(result.offered).toBe(0);
		const { rows } = await backend.db.query<{ status: string }>(
			'select status::text from public.enrolments where group_id = $1 and parent_id = $2',
			[g, people[1]!.id]
		);
		expect(rows[0]!.status).toBe('waitlisted');
	});
});

describe('edit_group: telling families', () => {
	it('emails each family holding a place, an offer or a waitlist spot, and the facilitators, once', async () => {
		const g = await createGroup(await lead(), { capacity: 2 });
		const people = await createParents(backend, 3);
		await enrolAll(g, people); // 2 enrolled, 1 waitlisted
		const since = await lastId();
		const args = await editArgs(g, { venue: 'Elm Room', venue_postcode: 'NE1 4ST' });
		const first = await ok<{ emailed: number }>(await lead(), 'edit_group', args);
		const emails = await changedEmails(g, since);
		expect(first.emailed).toBe(5);
		expect(emails.map((e) => e.to_profile).sort()).toEqual(
			[...people.map((p) => p.id), ids.facilitator1, ids.facilitator2].sort()
		);
		const toFamily = emails.find((e) => e.to_profile === people[0]!.id)!;
		expect(toFamily.payload).toMatchObject({
			audience: 'parent',
			status: 'enrolled',
			changes: {
				venue: { was: 'Family Centre, Room 2', now: 'Elm Room' },
				venue_postcode: { was: null, now: 'NE1 4ST' }
			}
		});
		expect(toFamily.payload.group).toMatchObject({ venue: 'Elm Room' });
		// Calendars hear about it: every session still to come has a new revision, and the email
		// carries them (not to the waitlist, whose calendars do not hold the sessions).
		const { rows: revisions } = await backend.db.query<{ revision: number }>(
			'select revision from public.sessions where group_id = $1',
			[g]
		);
		expect(revisions.map((r) => r.revision)).toEqual(Array(8).fill(1));
		expect(toFamily.payload.sessions?.map((x) => x.revision)).toEqual(Array(8).fill(1));
		const toWaiting = emails.find((e) => e.payload.status === 'waitlisted')!;
		expect(toWaiting.payload.sessions).toBeNull();
		// A double submit: nothing left to change, nothing recorded, nobody emailed again.
		const second = await ok<{ emailed: number; changed: string[] }>(
			await lead(),
			'edit_group',
			args
		);
		expect(second).toMatchObject({ emailed: 0, changed: [] });
		expect(await changedEmails(g, since)).toHaveLength(5);
		expect(await history(g)).toHaveLength(1);
		// Every queued email renders.
		for (const e of emails) {
			const mail = templates.group_changed!(e.payload, {
				recipient: { email: 'x@example.org', full_name: 'Sam Taylor', role: e.payload.audience },
				clinic: {
					name: 'Northside Family Clinic',
					phone: null,
					email: null,
					postal_address: null,
					reply_to: null,
					staff_contact: null
				},
				siteUrl: SITE
			});
			expect(mail.text).toContain('Elm Room');
			expect(mail.text).toContain('Family Centre, Room 2');
		}
	});

	it('does not email about places alone, nor a funder’s name alone', async () => {
		const g = await createGroup(await lead(), { capacity: 4 });
		await enrolAll(g, await createParents(backend, 2));
		const since = await lastId();
		await ok(await lead(), 'edit_group', await editArgs(g, { capacity: 6 }));
		await ok(await lead(), 'edit_group', await editArgs(g, { funder: 'Renamed Trust' }));
		expect(await changedEmails(g, since)).toEqual([]);
		expect(await history(g)).toHaveLength(2);
		// Nor do calendars need an update.
		const { rows } = await backend.db.query<{ revision: number }>(
			'select distinct revision from public.sessions where group_id = $1',
			[g]
		);
		expect(rows).toEqual([{ revision: 0 }]);
	});

	it('tells the waitlist about a new fee but not about a video link', async () => {
		const g = await createGroup(await lead(), { capacity: 1 });
		const [placed, waiting] = await createParents(backend, 2);
		await enrolAll(g, [placed!, waiting!]);
		let since = await lastId();
		await ok(
			await lead(),
			'edit_group',
			await editArgs(g, { video_link: 'https://meet.example.org/secret-room' })
		);
		let emails = await changedEmails(g, since);
		expect(emails.map((e) => e.to_profile)).not.toContain(waiting!.id);
		expect(emails.map((e) => e.to_profile)).toContain(placed!.id);

		since = await lastId();
		await ok(
			await lead(),
			'edit_group',
			await editArgs(g, { funding: 'self_funded', fee_pence: 12000 })
		);
		emails = await changedEmails(g, since);
		const toWaiting = emails.find((e) => e.to_profile === waiting!.id)!;
		expect(toWaiting.payload.changes).toEqual({
			cost: {
				was: { funding: 'funded', fee_pence: null },
				now: { funding: 'self_funded', fee_pence: 12000 }
			}
		});
		// The waitlist's copy never carries the video link.
		expect(JSON.stringify(toWaiting.payload)).not.toContain('secret-room');
	});

	it('queues nothing when the change is refused', async () => {
		const g = await createGroup(await lead());
		await enrolAll(g, await createParents(backend, 1));
		const since = await lastId();
		await rpc(await facilitator1(), 'edit_group', await editArgs(g, { venue: 'X', name: 'Y' }));
		await rpc(await lead(), 'edit_group', await editArgs(g, { venue: 'X', capacity: 50 }));
		expect(await changedEmails(g, since)).toEqual([]);
	});
});

describe('swap_facilitator', () => {
	it('replaces one facilitator in one step: the group keeps two, and the history says who', async () => {
		const g = await createGroup(await lead());
		await ok(await lead(), 'swap_facilitator', {
			group_id: g,
			old_facilitator_id: ids.facilitator2,
			new_facilitator_id: cover.id
		});
		const { rows } = await backend.db.query<{ facilitator_id: string }>(
			'select facilitator_id from public.group_facilitators where group_id = $1 order by 1',
			[g]
		);
		expect(rows.map((r) => r.facilitator_id).sort()).toEqual([ids.facilitator1, cover.id].sort());
		expect((await history(g))[0]!.changes).toEqual({
			facilitators: { was: ['Priya Shah', 'Tom Ellis'], now: ['Priya Shah', 'Sam Okafor'] }
		});
	});

	it('refuses the same person, someone already on the group, a parent and an unknown id', async () => {
		const g = await createGroup(await lead());
		const cases: Array<[Record<string, unknown>, string]> = [
			[
				{ old_facilitator_id: ids.facilitator2, new_facilitator_id: ids.facilitator2 },
				'new_facilitator_id'
			],
			[
				{ old_facilitator_id: ids.facilitator2, new_facilitator_id: ids.facilitator1 },
				'new_facilitator_id'
			],
			[
				{ old_facilitator_id: ids.facilitator2, new_facilitator_id: ids.parent(1) },
				'new_facilitator_id'
			],
			[
				{ old_facilitator_id: ids.facilitator2, new_facilitator_id: ids.lead },
				'new_facilitator_id'
			],
			[
				{
					old_facilitator_id: ids.facilitator2,
					new_facilitator_id: '00000000-0000-4000-8000-00000000dead'
				},
				'new_facilitator_id'
			],
			[{ old_facilitator_id: ids.parent(1), new_facilitator_id: cover.id }, 'old_facilitator_id']
		];
		for (const [args, field] of cases) {
			const r = await rpc(await lead(), 'swap_facilitator', { group_id: g, ...args });
			expect(r.error?.code, JSON.stringify(args)).toBe('P0001');
			expect(r.error?.hint, JSON.stringify(args)).toBe(field);
		}
		const { rows } = await backend.db.query(
			'select 1 from public.group_facilitators where group_id = $1',
			[g]
		);
		expect(rows).toHaveLength(2);
		// Asking for what is already so (off the group, on the group) changes nothing.
		expect(
			await ok(await lead(), 'swap_facilitator', {
				group_id: g,
				old_facilitator_id: cover.id,
				new_facilitator_id: ids.facilitator2
			})
		).toMatchObject({ emailed: 0 });
		expect(await history(g)).toEqual([]);
	});

	it('is for the lead only', async () => {
		const g = await createGroup(await lead());
		const args = {
			group_id: g,
			old_facilitator_id: ids.facilitator2,
			new_facilitator_id: cover.id
		};
		expect(await rpcCode(await facilitator1(), 'swap_facilitator', args)).toBe('42501');
		expect(await rpcCode(await coverClient(), 'swap_facilitator', args)).toBe('42501');
		expect(await rpcCode(await parentClient(), 'swap_facilitator', args)).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'swap_facilitator', args)).toBe('42501');
		// No client can step around it by writing the table.
		const direct = await sqlError(
			backend,
			ids.lead,
			'delete from public.group_facilitators where group_id = $1',
			[g]
		);
		expect(direct).toBe('42501');
	});

	it('works on a running group; the replaced facilitator loses its pages and notes, the new one gains them', async () => {
		const g = await createGroup(await lead());
		await startGroup(backend, g);
		const { rows: s } = await backend.db.query<{ id: string }>(
			'select id from public.sessions where group_id = $1 and number = 1',
			[g]
		);
		await ok(await facilitator2(), 'save_session_notes', {
			session_id: s[0]!.id,
			covered: 'Introductions',
			how_it_went: 'Warm',
			reflection: 'Quiet start'
		});
		const notes = (who: string) =>
			asRole(backend, who, 'select covered from public.session_notes where session_id = $1', [
				s[0]!.id
			]);
		expect(await notes(ids.facilitator2)).toHaveLength(1);
		expect(await notes(cover.id)).toHaveLength(0);
		expect(await rpcCode(await coverClient(), 'group_page', { group_id: g })).toBe('42501');

		await ok(await lead(), 'swap_facilitator', {
			group_id: g,
			old_facilitator_id: ids.facilitator2,
			new_facilitator_id: cover.id
		});
		expect(await rpcCode(await facilitator2(), 'group_page', { group_id: g })).toBe('42501');
		expect(await notes(ids.facilitator2)).toHaveLength(0);
		expect(
			await asRole(backend, ids.facilitator2, 'select 1 from public.groups where id = $1', [g])
		).toHaveLength(0);
		expect(await rpcCode(await coverClient(), 'group_page', { group_id: g })).toBeNull();
		expect(await notes(cover.id)).toEqual([{ covered: 'Introductions' }]);
	});

	it('tells the families and all three facilitators, once (a second submit changes nothing)', async () => {
		const g = await createGroup(await lead(), { capacity: 1 });
		const [placed, waiting] = await createParents(backend, 2);
		await enrolAll(g, [placed!, waiting!]);
		const since = await lastId();
		const args = {
			group_id: g,
			old_facilitator_id: ids.facilitator2,
			new_facilitator_id: cover.id
		};
		const first = await ok<{ emailed: number }>(await lead(), 'swap_facilitator', args);
		expect(first.emailed).toBe(5);
		const emails = await changedEmails(g, since);
		const audience = Object.fromEntries(emails.map((e) => [e.to_profile, e.payload.audience]));
		expect(audience).toEqual({
			[placed!.id]: 'parent',
			[waiting!.id]: 'parent',
			[ids.facilitator1]: 'facilitator',
			[cover.id]: 'facilitator',
			[ids.facilitator2]: 'former_facilitator'
		});
		expect(emails[0]!.payload.changes).toEqual({
			facilitators: { was: ['Priya', 'Tom'], now: ['Priya', 'Sam'] }
		});
		const again = await ok<{ emailed: number }>(await lead(), 'swap_facilitator', args);
		expect(again.emailed).toBe(0);
		expect(await changedEmails(g, since)).toHaveLength(5);
		expect(await history(g)).toHaveLength(1);
	});
});

describe('group_changes', () => {
	it("is read by the lead and the group's facilitators only, and written by no client", async () => {
		const g = await createGroup(await lead());
		await enrolAll(g, [parent]);
		await ok(await lead(), 'edit_group', await editArgs(g, { venue: 'Room 7' }));
		const read = (who: string | null) =>
			asRole(backend, who, 'select reason from public.group_changes where group_id = $1', [g]);
		expect(await read(ids.lead)).toHaveLength(1);
		expect(await read(ids.facilitator1)).toHaveLength(1);
		expect(await read(cover.id)).toHaveLength(0);
		expect(await read(parent.id)).toHaveLength(0);
		expect(await read(null)).toHaveLength(0);
		for (const who of [ids.lead, ids.facilitator1]) {
			const code = await sqlError(
				backend,
				who,
				`insert into public.group_changes (group_id, changes) values ($1, '{"name":{}}')`,
				[g]
			);
			expect(code).toBe('42501');
		}
	});
});
