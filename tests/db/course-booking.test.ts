/**
 * Booking a course (83_course_booking.sql): capacity across tiers, card holds and their expiry,
 * the waiting list (offers in order, expiry, booking with an offer's token on a full course),
 * invitations of the booker and attendees, linking accounts, and who sees which bookings and
 * places.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, startBackend, type Client } from './harness';
import { clients, ok, rpc } from './groups-fixtures';

const WITHOUT = '00000000-0000-4000-8000-000000003101';
const KAREN_BOOKING = '00000000-0000-4000-8000-000000003201';
const CHLOE_BOOKING = '00000000-0000-4000-8000-000000003202';
const KAREN = '00000000-0000-4000-8000-000000000402';
const AISHA = '00000000-0000-4000-8000-000000000411';
const CHLOE = '00000000-0000-4000-8000-000000000413';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const service = (): Client => anonClient(backend, backend.serviceRoleKey);

let address = 0;
const freshAddress = () => `198.51.100.${++address}`;
const unique = () => crypto.randomUUID().slice(0, 8);

async function query<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** The one row a query returns; throws when there is none. */
async function one<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T> {
	const [row] = await query<T>(sql, params);
	if (!row) throw new Error(`no row: ${sql}`);
	return row;
}

interface Course {
	id: string;
	slug: string;
	a: string;
	b: string;
}

/** A fresh open course starting in 30 days, with two tiers A (£100) and B (£200), 20 % VAT. */
async function course(capacity: number, overrides: Record<string, unknown> = {}): Promise<Course> {
	const slug = `test-course-${unique()}`;
	const { id } = await one<{ id: string }>(
		`insert into public.courses (slug, title, capacity, status, online, po_required,
		   card_hold_minutes, waitlist_offer_hours)
		 values ($1, 'Test course', $2, 'open', true, $3, 30, 48) returning id`,
		[slug, capacity, overrides.po_required ?? false]
	);
	await query(
		`insert into public.course_days (course_id, day, starts, ends)
		 values ($1, current_date + 30, '09:30', '16:30')`,
		[id]
	);
	const tiers = await query<{ id: string }>(
		`insert into public.course_fee_tiers (course_id, position, name, price_pence, vat_percent)
		 values ($1, 1, 'A', 10000, 20), ($1, 2, 'B', 20000, 20) returning id`,
		[id]
	);
	return { id, slug, a: tiers[0]!.id, b: tiers[1]!.id };
}

type Args = Record<string, unknown>;

function bookingArgs(c: Course, overrides: Args = {}): Args {
	return {
		course_slug: c.slug,
		booker_name: 'Karen Tester',
		booker_email: `booker.${unique()}@example.org`,
		booker_organisation: 'Northfield Borough Council',
		places: [{ tier_id: c.a, count: 1 }],
		attendees: [],
		pay_by: 'invoice',
		po_number: 'PO-1',
		finance_name: 'Accounts Payable',
		finance_email: 'ap@example.org',
		finance_address: 'Town Hall, Northfield NF1 1AA',
		card_available: false,
		client_address: freshAddress(),
		offer_token: null,
		...overrides
	};
}

const book = (c: Course, overrides: Args = {}) =>
	rpc<{ id: string; reference: string; status: string; slug: string }>(
		service(),
		'book_course',
		bookingArgs(c, overrides)
	);

async function active(courseId: string) {
	const { n } = await one<{ n: number }>(
		`select count(*)::int as n from public.course_places where course_id = $1 and status = 'active'`,
		[courseId]
	);
	return n;
}

/** Run the scheduled jobs as the service role, as the app's timer does. */
const runJobs = () => ok(service(), 'run_scheduled_jobs', {});

beforeAll(async () => {
	backend = await startBackend();
}, 60_000);
afterAll(() => backend?.close());

