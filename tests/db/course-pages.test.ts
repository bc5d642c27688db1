/**
 * The course pages' SQL (81_course_pages.sql): what a visitor may read of the training (exactly
 * the allow-listed keys, drafts never, places left counted across all tiers), the public
 * commissioning enquiry (service role only, 5 an hour per address, emailed to the training
 * admins), and who may read the enquiries.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, sqlError, startBackend, type Client } from './harness';
import { clients, ok, rpc, rpcCode } from './groups-fixtures';

const NEXT_RF = '00000000-0000-4000-8000-000000003001'; // open, 24 places, 4 taken
const FULL = '00000000-0000-4000-8000-000000003003'; // full, 8 of 8, online
const TRAINING_ADMIN = '00000000-0000-4000-8000-000000000401';
const BOOKER = '00000000-0000-4000-8000-000000000402';
const TRAINEE = '00000000-0000-4000-8000-000000000411';

/** Every key the public functions may return, at every level: what the pages show, no more. */
const ALLOWED = {
	list: ['courses', 'provider'],
	provider: ['email', 'name', 'phone'],
	summary: [
		'area',
		'booking_open',
		'day_count',
		'ends',
		'first_day',
		'first_starts_at',
		'full',
		'last_day',
		'max_gross_pence',
		'max_net_pence',
		'min_gross_pence',
		'min_net_pence',
		'online',
		'places_left',
		'slug',
		'starts',
		'status',
		'summary',
		'title',
		'venue_name'
	],
	page: [
		'about',
		'aims',
		'booking_closed_reason',
		'booking_closes_at',
		'booking_open',
		'booking_opens_at',
		'capacity',
		'days',
		'full',
		'online',
		'places_left',
		'po_required',
		'provider',
		'slug',
		'status',
		'suitable_for',
		'summary',
		'tiers',
		'title',
		'trainers',
		'venue',
		'waitlist_open'
	],
	day: ['day', 'ends', 'ends_at', 'starts', 'starts_at'],
	venue: ['address', 'map_url', 'name', 'postcode'],
	tier: [
		'description',
		'grants_online_training',
		'gross_pence',
		'name',
		'price_pence',
		'vat_percent'
	]
};

interface Summary {
	slug: string;
	places_left: number;
	full: boolean;
	booking_open: boolean;
	[key: string]: unknown;
}
interface ListPage {
	provider: Record<string, unknown>;
	courses: Summary[];
}
interface Page {
	days: Record<string, unknown>[];
	venue: Record<string, unknown> | null;
	tiers: Record<string, unknown>[];
	trainers: string[];
	places_left: number;
	full: boolean;
	booking_open: boolean;
	booking_closed_reason: string | null;
	waitlist_open: boolean;
	[key: string]: unknown;
}

let backend: EmbeddedBackend;
const as = clients(() => backend);
const anon = (): Client => anonClient(backend);
const service = (): Client => anonClient(backend, backend.serviceRoleKey);
const sorted = (o: object) => Object.keys(o).sort();

async function q<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

beforeAll(async () => {
	backend = await startBackend();
}, 60_000);
afterAll(() => backend?.close());

