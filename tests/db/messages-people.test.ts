/**
 * Issue 12, the people side of messaging, as the database queues it: personal invitations
 * (a random token kept only as its hash, 7 days, single use, a resend kills the old link), the
 * welcome and waitlist emails queued in the enrolment's own transaction, an offer link for a
 * family who has not set a password, concerns linked and escalated to the deputy once, and one
 * email to the facilitators per run of absences. Assertions read public.notifications rows: the
 * worker that delivers them is another branch's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, ids, startBackend, type Client } from './harness';
import { clearRunningGroupHistory, THURSDAY_GROUP } from './seed-reset';
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

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const facilitator2 = () => as('facilitator2@example.org');
const service = (): Client => anonClient(backend, backend.serviceRoleKey);

let n = 0;
const freshEmail = (who = 'person') => `${who}.${Date.now()}.${++n}@example.net`;

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

interface Queued {
	id: number;
	kind: string;
	to_profile: string | null;
	to_email: string | null;
	to_name: string | null;
	dedupe_key: string | null;
	payload: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}
async function queuedTo(emailOrProfile: string, kind?: string): Promise<Queued[]> {
	return db<Queued>(
		`select n.* from public.notifications n left join public.profiles p on p.id = n.to_profile
		  where (n.to_email = lower($1) or p.email = lower($1) or n.to_profile::text = $1)
		    and ($2::text is null or n.kind = $2) order by n.id`,
		[emailOrProfile, kind ?? null]
	);
}
async function invitationRow(email: string) {
	return (
		await db<{
			id: string;
			token_hash: string | null;
			token_expires_at: Date | null;
			token_used_at: Date | null;
			accepted_at: Date | null;
		}>(
			`select id, encode(token_hash, 'hex') as token_hash, token_expires_at, token_used_at, accepted_at
			   from public.invitations where email = lower($1)`,
			[email]
		)
	)[0]!;
}
async function sha256(token: string): Promise<string> {
	return (
		await db<{ h: string }>("select encode(extensions.digest($1::text, 'sha256'), 'hex') as h", [
			token
		])
	)[0]!.h;
}
const linkStatus = async (token: string) =>
	(await ok<{ status: string }>(service(), 'invitation_by_token', { token })).status;

/** Invite as the lead and return the token the queued email carries. */
async function inviteFacilitator(email = freshEmail('facilitator')): Promise<[string, string]> {
	await ok(await lead(), 'invite_person', {
		email,
		full_name: 'Fay Newcomer',
		role: 'facilitator'
	});
	const [message] = (await queuedTo(email, 'invitation')).slice(-1);
	return [email, message!.payload.token as string];
}

beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

