/**
 * The training lists at more than one page: the demo seed plus 60 generated courses (half past,
 * a third online, some drafts), 45 more bookings for the demo booker, one for another booker, and
 * 60 commissioning enquiries. Each list shows every matching row on exactly one page, its total
 * counts them all, filters and the search narrow both, a search's own % is literal, the booker's
 * pages hold only their bookings, and only the roles each list is for may open it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, startBackend } from './harness';
import { clients, ok, rpcCode } from './groups-fixtures';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb read loosely in tests
type Json = Record<string, any>;

const COURSES = 60;
/** Karen, the demo booker (booker@example.org). */
const KAREN = '00000000-0000-4000-8000-000000000402';

let backend: EmbeddedBackend;
const as = clients(() => backend);

async function db<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** Every page of a list, in order, as the demo account `email`. */
async function walk(
	fn: string,
	rowsKey: string,
	args: Record<string, unknown>,
	email: string
): Promise<{ rows: Json[]; total: number; pages: Json[] }> {
	const client = await as(email);
	const pages: Json[] = [];
	for (let page = 1; ; page++) {
		const result = await ok<Json>(client, fn, { ...args, page });
		pages.push(result);
		expect(result.paging.page).toBe(page);
		if (page * result.paging.page_size >= result.paging.total) break;
		expect(result[rowsKey]).toHaveLength(result.paging.page_size);
	}
	const rows = pages.flatMap((p) => p[rowsKey]);
	expect(rows).toHaveLength(pages[0]!.paging.total);
	return { rows, total: pages[0]!.paging.total, pages };
}

/** One count, read as superuser (the query names it n). */
async function count(sql: string, params: unknown[] = []): Promise<number> {
	return (await db<{ n: number }>(sql, params))[0]!.n;
}

const idsOf = (rows: Json[]) => rows.map((r) => r.id as string);
const once = (list: string[]) => expect(new Set(list).size).toBe(list.length);

beforeAll(async () => {
	backend = await startBackend();
	// Courses 1..60: even ones in the past, every third online, every fifth a draft.
	await backend.db.exec(`
		insert into public.courses (id, slug, title, online, venue_name, venue_postcode, capacity, status)
		select ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid,
			'paging-course-' || n, 'Paging course ' || n || case when n = 7 then ' 100% kids' else '' end,
			n % 3 = 0, case when n % 3 <> 0 then 'Paging hall ' || n end,
			case when n % 3 <> 0 then 'LS1 1AA' end, 20,
			case when n % 5 = 0 then 'draft' else 'open' end
		from generate_series(1, ${COURSES}) n;
		insert into public.course_days (course_id, day, starts, ends)
		select ('00000000-0000-4000-9000-' || lpad(n::text, 12, '0'))::uuid,
			current_date + case when n % 2 = 0 then -(n * 3) else n * 3 end, '09:30', '16:30'
		from generate_series(1, ${COURSES}) n;
		insert into public.course_bookings (reference, course_id, booker_id, booker_name, booker_email, pay_by)
		select 'PAGE' || lpad(n::text, 4, '0'),
			('00000000-0000-4000-9000-' || lpad((n % ${COURSES} + 1)::text, 12, '0'))::uuid,
			'${KAREN}', 'Karen Booker', 'booker@example.org', 'card'
		from generate_series(1, 45) n;
		insert into public.course_bookings (reference, course_id, booker_name, booker_email, pay_by)
		values ('OTHER0001', '00000000-0000-4000-9000-000000000001', 'Someone Else', 'else@example.org', 'card');
		insert into public.course_enquiries (organisation, contact_name, email, staff_count, area, status, created_at)
		select 'Paging council ' || n, 'Contact ' || n, 'contact' || n || '@example.org', 5,
			case when n % 4 = 0 then 'Wakefield' else 'Leeds' end,
			case when n % 2 = 0 then 'replied' else 'new' end, now() - make_interval(hours => n)
		from generate_series(1, 60) n;
	`);
}, 90_000);
afterAll(() => backend.close());