describe('courses_page and course_page (the public course pages)', () => {
	it('anyone may call them, and they return exactly the allow-listed keys at every level', async () => {
		for (const client of [anon(), await as('parent1@example.org'), await as('lead@example.org')]) {
			const list = await rpc<ListPage>(client, 'courses_page');
			expect(list.error).toBeNull();
			expect(sorted(list.data!)).toEqual(ALLOWED.list);
			expect(sorted(list.data!.provider)).toEqual(ALLOWED.provider);
			expect(list.data!.courses.length).toBeGreaterThan(0);
			for (const c of list.data!.courses) expect(sorted(c)).toEqual(ALLOWED.summary);

			for (const slug of ['reflective-fostering', 'reflective-parenting-facilitator-training']) {
				const r = await rpc<Page>(client, 'course_page', { slug });
				expect(r.error).toBeNull();
				const page = r.data!;
				expect(sorted(page)).toEqual(ALLOWED.page);
				for (const d of page.days) expect(sorted(d)).toEqual(ALLOWED.day);
				if (page.venue) expect(sorted(page.venue)).toEqual(ALLOWED.venue);
				for (const t of page.tiers) expect(sorted(t)).toEqual(ALLOWED.tier);
				for (const t of page.trainers) expect(typeof t).toBe('string');
			}
		}
	});

	it('never carries a booker, an attendee, an email of theirs or a PO', async () => {
		const text = JSON.stringify([
			(await rpc(anon(), 'courses_page')).data,
			(await rpc(anon(), 'course_page', { slug: 'reflective-fostering' })).data,
			(await rpc(anon(), 'course_page', { slug: 'reflective-parenting-facilitator-training' })).data
		]);
		for (const secret of [
			'Karen',
			'booker@',
			'Aisha',
			'trainee',
			'PO-4410',
			'NBC4410',
			'Eastbrook',
			'Sofia',
			'lead@example.org',
			'facilitator1@'
		])
			expect(text).not.toContain(secret);
	});

	it('lists upcoming published courses soonest first; past ones and drafts are not there', async () => {
		const list = (await rpc<ListPage>(anon(), 'courses_page')).data!;
		const slugs = list.courses.map((c) => c.slug);
		// Leeds (in three weeks), the facilitator training (five) and Reflective Fostering (eight).
		expect(slugs).toEqual([
			'reflective-fostering-leeds',
			'reflective-parenting-facilitator-training',
			'reflective-fostering'
		]);
		const rf = list.courses.find((c) => c.slug === 'reflective-fostering')!;
		expect(rf).toMatchObject({
			title: 'Mentalization-Based Treatment (MBT) for Fostering & Adoption: Reflective Fostering',
			day_count: 2,
			starts: '09:30',
			ends: '16:30',
			online: false,
			venue_name: 'The Kantor Centre of Excellence',
			area: 'N1',
			min_net_pence: 39500,
			max_net_pence: 47500,
			min_gross_pence: 47400,
			max_gross_pence: 57000,
			full: false,
			status: 'open',
			booking_open: true
		});
		const full = list.courses.find((c) => c.slug === 'reflective-parenting-facilitator-training')!;
		expect(full).toMatchObject({
			online: true,
			venue_name: null,
			area: null,
			places_left: 0,
			full: true,
			booking_open: false
		});
	});

	it('counts places left across all tiers, and open waiting-list offers as taken', async () => {
		const before = (await rpc<Page>(anon(), 'course_page', { slug: 'reflective-fostering' })).data!;
		expect(before.places_left).toBe(19); // 24 less Karen Lowe's 3 + 1, and Chloe Evans's 1
		// One more place in the *other* tier, and a waiting-list offer of two, both count.
		await q(
			`insert into public.course_places (booking_id, course_id, tier_id)
			 values ('00000000-0000-4000-8000-000000003202', $1, '00000000-0000-4000-8000-000000003101')`,
			[NEXT_RF]
		);
		await q(
			`insert into public.course_waitlist (course_id, full_name, email, places, status, offered_until)
			 values ($1, 'Offer Holder', 'offer.holder@example.org', 2, 'offered', now() + interval '1 day')`,
			[NEXT_RF]
		);
		const after = (await rpc<Page>(anon(), 'course_page', { slug: 'reflective-fostering' })).data!;
		expect(after.places_left).toBe(16);
		const listed = (await rpc<ListPage>(anon(), 'courses_page')).data!.courses.find(
			(c) => c.slug === 'reflective-fostering'
		)!;
		expect(listed.places_left).toBe(16);
		await q(
			`delete from public.course_places where course_id = $1
			   and tier_id = '00000000-0000-4000-8000-000000003101'`,
			[NEXT_RF]
		);
		await q(`delete from public.course_waitlist where email = 'offer.holder@example.org'`);
	});

	it('shows the page: days in London time, venue with map link, tiers with gross, trainers by name', async () => {
		const page = (await rpc<Page>(anon(), 'course_page', { slug: 'reflective-fostering' })).data!;
		expect(page.days).toHaveLength(2);
		expect(page.days[0]).toMatchObject({ starts: '09:30', ends: '16:30' });
		// 09:30 London is 09:30 or 08:30 UTC, whichever the season: the instant is the London one.
		const first = page.days[0]!;
		const london = new Intl.DateTimeFormat('en-GB', {
			timeZone: 'Europe/London',
			hour: '2-digit',
			minute: '2-digit',
			hourCycle: 'h23'
		}).format(new Date(first.starts_at as string));
		expect(london).toBe('09:30');
		expect(page.venue).toEqual({
			name: 'The Kantor Centre of Excellence',
			address: '4–8 Rodney Street, London',
			postcode: 'N1 9JH',
			map_url: 'https://www.openstreetmap.org/search?query=N1%209JH'
		});
		expect(page.tiers.map((t) => [t.price_pence, t.vat_percent, t.gross_pence])).toEqual([
			[39500, 20, 47400],
			[47500, 20, 57000]
		]);
		expect(page.tiers.map((t) => t.grants_online_training)).toEqual([false, true]);
		expect(page.trainers).toEqual(['Helen Marsh', 'Priya Shah']);
		expect(page).toMatchObject({
			booking_open: true,
			booking_closed_reason: null,
			waitlist_open: false,
			po_required: true
		});
	});

	it('says why a course cannot be booked: full (with a waiting list), not yet open, closed', async () => {
		const full = (
			await rpc<Page>(anon(), 'course_page', { slug: 'reflective-parenting-facilitator-training' })
		).data!;
		expect(full).toMatchObject({
			full: true,
			booking_open: false,
			booking_closed_reason: 'full',
			waitlist_open: true,
			venue: null,
			online: true
		});
		const reason = async () =>
			(await rpc<Page>(anon(), 'course_page', { slug: 'reflective-fostering' })).data!
				.booking_closed_reason;
		await q(`update public.courses set booking_opens_at = now() + interval '1 day' where id = $1`, [
			NEXT_RF
		]);
		expect(await reason()).toBe('not_yet_open');
		await q(
			`update public.courses set booking_opens_at = now() - interval '2 days',
			   booking_closes_at = now() - interval '1 day' where id = $1`,
			[NEXT_RF]
		);
		expect(await reason()).toBe('closed');
		await q(
			`update public.courses set booking_closes_at = null, status = 'cancelled' where id = $1`,
			[NEXT_RF]
		);
		expect(await reason()).toBe('cancelled');
		// A cancelled course is no longer listed; its page still says so.
		const slugs = (await rpc<ListPage>(anon(), 'courses_page')).data!.courses.map((c) => c.slug);
		expect(slugs).not.toContain('reflective-fostering');
		await q(`update public.courses set status = 'open' where id = $1`, [NEXT_RF]);
		expect(await reason()).toBeNull();
	});

	it('a draft course does not exist for the public, and an unknown slug is null', async () => {
		await q(`update public.courses set status = 'draft' where id = $1`, [FULL]);
		for (const client of [anon(), await as('parent1@example.org')]) {
			const r = await rpc(client, 'course_page', {
				slug: 'reflective-parenting-facilitator-training'
			});
			expect(r.error).toBeNull();
			expect(r.data).toBeNull();
			const slugs = (await rpc<ListPage>(client, 'courses_page')).data!.courses.map((c) => c.slug);
			expect(slugs).not.toContain('reflective-parenting-facilitator-training');
		}
		await q(`update public.courses set status = 'full' where id = $1`, [FULL]);
		expect((await rpc(anon(), 'course_page', { slug: 'no-such-course' })).data).toBeNull();
	});
});

