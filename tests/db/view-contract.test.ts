/**
 * The contract between the SQL and the pages: every page function, called as each role that may
 * open it on the demo data, returns exactly what its zod schema (src/lib/server/rpc/views.ts)
 * says: every key the schema requires, with its type, and no key it does not know. The lists of
 * page and write functions are checked against the database's own catalogue, so a new function
 * cannot be left out. A renamed column fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { VIEWS, type ViewName } from '../../src/lib/server/rpc/views';
import { WRITES } from '../../src/lib/server/rpc/writes';
import { ids, startBackend } from './harness';
import { clients, groupArgs, rpc } from './groups-fixtures';

const THURSDAY = '00000000-0000-4000-8000-000000001002'; // running, parents 1–6
const TUESDAY = '00000000-0000-4000-8000-000000001001'; // open, parents 7–12
const ONLINE = '00000000-0000-4000-8000-000000001003'; // open, self-funded, empty
const GROUPS = [THURSDAY, TUESDAY, ONLINE];
const MONDAY = '00000000-0000-4000-8000-000000001004'; // completed, outcomes before and after
const FRIDAY = '00000000-0000-4000-8000-000000001005'; // completed, three families

/** The enrolments a measure page may be opened for: a parent's own, or (staff) the groups'. */
const MEASURE_ENROLMENTS = `select e.id::text as v from public.enrolments e
  join public.profiles p on p.id = e.parent_id
  where e.status = 'enrolled' and (p.email = $1 or ($1 not like 'parent%' and e.group_id = any ($2::uuid[])))
  order by 1`;

type Role = 'lead' | 'facilitator' | 'parent' | 'training_admin' | 'booker' | 'trainee';
type Args = Record<string, unknown>;

/** Who is signed in for each role: parent 1 and 2 hold places, an offer and a waitlist spot. */
const PEOPLE: Record<Role, string[]> = {
	lead: ['lead@example.org'],
	facilitator: ['facilitator1@example.org'],
	parent: ['parent1@example.org', 'parent2@example.org', 'parent8@example.org'],
	training_admin: ['training@example.org'],
	booker: ['booker@example.org'],
	// Karen books for a team; Aisha was booked by her; Chloe booked (and paid for) her own place.
	trainee: ['trainee1@example.org', 'trainee3@example.org']
};

const COURSES = `select id::text as v from public.courses order by 1`;
const BOOKINGS = `select id::text as v from public.course_bookings order by 1`;

let backend: EmbeddedBackend;
const as = clients(() => backend);

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	return (await backend.db.query<T>(sql, params)).rows;
}

const column = async (sql: string, params: unknown[] = []) =>
	(await rows<{ v: string }>(sql, params)).map((r) => r.v);

/**
 * Which roles may call each page function, and the calls to make: every demo group, session and
 * curriculum a page shows, and filters that change what comes back. Arguments are made for the
 * signed-in person (a parent's own sessions and enrolments).
 */