describe('the admin courses list', () => {
	it('upcoming and past split every course between them, each exactly once, 25 a page', async () => {
		const up = await walk(
			'admin_courses_page',
			'courses',
			{ list: 'upcoming' },
			'training@example.org'
		);
		const past = await walk(
			'admin_courses_page',
			'courses',
			{ list: 'past' },
			'training@example.org'
		);
		const n = await count('select count(*)::int as n from public.courses');
		once([...idsOf(up.rows), ...idsOf(past.rows)]);
		expect(up.total + past.total).toBe(n);
		expect(up.pages[0]!.counts).toEqual({ upcoming: up.total, past: past.total });
		expect(up.pages.length).toBeGreaterThan(1);
		expect(up.rows.every((c) => c.upcoming)).toBe(true);
		expect(past.rows.every((c) => !c.upcoming)).toBe(true);
		// Upcoming soonest first (no date yet: last); past latest first.
		const starts = (rows: Json[]) => rows.filter((c) => c.starts_at).map((c) => c.starts_at);
		expect(starts(up.rows)).toEqual([...starts(up.rows)].sort());
		expect(starts(past.rows)).toEqual([...starts(past.rows)].sort().reverse());
	});

	it('status and format narrow the rows and the totals alike', async () => {
		const drafts = await walk(
			'admin_courses_page',
			'courses',
			{ list: 'upcoming', course_status: 'draft' },
			'lead@example.org'
		);
		expect(drafts.rows.length).toBeGreaterThan(0);
		expect(drafts.rows.every((c) => c.status === 'draft')).toBe(true);
		const n = await count(
			`select count(*)::int as n from public.courses c
			  where c.status = 'draft' and coalesce(private.course_starts_at(c.id) >= now() - interval '1 day', true)`
		);
		expect(drafts.total).toBe(n);
		const online = await walk(
			'admin_courses_page',
			'courses',
			{ list: 'past', format: 'online' },
			'training@example.org'
		);
		expect(online.rows.length).toBeGreaterThan(0);
		expect(online.rows.every((c) => c.online)).toBe(true);
		const inPerson = await walk(
			'admin_courses_page',
			'courses',
			{ list: 'past', format: 'in_person' },
			'training@example.org'
		);
		expect(inPerson.rows.every((c) => !c.online)).toBe(true);
		const all = await ok<Json>(await as('training@example.org'), 'admin_courses_page', {
			list: 'past'
		});
		expect(online.total + inPerson.total).toBe(all.paging.total);
	});

	it('the search finds a course by title, venue or address, and its % is literal', async () => {
		const c = await as('training@example.org');
		const hall = await ok<Json>(c, 'admin_courses_page', { list: 'past', search: 'paging hall 4' });
		// Past (even) courses in person whose venue starts "Paging hall 4": 4, 40, 44, 46 (42 and
		// 48 are online, with no venue); upcoming (odd): 41, 43, 47, 49 (45 is online).
		expect(hall.courses.map((x: Json) => x.title).sort()).toEqual(
			['Paging course 4', 'Paging course 40', 'Paging course 44', 'Paging course 46'].sort()
		);
		expect(hall.paging.total).toBe(4);
		expect(hall.counts.upcoming).toBe(4);
		const slug = await ok<Json>(c, 'admin_courses_page', { search: 'paging-course-13' });
		expect(slug.courses.map((x: Json) => x.title)).toEqual(['Paging course 13']);
		const pct = await ok<Json>(c, 'admin_courses_page', { search: '100%' });
		expect(pct.courses.map((x: Json) => x.title)).toEqual(['Paging course 7 100% kids']);
		expect((await ok<Json>(c, 'admin_courses_page', { search: '1%0' })).paging.total).toBe(0);
	});

	it('a page past the end shows the last page', async () => {
		const r = await ok<Json>(await as('training@example.org'), 'admin_courses_page', { page: 999 });
		expect(r.paging.page).toBe(Math.ceil(r.paging.total / r.paging.page_size));
		expect(r.courses.length).toBeGreaterThan(0);
	});
});

describe("the booker's bookings", () => {
	it('hold every one of their bookings exactly once, and no one else’s', async () => {
		const mine = await walk('my_bookings', 'bookings', {}, 'booker@example.org');
		const n = await count(
			'select count(*)::int as n from public.course_bookings where booker_id = $1',
			[KAREN]
		);
		expect(mine.total).toBe(n);
		expect(mine.pages.length).toBeGreaterThan(1);
		once(idsOf(mine.rows));
		const refs = mine.rows.map((b) => b.reference);
		expect(refs).toContain('NBC4410');
		expect(refs).not.toContain('OTHER0001');
		expect(refs).not.toContain('CEV2301');
	});

	it('the search finds a booking by reference, course or attendee', async () => {
		const karen = await as('booker@example.org');
		const ref = await ok<Json>(karen, 'my_bookings', { search: 'page001' });
		expect(ref.bookings.map((b: Json) => b.reference).sort()).toEqual(
			[
				'PAGE0010',
				'PAGE0011',
				'PAGE0012',
				'PAGE0013',
				'PAGE0014',
				'PAGE0015',
				'PAGE0016',
				'PAGE0017',
				'PAGE0018',
				'PAGE0019'
			].sort()
		);
		expect(ref.paging.total).toBe(10);
		const title = await ok<Json>(karen, 'my_bookings', { search: 'Paging course 31' });
		expect(title.bookings.map((b: Json) => b.reference)).toEqual(['PAGE0030']);
		const [attendee] = await db<{ attendee_name: string; reference: string }>(
			`select p.attendee_name, b.reference from public.course_places p
			   join public.course_bookings b on b.id = p.booking_id
			  where b.booker_id = $1 and p.attendee_name is not null limit 1`,
			[KAREN]
		);
		expect(attendee).toBeDefined();
		const byName = await ok<Json>(karen, 'my_bookings', { search: attendee!.attendee_name });
		expect(byName.bookings.map((b: Json) => b.reference)).toContain(attendee!.reference);
		// Another booker's booking is not found by its reference.
		expect((await ok<Json>(karen, 'my_bookings', { search: 'OTHER0001' })).paging.total).toBe(0);
	});
});