let address = 0;
/** A client address no other test uses, so one test's rate limit never touches another. */
const freshAddress = () => `203.0.113.${++address}`;

function enquire(overrides: Record<string, unknown> = {}, client: Client = service()) {
	return rpc(client, 'ask_about_commissioning', {
		organisation: 'Westshire County Council',
		contact_name: 'Maya Patel',
		email: `maya.${crypto.randomUUID().slice(0, 8)}@westshire.example.org`,
		phone: '',
		staff_count: 18,
		area: 'Westshire',
		message: 'Spring would suit us.',
		course_slug: 'reflective-fostering',
		client_address: freshAddress(),
		...overrides
	});
}

describe('ask_about_commissioning (the public enquiry)', () => {
	it('only the service role may call it; it stores the enquiry with its course', async () => {
		expect((await enquire({}, anon())).error?.code).toMatch(/^(42501|PGRST202)$/);
		for (const email of ['training@example.org', 'lead@example.org', 'booker@example.org'])
			expect((await enquire({}, await as(email))).error?.code).toBe('42501');
		const email = 'kim.enquiry@westshire.example.org';
		const r = await enquire({
			email: ' Kim.Enquiry@westshire.example.org ',
			phone: '01632 960123'
		});
		expect(r.error).toBeNull();
		expect(r.data).toEqual({ received: true });
		const [row] = await q('select * from public.course_enquiries where email = $1', [email]);
		expect(row).toMatchObject({
			course_id: NEXT_RF,
			organisation: 'Westshire County Council',
			phone: '01632 960123',
			staff_count: 18,
			status: 'new'
		});
	});

	it('refuses a staff number outside 1–1000 and says which field; a draft course is not linked', async () => {
		for (const staff_count of [0, 1001, -3])
			expect((await enquire({ staff_count })).error).toMatchObject({
				code: 'P0001',
				hint: 'staff_count'
			});
		expect((await enquire({ email: 'not-an-email' })).error?.code).toBe('23514');
		await q(`update public.courses set status = 'draft' where id = $1`, [FULL]);
		const email = 'draft.course@example.org';
		await enquire({ email, course_slug: 'reflective-parenting-facilitator-training' });
		await q(`update public.courses set status = 'full' where id = $1`, [FULL]);
		const [row] = await q('select course_id from public.course_enquiries where email = $1', [
			email
		]);
		expect(row).toEqual({ course_id: null });
	});

	it('refuses the 6th enquiry within the hour from one address; another address is fine', async () => {
		const client_address = '198.51.100.81';
		for (let i = 0; i < 5; i += 1) expect((await enquire({ client_address })).error).toBeNull();
		const sixth = await enquire({ client_address, email: 'sixth.enquiry@example.org' });
		expect(sixth.error).toMatchObject({ code: 'P0001', details: 'rate_limited' });
		expect(
			await q('select 1 from public.course_enquiries where email = $1', [
				'sixth.enquiry@example.org'
			])
		).toHaveLength(0);
		expect((await enquire({ client_address: '::ffff:198.51.100.81' })).error?.code).toBe('P0001');
		expect((await enquire({ client_address: '198.51.100.82' })).error).toBeNull();
	});

	it('emails each training admin the enquiry, and no one else', async () => {
		await q("delete from public.notifications where kind = 'course_enquiry'");
		await enquire({ email: 'emailed.enquiry@example.org', organisation: 'Harbourside Trust' });
		const rows = await q<{ to_profile: string; payload: Record<string, unknown> }>(
			"select to_profile, payload from public.notifications where kind = 'course_enquiry'"
		);
		expect(rows.map((r) => r.to_profile)).toEqual([TRAINING_ADMIN]);
		expect(rows[0]!.payload).toMatchObject({
			organisation: 'Harbourside Trust',
			email: 'emailed.enquiry@example.org',
			staff_count: 18,
			course_title:
				'Mentalization-Based Treatment (MBT) for Fostering & Adoption: Reflective Fostering'
		});
	});
});