describe('capacity across tiers', () => {
	it('books 3 + 2 of 5 in two tiers, then refuses one more saying how many are left', async () => {
		const c = await course(5);
		const first = await book(c, {
			places: [
				{ tier_id: c.a, count: 3 },
				{ tier_id: c.b, count: 0 }
			]
		});
		expect(first.error).toBeNull();
		expect(first.data).toMatchObject({ status: 'booked', slug: c.slug });
		const second = await book(c, { places: [{ tier_id: c.b, count: 2 }] });
		expect(second.error).toBeNull();
		expect(await active(c.id)).toBe(5);
		const third = await book(c, { places: [{ tier_id: c.a, count: 1 }] });
		expect(third.error).toMatchObject({ code: 'P0001', hint: 'course_full' });
		expect(await active(c.id)).toBe(5);
	});

	it('says "Only N places are left" when fewer are left than asked for', async () => {
		const c = await course(4);
		expect((await book(c, { places: [{ tier_id: c.a, count: 2 }] })).error).toBeNull();
		const r = await book(c, { places: [{ tier_id: c.b, count: 3 }] });
		expect(r.error).toMatchObject({ hint: 'course_full' });
		expect(r.error?.message).toBe('Only 2 places are left. Please choose fewer places.');
	});

	it('an invoice booking is booked and invoiced with a line per tier, and the booker emailed', async () => {
		const c = await course(10);
		const email = `booker.${unique()}@example.org`;
		const r = await book(c, {
			booker_email: email,
			places: [
				{ tier_id: c.a, count: 2 },
				{ tier_id: c.b, count: 1 }
			]
		});
		expect(r.error).toBeNull();
		const inv = await one<{ net: number; vat: number; total: number; po: string }>(
			`select net_pence as net, vat_pence as vat, total_pence as total, po_number as po
			   from public.invoices where booking_id = $1`,
			[r.data!.id]
		);
		expect(inv).toEqual({ net: 40000, vat: 8000, total: 48000, po: 'PO-1' });
		const mail = await query<{ kind: string }>(
			`select kind from public.notifications where to_email = $1 order by id`,
			[email]
		);
		expect(mail.map((m) => m.kind)).toEqual(['invitation', 'booking_confirmed']);
	});

	it('the quote matches the invoice: net, VAT per line, total', async () => {
		const c = await course(10);
		const q = await ok<{ net_pence: number; vat_pence: number; total_pence: number }>(
			service(),
			'quote_booking',
			{
				course_slug: c.slug,
				places: [
					{ tier_id: c.a, count: 2 },
					{ tier_id: c.b, count: 1 }
				]
			}
		);
		expect(q).toMatchObject({ net_pence: 40000, vat_pence: 8000, total_pence: 48000 });
	});
});