const CASES: Record<ViewName, { roles: Role[]; args: (email: string) => Promise<Args[]> }> = {
	admin_booking_page: {
		roles: ['training_admin', 'lead'],
		args: async () => (await column(BOOKINGS)).map((booking_id) => ({ booking_id }))
	},
	admin_course_page: {
		roles: ['training_admin', 'lead'],
		args: async () => (await column(COURSES)).map((course_id) => ({ course_id }))
	},
	admin_courses_page: { roles: ['training_admin', 'lead'], args: async () => [{}] },
	booking_change_page: {
		roles: ['lead', 'training_admin', 'booker'],
		// Staff open every booking; a booker their own.
		args: async (email) =>
			(
				await column(
					`select id::text as v from public.course_bookings
					  where $1 in ('lead@example.org', 'training@example.org') or booker_email = $1`,
					[email]
				)
			).map((booking) => ({ booking }))
	},
	booking_page: {
		roles: ['booker', 'trainee'],
		args: async (email) =>
			(
				await column(
					`select b.id::text as v from public.course_bookings b join public.profiles p
					   on p.id = b.booker_id where p.email = $1`,
					[email]
				)
			).map((booking_id) => ({ booking_id }))
	},
	facilitator_register_page: { roles: ['lead', 'facilitator'], args: async () => [{}] },
	outcome_measures_page: { roles: ['lead'], args: async () => [{}] },
	facilitator_record_page: {
		// The lead opens everyone's record; a facilitator only their own.
		roles: ['lead', 'facilitator'],
		args: async (email) =>
			(
				await column(
					`select id::text as v from public.profiles
					  where role = 'facilitator' and ($1 = 'lead@example.org' or email = $1)`,
					[email]
				)
			).map((person_id) => ({ person_id }))
	},
	concern_page: {
		roles: ['lead', 'facilitator'],
		args: async (email) =>
			(
				await column(
					`select c.id::text as v from public.concerns c
					  where $1 = 'lead@example.org' or exists (
					    select 1 from public.group_facilitators gf join public.profiles p on p.id = gf.facilitator_id
					     where gf.group_id = c.group_id and p.email = $1)`,
					[email]
				)
			).map((concern_id) => ({ concern_id }))
	},
	certificate_check: {
		roles: ['lead', 'facilitator', 'parent', 'training_admin', 'booker', 'trainee'],
		args: async () => [
			{ code: 'RFAU-7K2P-9QXD' },
			{ code: 'rfau7k2p9qxd' },
			{ code: 'NONE-OF-THIS' }
		]
	},
	certificate_page: {
		// Null (a 404) for a code that is not the person's; the training staff open any.
		roles: ['training_admin', 'lead', 'trainee', 'booker'],
		args: async () => [{ code: 'RFAU-7K2P-9QXD' }]
	},
	course_certificates_page: {
		roles: ['training_admin', 'lead'],
		args: async () => (await column(COURSES)).map((course) => ({ course }))
	},
	my_certificates: { roles: ['trainee', 'booker'], args: async () => [{}] },
	course_register_page: {
		roles: ['facilitator', 'training_admin', 'lead'],
		// Every day of every course the person keeps the register of.
		args: async (email) =>
			rows<{ course: string; day: string }>(
				`select d.course_id::text as course, to_char(d.day, 'YYYY-MM-DD') as day
				   from public.course_days d
				  where $1 in ('lead@example.org', 'training@example.org') or exists (
				    select 1 from public.course_trainers t join public.profiles p on p.id = t.trainer_id
				     where t.course_id = d.course_id and p.email = $1)
				  order by 1, 2`,
				[email]
			)
	},
	course_edit_page: {
		roles: ['lead', 'training_admin'],
		args: async () => [
			{},
			...(await column('select id::text as v from public.courses')).map((course_id) => ({
				course_id
			}))
		]
	},
	course_enquiries_page: { roles: ['lead', 'training_admin'], args: async () => [{}] },
	course_page: {
		roles: ['lead', 'facilitator', 'parent', 'training_admin', 'booker', 'trainee'],
		args: async () =>
			(await column(`select slug as v from public.courses where status <> 'draft'`)).map(
				(slug) => ({ slug })
			)
	},
	courses_page: {
		roles: ['lead', 'facilitator', 'parent', 'training_admin', 'booker', 'trainee'],
		args: async () => [{}]
	},
	curricula_page: { roles: ['lead', 'facilitator'], args: async () => [{}] },
	curriculum_page: {
		roles: ['lead', 'facilitator'],
		args: async () =>
			(await column('select id::text as v from public.curricula')).map((id) => ({
				curriculum_id: id
			}))
	},
	edit_group_page: {
		roles: ['lead', 'facilitator'],
		args: async () => GROUPS.map((group_id) => ({ group_id }))
	},
	feedback_page: {
		roles: ['parent', 'facilitator', 'lead'],
		args: async (email) =>
			(await column(MEASURE_ENROLMENTS, [email, [...GROUPS, MONDAY]])).map((enrolment_id) => ({
				enrolment_id
			}))
	},
	funder_report: {
		roles: ['lead'],
		args: async () => [
			{ from_date: '2020-01-01', to_date: '2035-12-31' },
			{ from_date: '2020-01-01', to_date: '2035-12-31', funder: 'Northfield Family Trust' },
			{ from_date: '2001-01-01', to_date: '2001-12-31' },
			{ from_date: '2020-01-01', to_date: '2035-12-31', page: 99 },
			{ from_date: '2020-01-01', to_date: '2035-12-31', every_row: true }
		]
	},
	group_consultations_page: {
		roles: ['lead', 'facilitator'],
		// The consultant's view is in tests/db/consultations.test.ts (the demo names none).
		args: async () => GROUPS.map((group_id) => ({ group_id }))
	},
	group_measures_page: {
		roles: ['lead', 'facilitator'],
		args: async () => [...GROUPS, MONDAY].map((group_id) => ({ group_id }))
	},
	group_outcomes_page: {
		roles: ['lead', 'facilitator'],
		args: async () => [...GROUPS, MONDAY, FRIDAY].map((group_id) => ({ group_id }))
	},
	group_page: {
		roles: ['lead', 'facilitator'],
		args: async () => GROUPS.map((group_id) => ({ group_id }))
	},
	group_review: {
		roles: ['lead'],
		args: async () => [...GROUPS, MONDAY, FRIDAY].map((group_id) => ({ group_id }))
	},
	groups_page: {
		roles: ['lead', 'facilitator'],
		args: async () => [
			{},
			{ status: 'running' },
			{ funding: 'self_funded', programme_id: 'reflective-parenting' },
			{ facilitator_id: ids.facilitator2 },
			{ search: 'morn', page: 2 },
			{ search: '%', status: 'completed' }
		]
	},
	interest_page: {
		roles: ['lead', 'facilitator'],
		args: async () => [
			{},
			{ state: 'invited' },
			{ state: 'removed', search: 'a', page: 3 },
			{ state: 'nonsense' }
		]
	},
	invoice_page: {
		roles: ['training_admin', 'booker', 'lead'],
		args: async (email) =>
			(
				await column(
					`select b.id::text as v from public.course_bookings b join public.invoices i on i.booking_id = b.id
					  where $1 in ('training@example.org', 'lead@example.org') or b.booker_email = $1 order by 1`,
					[email]
				)
			).map((booking_id) => ({ booking_id }))
	},
	invoice_settings_page: { roles: ['training_admin', 'lead'], args: async () => [{}] },
	match_bank_lines: {
		roles: ['training_admin', 'lead'],
		args: async () => [
			{
				lines: [
					{ date: '2026-11-30', reference: 'BACS NBC4410', amount_pence: 100 },
					{ date: '2026-11-30', reference: 'INV-000001', amount_pence: 100 },
					{ date: '2026-11-30', reference: 'NOTHING', amount_pence: 100 }
				]
			}
		]
	},
	my_bookings: { roles: ['booker', 'trainee'], args: async () => [{}] },
	my_calendar: { roles: ['parent'], args: async () => [{}] },
	my_messages: { roles: ['lead', 'facilitator', 'parent'], args: async () => [{}] },
	my_profile: {
		roles: ['lead', 'facilitator', 'parent', 'training_admin', 'booker', 'trainee'],
		args: async () => [{}]
	},
	my_session: {
		roles: ['parent'],
		args: async (email) =>
			(
				await column(
					`select s.id::text as v from public.sessions s
					 join public.enrolments e on e.group_id = s.group_id and e.status = 'enrolled'
					 join public.profiles p on p.id = e.parent_id where p.email = $1`,
					[email]
				)
			).map((session_id) => ({ session_id }))
	},
	my_training: { roles: ['trainee', 'booker'], args: async () => [{}] },
	new_group_form: { roles: ['lead'], args: async () => [{}] },
	next_groups: {
		roles: ['lead', 'facilitator', 'parent', 'training_admin', 'booker', 'trainee'],
		args: async () => [{}]
	},
	online_training_version_page: {
		roles: ['training_admin', 'lead'],
		args: async () =>
			(await column('select id::text as v from public.online_trainings')).map((training_id) => ({
				training_id
			}))
	},
	online_trainings_page: { roles: ['training_admin', 'lead'], args: async () => [{}] },
	measure_page: {
		roles: ['parent', 'facilitator', 'lead'],
		args: async (email) =>
			(await column(MEASURE_ENROLMENTS, [email, [...GROUPS, MONDAY]])).flatMap((enrolment_id) =>
				['before', 'after'].map((at) => ({ enrolment_id, instrument_id: 'gbo', at }))
			)
	},
	my_measures_page: { roles: ['parent'], args: async () => [{}] },
	offer_page: {
		roles: ['parent'],
		args: async (email) =>
			(
				await column(
					`select e.id::text as v from public.enrolments e
					 join public.profiles p on p.id = e.parent_id where p.email = $1`,
					[email]
				)
			).map((enrolment_id) => ({ enrolment_id }))
	},
	online_module_page: {
		roles: ['trainee'],
		// Every module of each of the trainee's places the online training is open to (Chloe's).
		args: async (email) =>
			(
				await rows<{ place: string; module: string }>(
					`select p.id::text as place, m.id::text as module from public.course_places p
					 join public.courses c on c.id = p.course_id
					 join public.online_modules m on m.training_id = c.online_training_id
					 join public.profiles pr on pr.id = p.trainee_id
					 where pr.email = $1 and (private.online_access(p.id) ->> 'open')::boolean`,
					[email]
				)
			).map((r) => ({ place: r.place, module: r.module }))
	},
	online_training_page: {
		roles: ['trainee'],
		args: async (email) =>
			(
				await column(
					`select p.id::text as v from public.course_places p
					 join public.profiles pr on pr.id = p.trainee_id where pr.email = $1`,
					[email]
				)
			).map((place) => ({ place }))
	},
	open_concerns: {
		roles: ['lead'],
		args: async () => [{}, { urgency: 'high' }, { search: 'session', page: 9 }]
	},
	parent_home: { roles: ['parent'], args: async () => [{}] },
	quote_booking_change: {
		roles: ['lead', 'training_admin', 'booker'],
		// Karen Lowe (the booker) asks only about her own booking, NBC4410.
		args: async (email) => {
			const places = await column(
				"select id::text as v from public.course_places where booking_id = '00000000-0000-4000-8000-000000003201'"
			);
			return [
				{ booking: '00000000-0000-4000-8000-000000003201', kind: 'cancel', places },
				{
					booking: '00000000-0000-4000-8000-000000003201',
					kind: 'transfer',
					places,
					to_course: '00000000-0000-4000-8000-000000003003'
				},
				{
					booking: '00000000-0000-4000-8000-000000003201',
					kind: 'substitute',
					places: places.slice(0, 1)
				},
				{ booking: '00000000-0000-4000-8000-000000003203', kind: 'cancel', places: [] }
			].filter((a) => email !== 'booker@example.org' || a.booking.endsWith('3201'));
		}
	},
	revenue_report: {
		roles: ['training_admin', 'lead'],
		args: async () => [{ from_date: '2021-01-01', to_date: '2030-12-31' }]
	},
	review_dashboard: {
		roles: ['lead'],
		args: async () => [
			{},
			{ page: 2 },
			{ from_date: '2026-01-01', to_date: '2035-12-31', funding: 'funded' },
			{ facilitator_id: ids.facilitator1, programme_id: 'reflective-parenting' }
		]
	},
	review_home: {
		roles: ['lead'],
		args: async () => [{}, { role: 'parent', page: 2 }, { search: 'example.org' }]
	},
	session_deck: { roles: ['lead', 'facilitator'], args: async () => sessionsToShow() },
	session_page: { roles: ['lead', 'facilitator'], args: async () => sessionsToShow() },
	settings_page: { roles: ['lead'], args: async () => [{}, { page: 2 }] },
	teaching_course_page: {
		roles: ['lead', 'training_admin', 'facilitator'],
		// Staff open every course; a trainer the courses they train.
		args: async (email) =>
			(
				await column(
					`select c.id::text as v from public.courses c
					  where $1 in ('lead@example.org', 'training@example.org') or exists (
					    select 1 from public.course_trainers t join public.profiles p on p.id = t.trainer_id
					     where t.course_id = c.id and p.email = $1) order by 1`,
					[email]
				)
			).map((course_id) => ({ course_id }))
	},
	teaching_page: { roles: ['lead', 'training_admin', 'facilitator'], args: async () => [{}] }
};