describe('commissioning enquiries: who reads them', () => {
	const read = (userId: string | null) =>
		asRole<{ id: string }>(backend, userId, 'select id from public.course_enquiries');

	it('the training admin and the lead read them; nobody else, and nobody writes directly', async () => {
		await enquire();
		expect((await read(TRAINING_ADMIN)).length).toBeGreaterThan(0);
		expect((await read(ids.lead)).length).toBeGreaterThan(0);
		for (const who of [ids.facilitator1, ids.parent(1), BOOKER, TRAINEE, null])
			expect(await read(who)).toEqual([]);
		for (const who of [TRAINING_ADMIN, ids.lead, BOOKER, null]) {
			expect(
				await sqlError(
					backend,
					who,
					`insert into public.course_enquiries (organisation, contact_name, email, staff_count, area)
					 values ('X', 'Y', 'x@example.org', 1, 'Z')`
				)
			).toBe('42501');
			expect(await sqlError(backend, who, 'delete from public.course_enquiries')).toBe('42501');
		}
	});

	it('course_enquiries_page is for the training admin and the lead only', async () => {
		for (const email of ['training@example.org', 'lead@example.org']) {
			const r = await rpc<{ enquiries: { organisation: string }[] }>(
				await as(email),
				'course_enquiries_page'
			);
			expect(r.error).toBeNull();
			expect(r.data!.enquiries.length).toBeGreaterThan(0);
		}
		for (const email of [
			'facilitator1@example.org',
			'parent1@example.org',
			'booker@example.org',
			'trainee1@example.org'
		])
			expect(await rpcCode(await as(email), 'course_enquiries_page')).toBe('42501');
		expect(await rpcCode(anon(), 'course_enquiries_page')).toMatch(/^(42501|PGRST202)$/);
	});
});