describe('bad input changes nothing', () => {
	const cases: [string, (c: Course) => Args, string][] = [
		['no places', () => ({ places: [] }), 'places'],
		['51 places', (c) => ({ places: [{ tier_id: c.a, count: 51 }] }), 'places'],
		['a tier of another course', () => ({ places: [{ tier_id: WITHOUT, count: 1 }] }), 'places'],
		['no booker name', () => ({ booker_name: ' ' }), 'booker_name'],
		['a bad booker email', () => ({ booker_email: 'not-an-email' }), 'booker_email'],
		[
			'more attendees than places',
			() => ({
				attendees: [
					{ name: 'A', email: 'a@example.org' },
					{ name: 'B', email: 'b@example.org' }
				]
			}),
			'attendees'
		],
		[
			'the same attendee email twice',
			(c) => ({
				places: [{ tier_id: c.a, count: 2 }],
				attendees: [
					{ name: 'A', email: 'same@example.org' },
					{ name: 'B', email: 'SAME@example.org' }
				]
			}),
			'attendees'
		],
		['an attendee with no email', () => ({ attendees: [{ name: 'A', email: '' }] }), 'attendees'],
		['no finance contact', () => ({ finance_email: '' }), 'finance_email'],
		['no finance address', () => ({ finance_address: '' }), 'finance_address'],
		['card when card is not available', () => ({ pay_by: 'card' }), 'pay_by'],
		['no way to pay', () => ({ pay_by: 'cheque' }), 'pay_by']
	];
	for (const [what, args, hint] of cases) {
		it(`refuses ${what} beside ${hint}`, async () => {
			const c = await course(10);
			const r = await book(c, args(c));
			expect(r.error).toMatchObject({ code: 'P0001', hint });
			expect(await active(c.id)).toBe(0);
		});
	}

	it('a PO is required when the course says so, and may be "to follow" otherwise', async () => {
		const strict = await course(10, { po_required: true });
		expect((await book(strict, { po_number: '' })).error).toMatchObject({ hint: 'po_number' });
		const relaxed = await course(10);
		const r = await book(relaxed, { po_number: '' });
		expect(r.error).toBeNull();
		const b = await one(`select po_number from public.course_bookings where id = $1`, [r.data!.id]);
		expect(b.po_number).toBeNull();
	});

	it('refuses a draft, closed or started course', async () => {
		const c = await course(10);
		await query(`update public.courses set status = 'closed' where id = $1`, [c.id]);
		expect((await book(c)).error).toMatchObject({ code: 'P0001', hint: 'course' });
		await query(`update public.courses set status = 'draft' where id = $1`, [c.id]);
		expect((await book(c)).error).toMatchObject({ code: 'P0002' });
		const started = await course(10);
		await query(`update public.course_days set day = current_date - 1 where course_id = $1`, [
			started.id
		]);
		expect((await book(started)).error).toMatchObject({ hint: 'course' });
	});

	it('only the server may book: anon and signed-in people are refused', async () => {
		const c = await course(10);
		const anon = await rpc(anonClient(backend), 'book_course', bookingArgs(c));
		expect(anon.error?.code).toMatch(/42501|PGRST202/);
		const karen = await rpc(await as('booker@example.org'), 'book_course', bookingArgs(c));
		expect(karen.error?.code).toMatch(/42501|PGRST202/);
		expect(await active(c.id)).toBe(0);
	});

	it('allows 10 bookings an hour from one address, then refuses the 11th', async () => {
		const c = await course(50);
		const from = freshAddress();
		for (let i = 0; i < 10; i++) expect((await book(c, { client_address: from })).error).toBeNull();
		const r = await book(c, { client_address: from });
		expect(r.error).toMatchObject({ code: 'P0001', details: 'rate_limited' });
		expect((await book(c)).error).toBeNull();
	});
});

describe('card holds', () => {
	it('holds a card booking for card_hold_minutes; unpaid, it expires and frees its places', async () => {
		const c = await course(3);
		const r = await book(c, {
			pay_by: 'card',
			card_available: true,
			places: [{ tier_id: c.a, count: 3 }]
		});
		expect(r.error).toBeNull();
		expect(r.data!.status).toBe('held');
		const held = await one<{ minutes: number }>(
			`select round(extract(epoch from held_until - now()) / 60)::int as minutes
			   from public.course_bookings where id = $1`,
			[r.data!.id]
		);
		expect(held.minutes).toBe(30);
		expect((await book(c)).error).toMatchObject({ hint: 'course_full' });
		// A run before the hold ends changes nothing.
		await runJobs();
		expect(await active(c.id)).toBe(3);
		await query(
			`update public.course_bookings set held_until = now() - interval '1 minute' where id = $1`,
			[r.data!.id]
		);
		const jobs = await runJobs();
		expect(jobs).toMatchObject({ course_holds: { holds_expired: 1 } });
		const b = await one(`select status, cancelled_at from public.course_bookings where id = $1`, [
			r.data!.id
		]);
		expect(b.status).toBe('expired');
		expect(b.cancelled_at).not.toBeNull();
		expect(await active(c.id)).toBe(0);
		expect((await book(c)).error).toBeNull();
	});
});

/** The token of the last offer emailed to an address. */
async function offerToken(email: string): Promise<string> {
	const m = await one<{ token: string }>(
		`select payload ->> 'token' as token from public.notifications
		  where kind = 'course_place_offered' and to_email = $1 order by id desc limit 1`,
		[email]
	);
	return m.token;
}

