/**
 * The training roles in the RLS matrix, on EVERY table: the training admin, a booker and
 * trainees, beside anon, a parent, a facilitator who trains a course, one who does not, and the
 * clinical lead. Read straight from the tables as a hostile client with the public key could.
 *
 * Two halves:
 *   - every table of the groups service (people, groups, sessions, the register, notes, concerns,
 *     messages…) shows the training roles NOTHING, beyond their own profile row, and none of them
 *     can change a row of any table;
 *   - the training tables show each person exactly their own: a booker their bookings, a trainee
 *     their place, a trainer their courses' attendees, the training staff everything, anyone the
 *     courses out of draft.
 * A table nobody has classified here fails the first test, so a new table joins the matrix.
 *
 * The demo seed's training data (supabase/seed.sql) is the fixture: Karen Lowe's bookings NBC4410
 * (3 places: trainee1, Farah Malik without an account, one to name) and NBC4415 (trainee2), Chloe
 * Evans's own card booking CEV2301 (trainee3, early access), Daniel Reid's past booking DRE1902
 * and his Leeds one DRL2610 (trainee4, 4 of 9 modules done), Esther Nowak's past ENW5510
 * (trainee5: both days present, a certificate), Eastbrook's ENT8800 (8 places, no account), one
 * waiting-list entry; Priya Shah (facilitator 1) trains the three Reflective Fostering courses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { asRole, ids, startBackend } from './harness';

const demo = (n: string) => `00000000-0000-4000-8000-000000000${n}`;
const T = {
	admin: demo('401'),
	booker: demo('402'),
	trainee1: demo('411'),
	trainee2: demo('412'),
	trainee3: demo('413'),
	trainee4: demo('414'),
	trainee5: demo('415')
};
const NEXT_RF = '00000000-0000-4000-8000-000000003001';
const PAST_RF = '00000000-0000-4000-8000-000000003002';
const LEEDS_RF = '00000000-0000-4000-8000-000000003004';

/** The tables of the training half; every other public table belongs to the groups service. */
const TRAINING_TABLES = [
	'applied_bank_lines',
	'booking_payments',
	'course_attendance',
	'course_bookings',
	'course_certificate_holds',
	'course_certificates',
	'course_days',
	'course_enquiries',
	'course_fee_tiers',
	'course_place_transfers',
	'course_places',
	'course_trainers',
	'course_waitlist',
	'courses',
	'credit_notes',
	'document_numbers',
	'invoice_lines',
	'invoices',
	'online_access_requests',
	'online_completions',
	'online_early_access',
	'online_modules',
	'online_progress',
	'online_trainings',
	'stripe_events'
];

/** Groups-service tables where a training role may see a row of its own, and which one. */
const OWN_ROW: Record<string, (who: string) => string> = {
	profiles: (who) => `id = '${who}'`
};

const TRAINING_ROLES: [string, string][] = [
	['training admin', T.admin],
	['booker', T.booker],
	['trainee with a place', T.trainee1],
	['trainee who booked themselves', T.trainee3]
];

let backend: EmbeddedBackend;
let tables: string[];
let draftCourse: string;

beforeAll(async () => {
	backend = await startBackend();
	tables = (
		await backend.db.query<{ t: string }>(
			`select c.relname as t from pg_catalog.pg_class c
			   join pg_catalog.pg_namespace n on n.oid = c.relnamespace
			  where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`
		)
	).rows.map((r) => r.t);
	// A draft course Priya trains: only the training staff and she may see it.
	draftCourse = (
		await backend.db.query<{ id: string }>(
			`insert into public.courses (slug, title, capacity) values ('draft-for-rls', 'A draft', 10)
			 returning id`
		)
	).rows[0]!.id;
	await backend.db.query(
		'insert into public.course_trainers (course_id, trainer_id) values ($1, $2)',
		[draftCourse, ids.facilitator1]
	);
});
afterAll(() => backend.close());

/** Run as the person and roll back, so a write that wrongly succeeds leaves nothing behind. */
async function attempt(
	who: string | null,
	sql: string
): Promise<{ rows: number } | { code: string }> {
	const rolledBack = new Error('roll back');
	let outcome: { rows: number } | { code: string } = { rows: 0 };
	try {
		await backend.db.transaction(async (tx) => {
			await tx.exec(`set local role ${who ? 'authenticated' : 'anon'}`);
			const claims = who ? { sub: who, role: 'authenticated' } : { role: 'anon' };
			await tx.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
			try {
				const r = await tx.query(sql);
				outcome = { rows: /^\s*select/i.test(sql) ? r.rows.length : (r.affectedRows ?? 0) };
			} catch (e) {
				outcome = { code: (e as { code?: string }).code ?? 'error' };
			}
			throw rolledBack;
		});
	} catch (e) {
		if (e !== rolledBack) throw e;
	}
	return outcome;
}