/** Sessions 1 (held, with notes and marks, in the running group), 4 and 8 of every group. */
async function sessionsToShow(): Promise<Args[]> {
	return GROUPS.flatMap((group_id) => [1, 4, 8].map((number) => ({ group_id, number })));
}

/** Paths of keys in `raw` that the schema dropped: what SQL returns that the schema does not say. */
function unknownKeys(raw: unknown, parsed: unknown, path = ''): string[] {
	if (Array.isArray(raw) && Array.isArray(parsed)) {
		return raw.flatMap((item, i) => unknownKeys(item, parsed[i], `${path}[${i}]`));
	}
	if (raw && typeof raw === 'object' && parsed && typeof parsed === 'object') {
		const p = parsed as Record<string, unknown>;
		return Object.entries(raw).flatMap(([key, value]) =>
			key in p ? unknownKeys(value, p[key], `${path}.${key}`) : [`${path}.${key}`]
		);
	}
	return [];
}

/** Parse a result with a schema; say what is missing, mistyped or unknown. */
function check(schema: z.ZodType, data: unknown): string[] {
	const result = schema.safeParse(data);
	if (!result.success) return [z.prettifyError(result.error)];
	return unknownKeys(data, result.data).map((key) => `not in the schema: ${key}`);
}

beforeAll(async () => {
	backend = await startBackend();
	// Beyond the demo data, the other shapes a parent's pages take: an offer and a waitlist spot.
	// Tuesday's 12 places become 6 (all taken), parents 1 and 2 join its waitlist, and parent 7
	// leaves, so parent 1 is offered the place and parent 2 waits.
	await backend.db.query('update public.groups set capacity = 6 where id = $1', [TUESDAY]);
	const f1 = await as('facilitator1@example.org');
	for (const email of ['parent1@example.org', 'parent2@example.org']) {
		// Both have places in Thursday evenings, whose dates overlap Tuesday's: enrol anyway.
		const r = await rpc(f1, 'enrol_parent', { group_id: TUESDAY, email, confirm_overlap: true });
		expect(check(WRITES.enrol_parent, r.data), email).toEqual([]);
		expect(r.data).toMatchObject({ status: 'waitlisted' });
	}
	const [seven] = await column(
		`select e.id::text as v from public.enrolments e where e.group_id = $1 and e.parent_id = $2`,
		[TUESDAY, ids.parent(7)]
	);
	const left = await rpc(f1, 'withdraw_enrolment', {
		enrolment_id: seven,
		reason: 'Moved away',
		withdrawn_on: new Date().toISOString().slice(0, 10)
	});
	expect(left.error).toBeNull();
}, 60_000);
afterAll(() => backend?.close());