describe('personal invitations', () => {
	it('queue one email whose link is a random token, kept only as its hash, for 7 days', async () => {
		const before = Date.now();
		const [email, token] = await inviteFacilitator();
		const messages = await queuedTo(email, 'invitation');
		expect(messages).toHaveLength(1);
		const m = messages[0]!;
		expect(m.to_profile).toBeNull();
		expect(m.to_name).toBe('Fay Newcomer');
		expect(token).toMatch(/^[0-9a-f]{64}$/);
		expect(m.payload.invited_by.full_name).toBe('Helen Marsh');
		expect(m.payload.role).toBe('facilitator');
		const inv = await invitationRow(email);
		expect(inv.token_hash).toBe(await sha256(token));
		// Nothing in the invitations table holds the token itself.
		const [row] = await db<{ t: string }>(
			'select to_jsonb(i)::text as t from public.invitations i where email = $1',
			[email]
		);
		expect(row!.t).not.toContain(token);
		const days = (inv.token_expires_at!.getTime() - before) / 86_400_000;
		expect(days).toBeGreaterThan(6.99);
		expect(days).toBeLessThan(7.01);
		expect(await linkStatus(token)).toBe('valid');
		expect(await linkStatus('0'.repeat(64))).toBe('unknown');
	});

	it('are read and used only by the server (service role), never by a browser role', async () => {
		const [, token] = await inviteFacilitator();
		expect(await rpcCode(anonClient(backend), 'invitation_by_token', { token })).toBe('42501');
		expect(await rpcCode(await facilitator1(), 'invitation_by_token', { token })).toBe('42501');
		expect(
			await rpcCode(await lead(), 'accept_invitation', { token, full_name: 'Someone Else' })
		).toBe('42501');
		expect(await linkStatus(token)).toBe('valid');
	});

	it('expire after 7 days: the link says so and cannot be used', async () => {
		const [email, token] = await inviteFacilitator();
		await db(
			"update public.invitations set token_expires_at = now() - interval '1 minute' where email = $1",
			[email]
		);
		expect(await linkStatus(token)).toBe('expired');
		const refused = await rpc(service(), 'accept_invitation', { token, full_name: 'Fay' });
		expect(refused.error?.code).toBe('P0001');
		expect((refused.error as unknown as { details: string }).details).toBe('expired');
		expect((await invitationRow(email)).token_used_at).toBeNull();
	});

	it('the welcome flow makes exactly one account with the invitation role, and the link works once', async () => {
		const [email, token] = await inviteFacilitator();
		const created = await service().auth.admin.createUser({
			email,
			password: 'a long new password',
			email_confirm: true
		});
		expect(created.error).toBeNull();
		expect(
			await ok(service(), 'accept_invitation', { token, full_name: 'Fay Q Newcomer' })
		).toMatchObject({ email, role: 'facilitator', full_name: 'Fay Q Newcomer' });
		const profiles = await db<{ role: string; full_name: string }>(
			'select role::text, full_name from public.profiles where email = $1',
			[email]
		);
		expect(profiles).toEqual([{ role: 'facilitator', full_name: 'Fay Q Newcomer' }]);
		expect((await invitationRow(email)).accepted_at).not.toBeNull();
		const again = await rpc(service(), 'accept_invitation', { token, full_name: 'Fay' });
		expect((again.error as unknown as { details: string }).details).toBe('used');
		expect(await linkStatus(token)).toBe('used');
		const second = await service().auth.admin.createUser({
			email,
			password: 'another password',
			email_confirm: true
		});
		expect(second.error?.code).toBe('email_exists');
		const signedIn = await anonClient(backend).auth.signInWithPassword({
			email,
			password: 'a long new password'
		});
		expect(signedIn.error).toBeNull();
	});

	it('a resend sends a new link and the old one stops working', async () => {
		const [email, first] = await inviteFacilitator();
		const inv = await invitationRow(email);
		await ok(await lead(), 'resend_invitation', { invitation_id: inv.id });
		const messages = await queuedTo(email, 'invitation');
		expect(messages).toHaveLength(2);
		const second = messages[1]!.payload.token as string;
		expect(second).not.toBe(first);
		expect(await linkStatus(first)).toBe('unknown');
		expect(await linkStatus(second)).toBe('valid');
		const stale = await rpc(service(), 'accept_invitation', { token: first, full_name: 'Fay' });
		expect((stale.error as unknown as { details: string }).details).toBe('unknown');
	});

	it('only the inviter, the lead, or the staff of the family’s group may resend', async () => {
		// A facilitator invitation: only the lead may resend it.
		const [facEmail] = await inviteFacilitator();
		const facInv = await invitationRow(facEmail);
		expect(
			await rpcCode(await facilitator1(), 'resend_invitation', { invitation_id: facInv.id })
		).toBe('42501');
		// A parent invited by facilitator 1 (no group): facilitator 2 may not, facilitator 1 may.
		const parentEmail = freshEmail('parent');
		await ok(await facilitator1(), 'invite_person', {
			email: parentEmail,
			full_name: 'Pat Parent',
			role: 'parent'
		});
		const parentInv = await invitationRow(parentEmail);
		expect(
			await rpcCode(await facilitator2(), 'resend_invitation', { invitation_id: parentInv.id })
		).toBe('42501');
		expect(
			await rpcCode(await facilitator1(), 'resend_invitation', { invitation_id: parentInv.id })
		).toBeNull();
		const parent = await as('parent1@example.org');
		expect(await rpcCode(parent, 'resend_invitation', { invitation_id: parentInv.id })).toBe(
			'42501'
		);
		expect(await queuedTo(parentEmail, 'invitation')).toHaveLength(2);
		// Once the account is set up there is nothing to resend.
		await service().auth.admin.createUser({
			email: parentEmail,
			password: 'a long new password',
			email_confirm: true
		});
		expect(await rpcCode(await lead(), 'resend_invitation', { invitation_id: parentInv.id })).toBe(
			'P0001'
		);
	});
});