describe('the enquiries', () => {
	it('each once over the pages; the status and the search narrow them', async () => {
		const all = await walk('course_enquiries_page', 'enquiries', {}, 'training@example.org');
		const n = await count('select count(*)::int as n from public.course_enquiries');
		expect(all.total).toBe(n);
		once(idsOf(all.rows));
		const at = all.rows.map((e) => e.created_at);
		expect(at).toEqual([...at].sort().reverse());
		const replied = await walk(
			'course_enquiries_page',
			'enquiries',
			{ enquiry_status: 'replied' },
			'lead@example.org'
		);
		const fresh = await walk(
			'course_enquiries_page',
			'enquiries',
			{ enquiry_status: 'new' },
			'lead@example.org'
		);
		expect(replied.rows.every((e) => e.status === 'replied')).toBe(true);
		expect(replied.total + fresh.total).toBe(all.total);
		const wakefield = await walk(
			'course_enquiries_page',
			'enquiries',
			{ search: 'wakefield', enquiry_status: 'replied' },
			'training@example.org'
		);
		// n % 4 = 0 are Wakefield, and all of them are even (replied): 15 of them.
		expect(wakefield.total).toBe(15);
		expect(wakefield.rows.every((e) => e.area === 'Wakefield')).toBe(true);
	});
});

describe('the teaching list', () => {
	it('the staff page through every published course once; a trainer sees only theirs', async () => {
		const staff = await walk('teaching_page', 'courses', {}, 'training@example.org');
		const n = await count(`select count(*)::int as n from public.courses where status <> 'draft'`);
		expect(staff.total).toBe(n);
		expect(staff.pages.length).toBeGreaterThan(1);
		once(idsOf(staff.rows));
		const found = await ok<Json>(await as('lead@example.org'), 'teaching_page', {
			search: 'paging course 11'
		});
		expect(found.courses.map((c: Json) => c.title)).toEqual(['Paging course 11']);
		const trainer = await ok<Json>(await as('facilitator2@example.org'), 'teaching_page', {});
		expect(trainer.paging.total).toBe(0);
		expect(trainer.courses).toEqual([]);
	});
});

describe('who may open each list', () => {
	const cases: [string, Record<string, unknown>, string[], string[]][] = [
		[
			'admin_courses_page',
			{},
			['training@example.org', 'lead@example.org'],
			[
				'facilitator1@example.org',
				'parent1@example.org',
				'booker@example.org',
				'trainee1@example.org'
			]
		],
		[
			'course_enquiries_page',
			{},
			['training@example.org', 'lead@example.org'],
			[
				'facilitator1@example.org',
				'parent1@example.org',
				'booker@example.org',
				'trainee1@example.org'
			]
		],
		[
			'my_bookings',
			{},
			['booker@example.org', 'trainee1@example.org'],
			[
				'facilitator1@example.org',
				'parent1@example.org',
				'training@example.org',
				'lead@example.org'
			]
		],
		[
			'teaching_page',
			{},
			['training@example.org', 'lead@example.org', 'facilitator1@example.org'],
			['parent1@example.org', 'booker@example.org', 'trainee1@example.org']
		]
	];
	for (const [fn, args, allowed, refused] of cases) {
		it(`${fn}: allowed for ${allowed.length} roles, refused for the rest and anon`, async () => {
			for (const email of allowed) expect(await rpcCode(await as(email), fn, args)).toBeNull();
			for (const email of refused) expect(await rpcCode(await as(email), fn, args)).toBe('42501');
			expect(await rpcCode(anonClient(backend), fn, args)).toMatch(/^(42501|PGRST202)$/);
		});
	}
});