async function count(who: string | null, table: string, where = 'true'): Promise<number | string> {
	const r = await attempt(who, `select 1 from public.${table} where ${where}`);
	return 'code' in r ? r.code : r.rows;
}

describe('every table', () => {
	it('is classified here as training or groups service (a new table joins the matrix)', () => {
		expect(tables.filter((t) => TRAINING_TABLES.includes(t)).sort()).toEqual(
			[...TRAINING_TABLES].sort()
		);
		expect(tables.length).toBeGreaterThan(TRAINING_TABLES.length + 15); // and the groups service's
	});

	it.each(TRAINING_ROLES)(
		'%s sees nothing of the groups service: no parent, family, group or message',
		async (_label, who) => {
			const seen: Record<string, number | string> = {};
			for (const table of tables.filter((t) => !TRAINING_TABLES.includes(t))) {
				const visible = await count(who, table);
				const own = OWN_ROW[table] ? await count(who, table, OWN_ROW[table](who)) : 0;
				if (visible !== own || typeof visible === 'string') {
					// A permission error is a denial too; anything visible beyond their own is not.
					if (typeof visible === 'string' && visible === '42501') continue;
					seen[table] = visible;
				}
			}
			expect(seen).toEqual({});
			// The one row they do see is their own profile, and only that.
			expect(await count(who, 'profiles')).toBe(1);
		}
	);

	it('the demo has what the denial above is tested against', async () => {
		for (const table of [
			'groups',
			'sessions',
			'enrolments',
			'attendance',
			'session_notes',
			'concerns',
			'interest_list'
		]) {
			expect(await count(ids.lead, table), table).toBeGreaterThan(0);
		}
	});

	it.each([...TRAINING_ROLES, ['anon', null] as [string, null]])(
		'%s cannot insert, change or delete a row of any table',
		async (_label, who) => {
			const changed: Record<string, string> = {};
			for (const table of tables) {
				const column = (
					await backend.db.query<{ c: string }>(
						`select a.attname as c from pg_catalog.pg_attribute a
						   join pg_catalog.pg_class c on c.oid = a.attrelid
						   join pg_catalog.pg_namespace n on n.oid = c.relnamespace
						  where n.nspname = 'public' and c.relname = $1 and a.attnum > 0
						    and not a.attisdropped and a.attidentity = '' and a.attgenerated = ''
						  order by a.attnum limit 1`,
						[table]
					)
				).rows[0]!.c;
				const update = await attempt(who, `update public.${table} set "${column}" = "${column}"`);
				const del = await attempt(who, `delete from public.${table}`);
				if ('rows' in update && update.rows > 0) changed[`${table} update`] = `${update.rows} rows`;
				if ('rows' in del && del.rows > 0) changed[`${table} delete`] = `${del.rows} rows`;
			}
			expect(changed).toEqual({});
		}
	);
});