describe('the waiting list', () => {
	async function join(c: Course, email: string, places = 1) {
		return rpc(service(), 'join_course_waitlist', {
			course_slug: c.slug,
			full_name: 'Wendy Waiting',
			email,
			organisation: '',
			places,
			client_address: freshAddress()
		});
	}

	it('takes entries only when the course is full, and confirms by email once', async () => {
		const c = await course(2);
		const email = `wait.${unique()}@example.org`;
		expect((await join(c, email)).error).toMatchObject({ hint: 'course' });
		expect((await book(c, { places: [{ tier_id: c.a, count: 2 }] })).error).toBeNull();
		expect((await join(c, email)).error).toBeNull();
		expect((await join(c, email)).error).toBeNull(); // a repeat: same answer, nothing new
		const rows = await query(`select status from public.course_waitlist where course_id = $1`, [
			c.id
		]);
		expect(rows).toEqual([{ status: 'waiting' }]);
		const mail = await query(`select kind from public.notifications where to_email = $1`, [email]);
		expect(mail).toEqual([{ kind: 'course_waitlisted' }]);
	});

	it('offers freed places in order; a bigger entry keeps its turn; offers expire; a token books on a full course', async () => {
		const c = await course(3);
		const held = await book(c, {
			pay_by: 'card',
			card_available: true,
			places: [{ tier_id: c.a, count: 2 }]
		});
		expect((await book(c, { places: [{ tier_id: c.a, count: 1 }] })).error).toBeNull();
		const first = `first.${unique()}@example.org`;
		const second = `second.${unique()}@example.org`;
		const third = `third.${unique()}@example.org`;
		await join(c, first, 3); // wants more than will come free
		await join(c, second, 1);
		await join(c, third, 1);
		await query(
			`update public.course_bookings set held_until = now() - interval '1 minute' where id = $1`,
			[held.data!.id]
		);
		await runJobs();
		const list = async () =>
			(
				await query<{ email: string; status: string }>(
					`select email, status from public.course_waitlist where course_id = $1 order by created_at`,
					[c.id]
				)
			).map((r) => r.status);
		// Two places free: the first entry (3) keeps its turn, the next two are offered one each.
		expect(await list()).toEqual(['waiting', 'offered', 'offered']);
		// The offers count as taken: nobody else can book.
		expect((await book(c)).error).toMatchObject({ hint: 'course_full' });
		// The second books with their token although the course shows full.
		const token = await offerToken(second);
		const form = await ok<{ bookable: boolean; places_left: number; offer: { places: number } }>(
			service(),
			'course_booking_form',
			{ course_slug: c.slug, offer_token: token }
		);
		expect(form).toMatchObject({ bookable: true, places_left: 0, offer: { places: 1 } });
		expect(
			(await book(c, { offer_token: token, places: [{ tier_id: c.a, count: 2 }] })).error
		).toMatchObject({ hint: 'places' });
		expect((await book(c, { offer_token: token })).error).toBeNull();
		expect(await list()).toEqual(['waiting', 'booked', 'offered']);
		expect(await active(c.id)).toBe(2);
		// A used token does not work again.
		expect((await book(c, { offer_token: token })).error).toMatchObject({ hint: 'offer' });
		// The third lets their offer lapse: it expires, and its place is offered on (to nobody who
		// fits: the first still wants 3).
		await query(
			`update public.course_waitlist set offered_until = now() - interval '1 minute'
			  where course_id = $1 and status = 'offered'`,
			[c.id]
		);
		expect(await runJobs()).toMatchObject({ course_holds: { offers_expired: 1 } });
		expect(await list()).toEqual(['waiting', 'booked', 'expired']);
		const expired = await offerToken(third);
		expect((await book(c, { offer_token: expired })).error).toMatchObject({ hint: 'offer' });
		// Only the token's hash is stored.
		const w = await one<{ hash: Buffer }>(
			`select offer_token_hash as hash from public.course_waitlist where email = $1`,
			[second]
		);
		expect(Buffer.from(w.hash).toString('hex')).toBe(
			createHash('sha256').update(token).digest('hex')
		);
	});
});