describe('the lists of page and write functions', () => {
	it('the page functions are every stable public function a signed-in person may call', async () => {
		const views = await column(
			`select p.proname as v from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			 where n.nspname = 'public' and p.provolatile = 's'
			   and has_function_privilege('authenticated', p.oid, 'execute') order by 1`
		);
		expect(Object.keys(VIEWS).sort()).toEqual(views);
		expect(Object.keys(CASES).sort()).toEqual(views);
	});

	it('the write functions are every volatile public function a signed-in person may call', async () => {
		const writes = await column(
			`select p.proname as v from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			 where n.nspname = 'public' and p.provolatile <> 's'
			   and has_function_privilege('authenticated', p.oid, 'execute') order by 1`
		);
		expect(Object.keys(WRITES).sort()).toEqual(writes);
	});

	it('every page function returns jsonb', async () => {
		const types = await rows<{ name: string; type: string }>(
			`select p.proname as name, format_type(p.prorettype, null) as type
			 from pg_proc p join pg_namespace n on n.oid = p.pronamespace
			 where n.nspname = 'public' and p.proname = any($1) order by 1`,
			[Object.keys(VIEWS)]
		);
		expect(types.filter((t) => t.type !== 'jsonb')).toEqual([]);
	});
});

describe('every page function returns what its schema says', () => {
	for (const [fn, { roles, args }] of Object.entries(CASES) as [
		ViewName,
		(typeof CASES)[ViewName]
	][]) {
		for (const role of roles) {
			it(`${fn} as ${role}`, async () => {
				let calls = 0;
				for (const email of PEOPLE[role]) {
					const client = await as(email);
					for (const a of await args(email)) {
						const r = await rpc(client, fn, a);
						// A parent asking for a session or offer of another group is refused (P0002).
						if (r.error?.code === 'P0002' && role === 'parent') continue;
						expect(r.error, `${email} ${JSON.stringify(a)}`).toBeNull();
						expect(check(VIEWS[fn], r.data), `${email} ${JSON.stringify(a)}`).toEqual([]);
						calls += 1;
					}
				}
				expect(calls).toBeGreaterThan(0);
			});
		}
		const others = (Object.keys(PEOPLE) as Role[]).filter((r) => !roles.includes(r));
		if (others.length) {
			it(`${fn} refuses ${others.join(' and ')}`, async () => {
				// The first arguments any of the first role's people have (Aisha has no open module).
				const [a = {}] = (await Promise.all(PEOPLE[roles[0]!].map(args))).flat();
				for (const role of others) {
					const r = await rpc(await as(PEOPLE[role][0]!), fn, a);
					expect(r.error?.code, role).toBe('42501');
				}
			});
		}
	}

	it('covers a parent with a place, one with an offer and one on the waitlist', async () => {
		const statuses = [];
		for (const email of PEOPLE.parent) {
			const home = await rpc<{ memberships: { status: string }[] }>(await as(email), 'parent_home');
			statuses.push(...(home.data?.memberships ?? []).map((m) => m.status));
		}
		expect(new Set(statuses)).toEqual(new Set(['enrolled', 'offered', 'waitlisted']));
	});
});