describe('a place given, a waitlist spot, an offer', () => {
	let group: string;
	let parents: Account[];

	beforeAll(async () => {
		group = await createGroup(await lead(), { capacity: 2, venue_postcode: 'ne1 4st' });
		parents = await createParents(backend, 3);
	});

	it('a new family is sent one invitation, in the enrolment’s transaction, naming the group, its dates, facilitators and inviter', async () => {
		const email = freshEmail('family');
		const f1 = await facilitator1();
		await ok(f1, 'invite_person', {
			email,
			full_name: 'Nina Family',
			role: 'parent',
			for_group: group
		});
		// The invitation waits for the enrolment, which says what the family has been given.
		expect(await queuedTo(email)).toHaveLength(0);
		// As the app's server does: an account without a password, so the family can be enrolled.
		const made = await service().auth.admin.createUser({ email, email_confirm: false });
		expect(made.error).toBeNull();
		await ok(f1, 'enrol_parent', { group_id: group, email });
		const messages = await queuedTo(email);
		expect(messages.map((m) => m.kind)).toEqual(['invitation']);
		const p = messages[0]!.payload;
		expect(p.invited_by.full_name).toBe('Priya Shah');
		expect(p.place.status).toBe('enrolled');
		expect(p.place.group.venue_postcode).toBe('NE1 4ST');
		expect(p.place.sessions).toHaveLength(8);
		expect(p.place.sessions[0]).toMatchObject({ number: 1, title: expect.any(String) });
		expect(p.place.facilitators).toHaveLength(2);

		// The welcome page: the account exists without a password; setting one confirms it.
		const link = await ok<{ status: string; user_id: string }>(service(), 'invitation_by_token', {
			token: p.token
		});
		expect(link.status).toBe('valid');
		expect(link.user_id).toBe(made.data.user!.id);
		const set = await service().auth.admin.updateUserById(link.user_id, {
			password: 'a long new password',
			email_confirm: true
		});
		expect(set.error).toBeNull();
		await ok(service(), 'accept_invitation', { token: p.token, full_name: 'Nina Family' });
		const users = await db<{ n: number }>(
			'select count(*)::int as n from auth.users where lower(email) = $1',
			[email]
		);
		expect(users[0]!.n).toBe(1);
		expect(
			(
				await anonClient(backend).auth.signInWithPassword({
					email,
					password: 'a long new password'
				})
			).error
		).toBeNull();
	});

	it('a family with an account gets a place_given email with every session; the next, a waitlist email with their number', async () => {
		const f1 = await facilitator1();
		await ok(f1, 'enrol_parent', { group_id: group, email: parents[0]!.email });
		const given = await queuedTo(parents[0]!.id);
		expect(given.map((m) => m.kind)).toEqual(['place_given']);
		expect(given[0]!.payload.sessions).toHaveLength(8);
		expect(given[0]!.payload.group.name).toMatch(/^Group /);
		expect(given[0]!.dedupe_key).toBe(`place_given:${given[0]!.payload.enrolment_id}`);

		await ok(f1, 'enrol_parent', { group_id: group, email: parents[1]!.email });
		const waiting = await queuedTo(parents[1]!.id);
		expect(waiting.map((m) => m.kind)).toEqual(['waitlisted']);
		expect(waiting[0]!.payload.position).toBe(1);
		expect(waiting[0]!.payload.group.video_link).toBeUndefined();
	});

	it('a refused enrolment queues nothing', async () => {
		const outsider = await createAccount(backend, 'facilitator', { password: true });
		const theirs = await as(outsider.email);
		expect(
			await rpcCode(theirs, 'enrol_parent', { group_id: group, email: parents[2]!.email })
		).toBe('42501');
		// Enrolled already: refused, and no second email.
		expect(
			await rpcCode(await facilitator1(), 'enrol_parent', {
				group_id: group,
				email: parents[0]!.email
			})
		).not.toBeNull();
		expect(await queuedTo(parents[2]!.id)).toHaveLength(0);
		expect(await queuedTo(parents[0]!.id)).toHaveLength(1);
	});

	it('accepting an offer queues the welcome; declining does not', async () => {
		const g = await createGroup(await lead(), { capacity: 1 });
		const [holder, waiter, third] = await Promise.all([
			createAccount(backend, 'parent'),
			createAccount(backend, 'parent', { password: true }),
			createAccount(backend, 'parent', { password: true })
		]);
		const f1 = await facilitator1();
		const holding = await ok<{ id: string }>(f1, 'enrol_parent', {
			group_id: g,
			email: holder.email
		});
		await ok(f1, 'enrol_parent', { group_id: g, email: waiter.email });
		await ok(f1, 'enrol_parent', { group_id: g, email: third.email });
		await ok(f1, 'withdraw_enrolment', {
			enrolment_id: holding.id,
			reason: 'Moved away',
			withdrawn_on: new Date().toISOString().slice(0, 10)
		});
		const offer = (await queuedTo(waiter.id, 'place_offered'))[0]!;
		expect(offer.payload.group.name).toMatch(/^Group /);
		await ok(await as(waiter.email), 'respond_to_offer', {
			enrolment_id: offer.payload.enrolment_id,
			accept: false
		});
		expect(await queuedTo(waiter.id, 'place_given')).toHaveLength(0);
		const next = (await queuedTo(third.id, 'place_offered'))[0]!;
		await ok(await as(third.email), 'respond_to_offer', {
			enrolment_id: next.payload.enrolment_id,
			accept: true
		});
		const welcome = await queuedTo(third.id, 'place_given');
		expect(welcome).toHaveLength(1);
		expect(welcome[0]!.payload.status).toBe('enrolled');
	});

	it('an offer to a family who has not set a password carries a fresh welcome link', async () => {
		const g = await createGroup(await lead(), { capacity: 1 });
		const holder = await createAccount(backend, 'parent');
		const email = freshEmail('family');
		const f1 = await facilitator1();
		await ok(f1, 'enrol_parent', { group_id: g, email: holder.email });
		await ok(f1, 'invite_person', { email, full_name: 'Owen Offer', role: 'parent', for_group: g });
		await service().auth.admin.createUser({ email, email_confirm: false });
		await ok(f1, 'enrol_parent', { group_id: g, email });
		const invitation = (await queuedTo(email, 'invitation'))[0]!;
		expect(invitation.payload.place.status).toBe('waitlisted');
		const holding = (
			await db<{ id: string }>(
				'select id from public.enrolments where group_id = $1 and parent_id = $2',
				[g, holder.id]
			)
		)[0]!;
		await ok(f1, 'withdraw_enrolment', {
			enrolment_id: holding.id,
			reason: 'Moved away',
			withdrawn_on: new Date().toISOString().slice(0, 10)
		});
		const offer = (await queuedTo(email, 'place_offered'))[0]!;
		expect(offer.payload.welcome_token).toMatch(/^[0-9a-f]{64}$/);
		expect(await linkStatus(offer.payload.welcome_token)).toBe('valid');
		// The waitlist email's link was replaced by the offer's.
		expect(await linkStatus(invitation.payload.token)).toBe('unknown');
	});
});