describe('accounts', () => {
	it('invites the booker as booker and each named attendee as trainee, invited by the service', async () => {
		const c = await course(5);
		const booker = `karen.${unique()}@example.org`;
		const a1 = `aisha.${unique()}@example.org`;
		const a2 = `ben.${unique()}@example.org`;
		const r = await book(c, {
			booker_email: booker,
			places: [
				{ tier_id: c.a, count: 1 },
				{ tier_id: c.b, count: 2 }
			],
			attendees: [
				{ name: 'Aisha Test', email: a1, role: 'Social worker', organisation: 'NBC' },
				{ tier_id: c.b, name: 'Ben Test', email: a2 }
			]
		});
		expect(r.error).toBeNull();
		const inv = await query(
			`select email, role, invited_by from public.invitations where email = any($1) order by role, email`,
			[[booker, a1, a2]]
		);
		expect(inv).toEqual([
			{ email: booker, role: 'booker', invited_by: null },
			{ email: a1, role: 'trainee', invited_by: null },
			{ email: a2, role: 'trainee', invited_by: null }
		]);
		const mails = await query<{ to_email: string; course: string; role: string }>(
			`select to_email, payload -> 'course' ->> 'title' as course, payload ->> 'role' as role
			   from public.notifications where kind = 'invitation' and to_email = any($1) order by to_email`,
			[[booker, a1, a2]]
		);
		expect(mails).toHaveLength(3);
		expect(mails.every((m) => m.course === 'Test course')).toBe(true);
		// Named ones first, in their tiers: Ben in B, Aisha in the first tier with room (A).
		const places = await query(
			`select t.name as tier, p.attendee_email as email from public.course_places p
			   join public.course_fee_tiers t on t.id = p.tier_id where p.booking_id = $1
			  order by t.name, p.attendee_email nulls last`,
			[r.data!.id]
		);
		expect(places).toEqual([
			{ tier: 'A', email: a1 },
			{ tier: 'B', email: a2 },
			{ tier: 'B', email: null }
		]);
	});

	it('links an existing course account at once, and a new one when it is created', async () => {
		const c = await course(5);
		const later = `later.${unique()}@example.org`;
		const r = await book(c, {
			booker_email: 'booker@example.org',
			places: [{ tier_id: c.a, count: 2 }],
			attendees: [
				{ name: 'Aisha Rahman', email: 'trainee1@example.org' },
				{ name: 'Lee Later', email: later }
			]
		});
		expect(r.error).toBeNull();
		const b = await one(`select booker_id from public.course_bookings where id = $1`, [r.data!.id]);
		expect(b.booker_id).toBe(KAREN);
		// Existing accounts get no new invitation.
		expect(
			await query(`select 1 from public.invitations where email = 'trainee1@example.org'`)
		).toEqual([]);
		const trainees = async () =>
			(
				await query<{ email: string; trainee: string | null }>(
					`select attendee_email as email, trainee_id as trainee from public.course_places
					  where booking_id = $1 order by attendee_email`,
					[r.data!.id]
				)
			).map((p) => [p.email, p.trainee !== null]);
		expect(await trainees()).toEqual([
			[later, false],
			['trainee1@example.org', true]
		]);
		// The invited attendee sets up their account: the auth user and profile come into being.
		const id = crypto.randomUUID();
		await query(
			`insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
			   email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
			   confirmation_token, recovery_token)
			 values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
			   '', now(), '{}', '{}', now(), now(), '', '')`,
			[id, later]
		);
		expect(await trainees()).toEqual([
			[later, true],
			['trainee1@example.org', true]
		]);
	});

	it('never links, invites or changes the role of a parent or staff email', async () => {
		const c = await course(5);
		const r = await book(c, {
			booker_email: 'parent1@example.org',
			attendees: [{ name: 'Fay Facilitator', email: 'facilitator1@example.org' }]
		});
		expect(r.error).toBeNull();
		const b = await one(`select booker_id from public.course_bookings where id = $1`, [r.data!.id]);
		expect(b.booker_id).toBeNull();
		const p = await one(`select trainee_id from public.course_places where booking_id = $1`, [
			r.data!.id
		]);
		expect(p.trainee_id).toBeNull();
		const roles = await query(
			`select email, role from public.profiles where email in ('parent1@example.org', 'facilitator1@example.org') order by email`
		);
		expect(roles).toEqual([
			{ email: 'facilitator1@example.org', role: 'facilitator' },
			{ email: 'parent1@example.org', role: 'parent' }
		]);
		expect(
			await query(
				`select 1 from public.invitations where email in ('parent1@example.org', 'facilitator1@example.org')`
			)
		).toEqual([]);
	});
});