/** A course as the form would save it: two days, two tiers, one trainer, in person. */
function courseArgs(slug: string, overrides: Record<string, unknown> = {}) {
	const day = (n: number) =>
		new Date(Date.now() + (60 + n) * 86_400_000).toISOString().slice(0, 10);
	return {
		course_id: null,
		slug,
		title: 'Reflective Supervision',
		summary: 'One day on supervising with curiosity.',
		about: 'About **it**.',
		suitable_for: 'Supervisors.',
		aims: '- One\n- Two',
		online: false,
		venue_name: 'Town Hall',
		venue_address: '1 Market Square, Northfield',
		venue_postcode: 'nf1 1aa',
		map_url: null,
		capacity: 12,
		booking_opens_at: null,
		booking_closes_at: null,
		status: 'draft',
		po_required: false,
		days: [
			{ day: day(0), starts: '09:30', ends: '16:30' },
			{ day: day(1), starts: '10:00', ends: '15:00' }
		],
		tiers: [
			{ name: 'Standard', description: 'The day.', price_pence: 25000, vat_percent: 20 },
			{
				name: 'With online training',
				description: '',
				price_pence: 30000,
				vat_percent: 20,
				grants_online_training: true
			}
		],
		trainers: [ids.facilitator1],
		...overrides
	};
}