describe('the write results the app reads', () => {
	it('create_group and draft_curriculum return the new id', async () => {
		const lead = await as('lead@example.org');
		const created = await rpc(lead, 'create_group', groupArgs());
		expect(created.error).toBeNull();
		expect(check(WRITES.create_group, created.data)).toEqual([]);
		const drafted = await rpc(lead, 'draft_curriculum', { programme_id: 'reflective-parenting' });
		expect(drafted.error).toBeNull();
		expect(check(WRITES.draft_curriculum, drafted.data)).toEqual([]);
	});
});

describe('the contract can fail', () => {
	let changed: EmbeddedBackend;
	beforeAll(async () => {
		changed = await startBackend();
	});
	afterAll(() => changed?.close());

	it('a renamed column is a missing key and an unknown one', async () => {
		await changed.db.exec('alter table public.programmes rename column places to seats');
		const lead = await clients(() => changed)('lead@example.org');
		const r = await rpc(lead, 'new_group_form');
		expect(r.error).toBeNull();
		const problems = check(VIEWS.new_group_form, r.data);
		expect(problems.join('\n')).toContain('places');
		expect(unknownKeys(r.data, { programmes: [{}] })).toContain('.programmes[0].seats');
	});

	it('a key the schema does not know is reported', () => {
		const profile = {
			id: ids.lead,
			email: 'lead@example.org',
			full_name: 'Helen Marsh',
			role: 'clinical_lead',
			created_at: '2026-12-01T09:52:08.894+00:00'
		};
		expect(check(VIEWS.my_profile, profile)).toEqual([]);
		expect(check(VIEWS.my_profile, { ...profile, phone: '0' })).toEqual([
			'not in the schema: .phone'
		]);
		expect(check(VIEWS.my_profile, { ...profile, role: 'admin' })).toHaveLength(1);
	});
});