describe('concerns', () => {
	let deputy: Account;
	let group: string;

	beforeAll(async () => {
		deputy = await createAccount(backend, 'facilitator', { password: true });
		group = await createGroup(await lead());
	});
	const raise = async (urgency: 'high' | 'medium') =>
		(
			await ok<{ id: string }>(await facilitator1(), 'raise_concern', {
				group_id: group,
				enrolment_id: null,
				session_id: null,
				kind: 'safeguarding',
				urgency,
				description: 'Private details that never go in an email.'
			})
		).id;
	const ageBy = (id: string, hours: number) =>
		db(`update public.concerns set raised_at = now() - make_interval(hours => $2) where id = $1`, [
			id,
			hours
		]);
	const escalate = async () =>
		(await db<{ n: number }>('select private.escalate_concerns(now()) as n'))[0]!.n;
	const setDeputy = (id: string | null) =>
		db('update public.organisation set concern_deputy = $1', [id]);

	it('the lead’s email names the concern (its id) and carries none of its details', async () => {
		const id = await raise('medium');
		const [m] = await db<Queued>(
			"select * from public.notifications where kind = 'concern_raised' and payload->>'concern_id' = $1",
			[id]
		);
		expect(m!.to_profile).toBe(ids.lead);
		expect(m!.payload).toMatchObject({ concern_id: id, group_id: group, urgency: 'medium' });
		expect(JSON.stringify(m!.payload)).not.toContain('Private details');
	});

	it('a high-urgency concern unreviewed after 24 hours goes to the deputy once; not before, not when reviewed, not without a deputy', async () => {
		await db("delete from public.notifications where kind = 'concern_escalated'");
		await db('delete from public.concerns where reviewed_at is null');
		await db(`insert into public.organisation (id) values (true) on conflict (id) do nothing`);
		const late = await raise('high');
		const reviewed = await raise('high');
		const medium = await raise('medium');
		await ageBy(late, 23);
		await setDeputy(null);
		await ageBy(late, 25);
		await ageBy(reviewed, 25);
		await ageBy(medium, 25);
		expect(await escalate()).toBe(0);
		await ok(await lead(), 'review_concern', { concern_id: reviewed, note: 'Called the family.' });
		await setDeputy(deputy.id);
		await ageBy(late, 23);
		expect(await escalate()).toBe(0);
		await ageBy(late, 25);
		expect(await escalate()).toBe(1);
		expect(await escalate()).toBe(0);
		const sent = await db<Queued>(
			"select * from public.notifications where kind = 'concern_escalated'"
		);
		expect(sent).toHaveLength(1);
		expect(sent[0]!).toMatchObject({
			to_profile: deputy.id,
			dedupe_key: `concern_escalated:${late}`
		});
		expect(sent[0]!.payload.concern_id).toBe(late);
		expect(JSON.stringify(sent[0]!.payload)).not.toContain('Private details');
	});

	it('the deputy may read and review the concern; another facilitator may not', async () => {
		const id = await raise('high');
		await setDeputy(deputy.id);
		const theirs = await as(deputy.email);
		expect(await ok(theirs, 'concern_page', { concern_id: id })).toMatchObject({
			id,
			can_review: true
		});
		const stranger = await createAccount(backend, 'facilitator', { password: true });
		expect(await rpcCode(await as(stranger.email), 'concern_page', { concern_id: id })).toBe(
			'42501'
		);
		expect(
			await rpcCode(await as(stranger.email), 'review_concern', { concern_id: id, note: 'x' })
		).toBe('42501');
		expect(await ok(await facilitator1(), 'concern_page', { concern_id: id })).toMatchObject({
			can_review: false
		});
		await ok(theirs, 'review_concern', { concern_id: id, note: 'Spoke to the family.' });
		await setDeputy(null);
	});
});