describe('who sees what', () => {
	it('a booker reads only their own bookings and places, by table and by page', async () => {
		const mine = await asRole<{ booker_id: string; id: string }>(
			backend,
			KAREN,
			'select id, booker_id from public.course_bookings order by id'
		);
		expect(mine.map((b) => b.id)).toContain(KAREN_BOOKING);
		expect(mine.every((b) => b.booker_id === KAREN)).toBe(true);
		const { n } = await one<{ n: number }>(
			'select count(*)::int as n from public.course_bookings where booker_id = $1',
			[KAREN]
		);
		expect(mine).toHaveLength(n);
		const places = await asRole<{ booking_id: string }>(
			backend,
			KAREN,
			'select booking_id from public.course_places'
		);
		expect(places.map((p) => p.booking_id)).toContain(KAREN_BOOKING);
		expect(places.every((p) => mine.some((b) => b.id === p.booking_id))).toBe(true);
		const karen = await as('booker@example.org');
		const page = await ok<{ bookings: { reference: string }[]; paging: { total: number } }>(
			karen,
			'my_bookings',
			{ search: 'NBC4410' }
		);
		expect(page.bookings.map((b) => b.reference)).toContain('NBC4410');
		const all = await ok<{ bookings: { reference: string }[]; paging: { total: number } }>(
			karen,
			'my_bookings'
		);
		expect(all.bookings.map((b) => b.reference)).not.toContain('CEV2301');
		expect(all.paging.total).toBe(n);
		expect((await rpc(karen, 'booking_page', { booking_id: CHLOE_BOOKING })).error?.code).toBe(
			'P0002'
		);
		const own = await ok<{ places: unknown[]; payment: string }>(karen, 'booking_page', {
			booking_id: KAREN_BOOKING
		});
		expect(own.places).toHaveLength(3);
		expect(own.payment).toBe('Invoice awaiting payment');
	});

	it('a trainee reads only their own place, without money, and not the booking', async () => {
		const places = await asRole<{ trainee_id: string }>(
			backend,
			AISHA,
			'select trainee_id from public.course_places'
		);
		expect(places.length).toBeGreaterThan(0);
		expect(places.every((p) => p.trainee_id === AISHA)).toBe(true);
		expect(await asRole(backend, AISHA, 'select id from public.course_bookings')).toEqual([]);
		expect(await asRole(backend, AISHA, 'select id from public.invoices')).toEqual([]);
		const aisha = await as('trainee1@example.org');
		const page = await ok<{ places: Record<string, unknown>[] }>(aisha, 'my_training');
		expect(page.places).toHaveLength(places.length);
		expect(page.places.find((p) => p.booked_by === 'Karen Lowe')).toMatchObject({
			paid: "Your employer's invoice is awaiting payment",
			booked_by: 'Karen Lowe'
		});
		expect(JSON.stringify(page)).not.toMatch(/pence|finance|PO-4410/);
		// Aisha is no booker of Karen's booking: she cannot open it or name its attendees.
		expect((await rpc(aisha, 'booking_page', { booking_id: KAREN_BOOKING })).error?.code).toBe(
			'P0002'
		);
		const unnamed = await one<{ id: string }>(
			`select id from public.course_places where booking_id = $1 and attendee_email is null`,
			[KAREN_BOOKING]
		);
		const r = await rpc(aisha, 'name_attendee', {
			place_id: unnamed.id,
			name: 'Sneaky',
			email: 'sneaky@example.org',
			role: null,
			organisation: null
		});
		expect(r.error?.code).toBe('P0002');
		// A trainee who booked their own place sees it, paid.
		const chloe = await ok<{ places: { paid: string; booked_by: string | null }[] }>(
			await as('trainee3@example.org'),
			'my_training'
		);
		expect(chloe.places).toEqual([expect.objectContaining({ paid: 'Paid', booked_by: null })]);
		expect(CHLOE).toBeTruthy();
	});

	it('a parent cannot open the booker or trainee pages', async () => {
		const parent = await as('parent1@example.org');
		expect((await rpc(parent, 'my_bookings')).error?.code).toBe('42501');
		expect((await rpc(parent, 'my_training')).error?.code).toBe('42501');
	});
});