describe('save_course and course_edit_page (course management)', () => {
	it('the training admin and the lead may create and publish a course; it then shows publicly', async () => {
		for (const [email, slug] of [
			['training@example.org', 'supervision-by-admin'],
			['lead@example.org', 'supervision-by-lead']
		] as const) {
			const client = await as(email);
			const r = await rpc<{ id: string; slug: string }>(client, 'save_course', courseArgs(slug));
			expect(r.error).toBeNull();
			expect(r.data!.slug).toBe(slug);
			// A draft is invisible to the public.
			expect((await rpc(anon(), 'course_page', { slug })).data).toBeNull();
			const edit = await rpc<{ course: Record<string, unknown> }>(client, 'course_edit_page', {
				course_id: r.data!.id
			});
			expect(edit.error).toBeNull();
			expect(edit.data!.course).toMatchObject({ slug, venue_postcode: 'NF1 1AA', status: 'draft' });
			const tiers = edit.data!.course.tiers as { id: string }[];
			const published = await rpc(
				client,
				'save_course',
				courseArgs(slug, {
					course_id: r.data!.id,
					status: 'open',
					tiers: (courseArgs(slug).tiers as object[]).map((t, i) => ({ ...t, id: tiers[i]!.id }))
				})
			);
			expect(published.error).toBeNull();
			const page = (await rpc<Page>(anon(), 'course_page', { slug })).data!;
			expect(page).toMatchObject({ status: 'open', booking_open: true, places_left: 12 });
			expect(page.days.map((d) => d.starts)).toEqual(['09:30', '10:00']);
			expect(page.tiers.map((t) => t.gross_pence)).toEqual([30000, 36000]);
			expect(page.trainers).toEqual(['Priya Shah']);
		}
		// A new course's form: no course, and the staff who may train (never a parent or booker).
		const blank = await rpc<{ course: null; trainer_options: { role: string }[] }>(
			await as('training@example.org'),
			'course_edit_page',
			{}
		);
		expect(blank.data!.course).toBeNull();
		expect(new Set(blank.data!.trainer_options.map((o) => o.role))).toEqual(
			new Set(['clinical_lead', 'facilitator', 'training_admin'])
		);
	});

	it('refuses everyone else: facilitator, parent, booker, trainee and anon', async () => {
		for (const email of [
			'facilitator1@example.org',
			'parent1@example.org',
			'booker@example.org',
			'trainee1@example.org'
		]) {
			const client = await as(email);
			expect(await rpcCode(client, 'save_course', courseArgs('not-allowed'))).toBe('42501');
			expect(await rpcCode(client, 'course_edit_page', { course_id: NEXT_RF })).toBe('42501');
		}
		expect(await rpcCode(anon(), 'save_course', courseArgs('not-allowed'))).toMatch(
			/^(42501|PGRST202)$/
		);
		expect(await rpcCode(anon(), 'course_edit_page', { course_id: NEXT_RF })).toMatch(
			/^(42501|PGRST202)$/
		);
		expect(await q(`select 1 from public.courses where slug = 'not-allowed'`)).toHaveLength(0);
	});

	it('a slug in use is a 23505 naming the field, and changes nothing', async () => {
		const admin = await as('training@example.org');
		const r = await rpc(admin, 'save_course', courseArgs('reflective-fostering'));
		expect(r.error).toMatchObject({ code: '23505', hint: 'slug' });
		expect(r.error!.message).toContain('Another course already uses the web address');
		expect(
			await q(
				`select 1 from public.courses where title = 'Reflective Supervision' and slug = 'reflective-fostering'`
			)
		).toHaveLength(0);
	});

	it('publishing needs days, a tier and a venue or online; each refusal names its field', async () => {
		const admin = await as('training@example.org');
		const cases: [Record<string, unknown>, string][] = [
			[{ days: [] }, 'days'],
			[{ tiers: [] }, 'tiers'],
			[{ venue_name: '' }, 'venue_name'],
			[{ venue_postcode: '' }, 'venue_postcode'],
			[{ venue_postcode: 'NOT A CODE' }, 'venue_postcode'],
			[{ slug: 'Bad Slug!' }, 'slug'],
			[{ trainers: [ids.parent(1)] }, 'trainers'],
			[{ days: [{ day: '2030-01-10', starts: '16:00', ends: '09:00' }] }, 'days'],
			[
				{
					days: [
						{ day: '2030-01-10', starts: '09:00', ends: '16:00' },
						{ day: '2030-01-10', starts: '09:00', ends: '16:00' }
					]
				},
				'days'
			],
			[
				{
					tiers: [
						{ name: 'Same', price_pence: 1, vat_percent: 20 },
						{ name: 'Same', price_pence: 2, vat_percent: 20 }
					]
				},
				'tiers'
			],
			[{ status: 'sold' }, 'status']
		];
		for (const [overrides, field] of cases) {
			const r = await rpc(
				admin,
				'save_course',
				courseArgs('refused-course', { status: 'open', ...overrides })
			);
			expect(r.error, JSON.stringify(overrides)).toMatchObject({ code: 'P0001', hint: field });
		}
		expect(await q(`select 1 from public.courses where slug = 'refused-course'`)).toHaveLength(0);
		// Online needs no venue.
		const online = await rpc(
			admin,
			'save_course',
			courseArgs('online-course', {
				status: 'open',
				online: true,
				venue_name: '',
				venue_postcode: ''
			})
		);
		expect(online.error).toBeNull();
	});

	it('keeps a tier that has places, refuses to go back to draft with places, and keeps cancelled final', async () => {
		const admin = await as('training@example.org');
		const edit = (
			await rpc<{ course: Record<string, unknown> & { tiers: { id: string; places: number }[] } }>(
				admin,
				'course_edit_page',
				{ course_id: NEXT_RF }
			)
		).data!.course;
		expect(edit.tiers.map((t) => t.places)).toEqual([0, 5]);
		const base = {
			...courseArgs('reflective-fostering'),
			...Object.fromEntries(
				Object.entries(edit).filter(
					([k]) => k in courseArgs('x') && k !== 'tiers' && k !== 'trainers'
				)
			),
			course_id: NEXT_RF,
			trainers: edit.trainers
		};
		// Removing the tier with 4 places is refused; removing the empty one is allowed.
		const withPlaces = edit.tiers[1]!;
		const refused = await rpc(admin, 'save_course', { ...base, tiers: [edit.tiers[0]] });
		expect(refused.error).toMatchObject({ code: 'P0001', hint: 'tiers' });
		expect(refused.error!.message).toContain('has places booked');
		expect(
			await q('select 1 from public.course_fee_tiers where id = $1', [withPlaces.id])
		).toHaveLength(1);
		const draft = await rpc(admin, 'save_course', { ...base, tiers: edit.tiers, status: 'draft' });
		expect(draft.error).toMatchObject({ code: 'P0001', hint: 'status' });
		// Capacity cannot go below the places taken.
		const small = await rpc(admin, 'save_course', { ...base, tiers: edit.tiers, capacity: 3 });
		expect(small.error).toMatchObject({ code: 'P0001', hint: 'capacity_below_taken' });
		// The real thing is unchanged.
		const [course] = await q<{ status: string; capacity: number }>(
			'select status, capacity from public.courses where id = $1',
			[NEXT_RF]
		);
		expect(course).toEqual({ status: 'open', capacity: 24 });

		const created = await ok<{ id: string }>(
			admin,
			'save_course',
			courseArgs('to-cancel', { status: 'open' })
		);
		const tiers = (
			await rpc<{ course: { tiers: { id: string }[] } }>(admin, 'course_edit_page', {
				course_id: created.id
			})
		).data!.course.tiers;
		const args = courseArgs('to-cancel', { course_id: created.id, tiers });
		expect((await rpc(admin, 'save_course', { ...args, status: 'cancelled' })).error).toBeNull();
		const reopen = await rpc(admin, 'save_course', { ...args, status: 'open' });
		expect(reopen.error).toMatchObject({ code: 'P0001', hint: 'status' });
	});
});