describe('absences', () => {
	let enrolmentId: string;
	const sessions: Record<number, string> = {};

	beforeAll(async () => {
		await clearRunningGroupHistory(backend);
		for (const r of await db<{ id: string; number: number }>(
			"select id, number from public.sessions where group_id = $1 and status <> 'cancelled'",
			[THURSDAY_GROUP]
		))
			sessions[r.number] = r.id;
		enrolmentId = (
			await db<{ id: string }>(
				"select id from public.enrolments where group_id = $1 and status = 'enrolled' order by id limit 1",
				[THURSDAY_GROUP]
			)
		)[0]!.id;
	});
	const mark = async (number: number, status: 'absent' | 'present') =>
		ok(await facilitator1(), 'mark_attendance', {
			session_id: sessions[number],
			enrolment_id: enrolmentId,
			status
		});
	const emails = () =>
		db<Queued>(
			"select * from public.notifications where kind = 'absent_twice' and payload->>'enrolment_id' = $1 order by id",
			[enrolmentId]
		);

	it('two absences in a row email both facilitators once; a third in the run sends nothing; a new run sends again', async () => {
		await mark(1, 'absent');
		expect(await emails()).toHaveLength(0);
		await mark(2, 'absent');
		const first = await emails();
		expect(first.map((m) => m.to_profile).sort()).toEqual(
			[ids.facilitator1, ids.facilitator2].sort()
		);
		expect(first[0]!.payload.sessions.map((s: { number: number }) => s.number)).toEqual([1, 2]);
		expect(first[0]!.payload.parent_name).toEqual(expect.any(String));
		await mark(3, 'absent');
		await mark(2, 'absent');
		expect(await emails()).toHaveLength(2);
		await mark(4, 'present');
		await mark(5, 'absent');
		expect(await emails()).toHaveLength(2);
		await mark(6, 'absent');
		const all = await emails();
		expect(all).toHaveLength(4);
		expect(all[3]!.payload.sessions.map((s: { number: number }) => s.number)).toEqual([5, 6]);
	});
});