describe('the booker names attendees later and adds a PO', () => {
	it('names an unnamed place, inviting the attendee as trainee; corrects one without an account', async () => {
		const c = await course(5);
		const r = await book(c, {
			booker_email: 'booker@example.org',
			places: [{ tier_id: c.a, count: 1 }],
			po_number: ''
		});
		const karen = await as('booker@example.org');
		const place = await one<{ id: string }>(
			`select id from public.course_places where booking_id = $1`,
			[r.data!.id]
		);
		const first = `first.${unique()}@example.org`;
		const named = await rpc(karen, 'name_attendee', {
			place_id: place.id,
			name: 'First Name',
			email: first,
			role: 'Social worker',
			organisation: ''
		});
		expect(named.error).toBeNull();
		expect(await query(`select role from public.invitations where email = $1`, [first])).toEqual([
			{ role: 'trainee' }
		]);
		const second = `second.${unique()}@example.org`;
		expect(
			(
				await rpc(karen, 'name_attendee', {
					place_id: place.id,
					name: 'Second Name',
					email: second,
					role: null,
					organisation: null
				})
			).error
		).toBeNull();
		// The first person's unused invitation is withdrawn; the second is invited.
		expect(await query(`select 1 from public.invitations where email = $1`, [first])).toEqual([]);
		expect(await query(`select role from public.invitations where email = $1`, [second])).toEqual([
			{ role: 'trainee' }
		]);
		const bad = await rpc(karen, 'name_attendee', {
			place_id: place.id,
			name: '',
			email: 'x@example.org',
			role: null,
			organisation: null
		});
		expect(bad.error).toMatchObject({ code: 'P0001', hint: 'name' });

		// The PO "to follow" is added once, to the booking and its invoice.
		expect(
			(await rpc(karen, 'set_booking_po', { booking_id: r.data!.id, po_number: ' ' })).error
		).toMatchObject({ hint: 'po_number' });
		expect(
			(await rpc(karen, 'set_booking_po', { booking_id: r.data!.id, po_number: 'PO-77' })).error
		).toBeNull();
		const inv = await one(`select po_number from public.invoices where booking_id = $1`, [
			r.data!.id
		]);
		expect(inv.po_number).toBe('PO-77');
		expect(
			(await rpc(karen, 'set_booking_po', { booking_id: r.data!.id, po_number: 'PO-78' })).error
		).toMatchObject({ hint: 'po_number' });
	});

	it('cannot rename a place whose attendee has an account', async () => {
		const aisha = await one<{ id: string }>(
			`select id from public.course_places where trainee_id = $1`,
			[AISHA]
		);
		const r = await rpc(await as('booker@example.org'), 'name_attendee', {
			place_id: aisha.id,
			name: 'Someone Else',
			email: `else.${unique()}@example.org`,
			role: null,
			organisation: null
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'email' });
	});
});