describe('the training tables', () => {
	const everyone: [string, string | null][] = [
		['anon', null],
		['parent', ids.parent(1)],
		['facilitator who trains', ids.facilitator1],
		['facilitator who does not', ids.facilitator2],
		['clinical lead', ids.lead],
		['training admin', T.admin],
		['booker', T.booker],
		['trainee 1', T.trainee1],
		['trainee 3', T.trainee3]
	];

	async function ids_(who: string | null, sql: string): Promise<string[] | string> {
		try {
			return (await asRole<{ v: string }>(backend, who, sql)).map((r) => r.v).sort();
		} catch (e) {
			return (e as { code?: string }).code ?? 'error';
		}
	}

	it.each(everyone)(
		'%s: courses out of draft; a draft only for training staff and its trainer',
		async (label, who) => {
			const seen = await ids_(who, 'select id::text as v from public.courses');
			const staff = ['clinical lead', 'training admin', 'facilitator who trains'].includes(label);
			expect(Array.isArray(seen) && seen.includes(draftCourse)).toBe(staff);
			expect(Array.isArray(seen) && seen.includes(NEXT_RF)).toBe(true);
			const days = await ids_(
				who,
				`select course_id::text as v from public.course_days where course_id = '${NEXT_RF}'`
			);
			expect(days).toHaveLength(2);
			const tiers = await ids_(
				who,
				`select name as v from public.course_fee_tiers where course_id = '${NEXT_RF}'`
			);
			expect(tiers).toHaveLength(2);
		}
	);

	const bookingsSeen: Record<string, string[]> = {
		anon: [],
		parent: [],
		'facilitator who trains': [],
		'facilitator who does not': [],
		'clinical lead': ['CEV2301', 'DRE1902', 'DRL2610', 'ENT8800', 'ENW5510', 'NBC4410', 'NBC4415'],
		'training admin': ['CEV2301', 'DRE1902', 'DRL2610', 'ENT8800', 'ENW5510', 'NBC4410', 'NBC4415'],
		booker: ['NBC4410', 'NBC4415'],
		'trainee 1': [],
		'trainee 3': ['CEV2301']
	};
	it.each(everyone)(
		'%s: bookings, invoices and payments of their own bookings only',
		async (label, who) => {
			expect(await ids_(who, 'select reference as v from public.course_bookings')).toEqual(
				bookingsSeen[label]
			);
			expect(
				await ids_(
					who,
					'select b.reference as v from public.invoices i join public.course_bookings b on b.id = i.booking_id'
				)
			).toEqual(bookingsSeen[label]);
			const lines = await ids_(who, 'select invoice_id::text as v from public.invoice_lines');
			expect(new Set(lines as string[]).size).toBe(bookingsSeen[label]!.length);
			const paid = await ids_(
				who,
				'select b.reference as v from public.booking_payments p join public.course_bookings b on b.id = p.booking_id'
			);
			expect(paid).toEqual(bookingsSeen[label]!.filter((r) => r !== 'NBC4410'));
		}
	);

	it.each(everyone)(
		"%s: places — their own, their bookings', their courses' or all",
		async (label, who) => {
			const places = await ids_(
				who,
				"select course_id::text || coalesce(attendee_email, '-') as v from public.course_places"
			);
			const n = Array.isArray(places) ? places.length : places;
			const expected: Record<string, number> = {
				anon: 0,
				parent: 0,
				'facilitator who trains': 8, // the three Reflective Fostering courses: 5 + 2 + 1
				'facilitator who does not': 0,
				'clinical lead': 16,
				'training admin': 16,
				booker: 4,
				'trainee 1': 1,
				'trainee 3': 1
			};
			expect(n).toBe(expected[label]);
			if (label === 'trainee 1') expect(places).toEqual([`${NEXT_RF}trainee1@example.org`]);
			if (label === 'facilitator who trains') {
				expect(
					(places as string[]).every((p) =>
						[NEXT_RF, PAST_RF, LEEDS_RF].some((c) => p.startsWith(c))
					)
				).toBe(true);
			}
		}
	);

	it.each(everyone)(
		'%s: the waiting list and trainers only as training staff (or their own course)',
		async (label, who) => {
			const staff = label === 'clinical lead' || label === 'training admin';
			expect(await ids_(who, 'select email as v from public.course_waitlist')).toEqual(
				staff ? ['sofia.marin@example.org'] : []
			);
			const trainers = await ids_(who, 'select course_id::text as v from public.course_trainers');
			expect((trainers as string[]).length).toBe(
				staff ? 7 : label === 'facilitator who trains' ? 4 : 0
			);
		}
	);

	it.each(everyone)(
		"%s: the number counters and Stripe events are nobody's to read",
		async (_label, who) => {
			expect(await ids_(who, 'select kind as v from public.document_numbers')).toBe('42501');
			expect(await ids_(who, 'select id as v from public.stripe_events')).toBe('42501');
		}
	);

	const online: Record<string, Record<string, number>> = {
		anon: {},
		parent: {},
		'facilitator who trains': {
			trainings: 1,
			modules: 9,
			early: 1,
			attendance: 2,
			certificates: 1
		},
		'facilitator who does not': {},
		'clinical lead': {
			trainings: 1,
			modules: 9,
			progress: 13,
			early: 1,
			requests: 1,
			attendance: 2,
			certificates: 1
		},
		'training admin': {
			trainings: 1,
			modules: 9,
			progress: 13,
			early: 1,
			requests: 1,
			attendance: 2,
			certificates: 1
		},
		booker: { trainings: 1, modules: 9 },
		'trainee 1': { trainings: 1, modules: 9 },
		'trainee 3': { trainings: 1, modules: 9, early: 1, requests: 1 },
		'trainee 4': { trainings: 1, modules: 9, progress: 4 },
		'trainee 5': { trainings: 1, modules: 9, progress: 9, attendance: 2, certificates: 1 }
	};
	it.each([...everyone, ['trainee 4', T.trainee4], ['trainee 5', T.trainee5]] as [
		string,
		string | null
	][])(
		'%s: the online training — content with a place on a course using it, progress their own, the rest through the place',
		async (label, who) => {
			const seen: Record<string, number> = {};
			for (const [key, table] of [
				['trainings', 'online_trainings'],
				['modules', 'online_modules'],
				['progress', 'online_progress'],
				['early', 'online_early_access'],
				['requests', 'online_access_requests'],
				['completions', 'online_completions'],
				['attendance', 'course_attendance'],
				['certificates', 'course_certificates'],
				['holds', 'course_certificate_holds']
			]) {
				const n = await count(who, table!);
				if (typeof n === 'string') throw new Error(`${table}: ${n}`);
				if (n > 0) seen[key!] = n;
			}
			expect(seen).toEqual(online[label]);
		}
	);
});
