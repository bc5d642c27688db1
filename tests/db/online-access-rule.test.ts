import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBackend, type EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { rpc } from './groups-fixtures';
import { signIn, SITE, type Client } from './harness';

const rpcOf = (client: Client) => (name: string, args: Record<string, unknown>) =>
	rpc(client, name, args);

/**
 * The online training's access rule (private.online_access in 88_online_training.sql), proven
 * three ways:
 *   1. as a truth table of its pure core, private.online_access_verdict: payment state ×
 *      before / on / after the opening date × early access × included × the place live;
 *   2. the opening date itself: one calendar month before the first day, month ends clamped
 *      (31 March opens on 28 or 29 February), read as a London date either side of midnight in
 *      winter and in summer time;
 *   3. through the real data and writes: payment recorded part and in full, early access on an
 *      unpaid place, a cancellation, a substitution and a transfer — with the demo clock moved.
 */

let backend: EmbeddedBackend;
let offsetSeconds = 0;

beforeAll(async () => {
	const dump = new Blob([readFileSync(inject('schemaDump'))]);
	backend = await createEmbeddedBackend({
		loadDataDir: dump,
		siteUrl: SITE,
		clockOffsetSeconds: () => offsetSeconds
	});
});
afterAll(() => backend.close());

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
	return (await backend.db.query<T>(text, params)).rows;
}

/** The one row a query returns. */
async function one<T>(text: string, params: unknown[] = []): Promise<T> {
	const [row] = await sql<T>(text, params);
	if (!row) throw new Error(`no row from: ${text}`);
	return row;
}

/** Move the demo clock so that private.clock() reads `instant` (an ISO time). */
async function clockAt(instant: string): Promise<void> {
	const { now } = await one<{ now: number }>('select extract(epoch from now()) as now');
	offsetSeconds = Date.parse(instant) / 1000 - Number(now!);
}

/** private.online_access as SQL sees it with the demo clock moved, as the backend sets it. */
async function access(place: string): Promise<Record<string, unknown>> {
	return backend.db.transaction(async (tx) => {
		await tx.query("select set_config('app.clock_offset_seconds', $1, true)", [
			String(offsetSeconds)
		]);
		const { rows } = await tx.query<{ a: Record<string, unknown> }>(
			'select private.online_access($1) as a',
			[place]
		);
		return rows[0]!.a;
	});
}

describe('the rule as a truth table (private.online_access_verdict)', () => {
	const MONEY = ['paid', 'part paid', 'awaiting payment', 'refunded', 'cancelled'] as const;
	const FIRST_DAY = '2027-05-18'; // opens on 2027-04-18
	const DAYS = { before: '2027-04-17', on: '2027-04-18', after: '2027-05-01' } as const;

	/** The organisation's words, as an oracle: each line is one sentence of its course page. */
	function expected(
		included: boolean,
		live: boolean,
		money: string,
		when: keyof typeof DAYS,
		early: boolean
	) {
		if (!included) return 'not_included';
		// "A refund or cancellation withdraws access."
		if (!live || money === 'refunded' || money === 'cancelled') return 'withdrawn';
		// "training places must be paid for in order to be granted access" — whatever else holds.
		if (money !== 'paid') return 'unpaid';
		// "If ... you require access ... sooner ... we will be able to grant you access."
		if (early) return 'open_early';
		// "You will be given access to the Online training one month before the training start date."
		return when === 'before' ? 'before_opening' : 'open';
	}

	const rows: [boolean, boolean, string, keyof typeof DAYS, boolean][] = [];
	for (const included of [true, false])
		for (const live of [true, false])
			for (const money of MONEY)
				for (const when of Object.keys(DAYS) as (keyof typeof DAYS)[])
					for (const early of [false, true]) rows.push([included, live, money, when, early]);

	it(`holds in all ${rows.length} cases`, async () => {
		const got = await sql<{ v: string }>(
			`select private.online_access_verdict((e.x ->> 'included')::boolean,
			   (e.x ->> 'live')::boolean, e.x ->> 'money', $1::date, (e.x ->> 'early')::boolean,
			   (e.x ->> 'today')::date) as v
			 from jsonb_array_elements($2::jsonb) with ordinality as e (x, i) order by e.i`,
			[
				FIRST_DAY,
				JSON.stringify(
					rows.map(([included, live, money, when, early]) => ({
						included,
						live,
						money,
						early,
						today: DAYS[when]
					}))
				)
			]
		);
		const table = rows.map((r, i) => `${r.join(' ')} → ${got[i]!.v}`);
		expect(table).toEqual(rows.map((r) => `${r.join(' ')} → ${expected(...r)}`));
		expect(rows).toHaveLength(120);
	});

	it('a course with no days yet is not ready, even when paid', async () => {
		const [r] = await sql<{ v: string }>(
			"select private.online_access_verdict(true, true, 'paid', null, false, current_date) as v"
		);
		expect(r!.v).toBe('not_ready');
	});
});

describe('the opening date: one calendar month before the first day', () => {
	it.each([
		['2027-03-31', '2027-02-28'], // month end, not a leap year
		['2028-03-31', '2028-02-29'], // month end, a leap year
		['2027-03-29', '2027-02-28'], // the day after the clocks go forward
		['2027-05-31', '2027-04-30'],
		['2027-01-15', '2026-12-15'], // across a year
		['2026-11-01', '2026-10-01'] // the clocks went back in between
	])('a course starting %s opens on %s', async (first, opens) => {
		const [r] = await sql<{ d: string }>('select private.online_opens_on($1)::text as d', [first]);
		expect(r!.d).toBe(opens);
	});
});

describe('through the data, as the clock moves', () => {
	const NEXT_RF = '00000000-0000-4000-8000-000000003001';
	const BEN = '00000000-0000-4000-8000-000000003302'; // NBC4415, paid
	const NBC4410 = '00000000-0000-4000-8000-000000003201';
	const DANIEL_LEEDS = '00000000-0000-4000-8000-000000003304';
	let aisha: string;

	beforeAll(async () => {
		aisha = (
			await sql<{ id: string }>(
				"select id from public.course_places where attendee_email = 'trainee1@example.org'"
			)
		)[0]!.id;
	});

	/** Put the next course's two days at `first` (a London date), 09:30–16:30. */
	async function courseStarts(first: string) {
		await sql('delete from public.course_days where course_id = $1', [NEXT_RF]);
		await sql(
			`insert into public.course_days (course_id, day, starts, ends)
			 select $1, $2::date + n, '09:30', '16:30' from generate_series(0, 1) n`,
			[NEXT_RF, first]
		);
	}

	it('opens at midnight London time, in summer time and in winter', async () => {
		await courseStarts('2027-04-30'); // opens 2027-03-30, after the clocks went forward
		await clockAt('2027-03-29T22:59:00Z'); // 23:59 on the 29th in London (BST)
		expect(await access(BEN)).toMatchObject({ state: 'before_opening', opens_on: '2027-03-30' });
		await clockAt('2027-03-29T23:00:00Z'); // 00:00 on the 30th in London
		expect(await access(BEN)).toMatchObject({ state: 'open', open: true });

		await courseStarts('2027-03-01'); // opens 2027-02-01, winter (GMT)
		await clockAt('2027-01-31T23:59:00Z');
		expect((await access(BEN)).state).toBe('before_opening');
		await clockAt('2027-02-01T00:00:00Z');
		expect((await access(BEN)).state).toBe('open');
	});

	it('never while unpaid: part paid, early access and the date do not open it; paying in full does', async () => {
		await courseStarts('2027-03-01');
		await clockAt('2027-02-10T12:00:00Z'); // after its opening date, 1 February
		expect(await access(aisha)).toMatchObject({ state: 'unpaid', money_state: 'awaiting payment' });
		const admin = await signIn(backend, 'training@example.org');
		const rpc = rpcOf(admin);
		await sql(
			`insert into public.online_early_access (place_id, attendee_email, reason)
			 values ($1, 'trainee1@example.org', 'Asked to start early')`,
			[aisha]
		);
		expect((await access(aisha)).state).toBe('unpaid');
		const { due } = await one<{ due: number }>(
			"select (private.booking_money($1) ->> 'balance_pence')::int as due",
			[NBC4410]
		);
		expect(
			(
				await rpc('record_booking_payment', {
					booking_id: NBC4410,
					amount_pence: 100,
					received_on: '2026-12-01',
					reference: 'BACS NBC4410 part'
				})
			).error
		).toBeNull();
		expect(await access(aisha)).toMatchObject({ state: 'unpaid', money_state: 'part paid' });
		expect(
			(
				await rpc('record_booking_payment', {
					booking_id: NBC4410,
					amount_pence: due! - 100,
					received_on: '2026-12-01',
					reference: 'BACS NBC4410 rest'
				})
			).error
		).toBeNull();
		expect(await access(aisha)).toMatchObject({ state: 'open_early', money_state: 'paid' });
	});

	it('a substitute does not inherit early access and starts with no progress', async () => {
		await courseStarts('2027-03-01');
		await clockAt('2027-01-20T12:00:00Z'); // before its opening date, 1 February
		expect((await access(BEN)).state).toBe('before_opening');
		await sql(
			`insert into public.online_early_access (place_id, attendee_email, reason)
			 values ($1, 'trainee2@example.org', 'Ben asked to start early')`,
			[BEN]
		);
		expect((await access(BEN)).state).toBe('open_early');
		const booker = rpcOf(await signIn(backend, 'booker@example.org'));
		const r = await booker('substitute_attendee', {
			place: BEN,
			name: 'Grace Obi',
			email: 'grace.obi@northfield.example.org',
			role: 'Social worker',
			organisation: 'Northfield Borough Council'
		});
		expect(r.error).toBeNull();
		const after = await access(BEN);
		// The booking stays paid (a substitution costs nothing here), so the date decides again.
		expect(after.state).toBe('before_opening');
		expect(after.early_granted_at).toBeNull();
		const [p] = await sql<{ trainee_id: string | null }>(
			'select trainee_id from public.course_places where id = $1',
			[BEN]
		);
		expect(p!.trainee_id).not.toBe('00000000-0000-4000-8000-000000000412');
	});

	it('a transfer moves the opening date to the new course and keeps what the trainee watched', async () => {
		await clockAt(new Date().toISOString());
		const before = await access(DANIEL_LEEDS);
		expect(before.state).toBe('open');
		const admin = rpcOf(await signIn(backend, 'training@example.org'));
		const { booking } = await one<{ booking: string }>(
			'select booking_id as booking from public.course_places where id = $1',
			[DANIEL_LEEDS]
		);
		await courseStarts('2027-06-03'); // the next course, well after Leeds
		const t = await admin('transfer_booking_places', {
			booking,
			places: [DANIEL_LEEDS],
			to_course: NEXT_RF,
			reason: 'Cannot make the Leeds dates'
		});
		expect(t.error).toBeNull();
		expect((await access(DANIEL_LEEDS)).state).toBe('withdrawn');
		const [moved] = await sql<{ id: string; booking_id: string }>(
			`select id, booking_id from public.course_places
			  where course_id = $1 and attendee_email = 'trainee4@example.org' and status = 'active'`,
			[NEXT_RF]
		);
		const now = await access(moved!.id);
		expect(now.opens_on).toBe('2027-05-03');
		// The transfer fee (its size depends on the notice given, so on the day this runs) must be
		// paid first; then the new course's date decides.
		const { due } = await one<{ due: number }>(
			"select (private.booking_money($1) ->> 'balance_pence')::int as due",
			[moved!.booking_id]
		);
		expect(due).toBeGreaterThan(0);
		expect(now.state).toBe('unpaid');
		const paid = await admin('record_booking_payment', {
			booking_id: moved!.booking_id,
			amount_pence: due,
			received_on: '2026-12-01',
			reference: 'Transfer fee'
		});
		expect(paid.error).toBeNull();
		expect((await access(moved!.id)).state).toBe('before_opening');
		const [summary] = await sql<{ s: { done: number } }>(
			`select private.online_progress_summary('00000000-0000-4000-8000-000000000414',
			   '00000000-0000-4000-8000-000000004001') as s`
		);
		expect(summary!.s.done).toBe(4);
	});

	it('a card booking held while the booker pays is unpaid, not withdrawn', async () => {
		const { id: booking } = await one<{ id: string }>(
			`insert into public.course_bookings (course_id, booker_name, booker_email, pay_by, status,
			   held_until)
			 values ($1, 'Hana Card', 'hana.card@example.org', 'card', 'held', now() + interval '30 minutes')
			 returning id`,
			[NEXT_RF]
		);
		const { id: place } = await one<{ id: string }>(
			`insert into public.course_places (booking_id, course_id, tier_id, attendee_name, attendee_email)
			 values ($1, $2, '00000000-0000-4000-8000-000000003102', 'Hana Card', 'hana.card@example.org')
			 returning id`,
			[booking, NEXT_RF]
		);
		await clockAt(new Date().toISOString());
		expect((await access(place)).state).toBe('unpaid');
	});

	it('cancelling the place withdraws access at once', async () => {
		const { booking } = await one<{ booking: string }>(
			"select booking_id as booking from public.course_places where attendee_email = 'trainee3@example.org'"
		);
		const chloe = (
			await sql<{ id: string }>(
				"select id from public.course_places where attendee_email = 'trainee3@example.org'"
			)
		)[0]!.id;
		expect((await access(chloe)).state).toBe('open_early');
		const admin = rpcOf(await signIn(backend, 'training@example.org'));
		const r = await admin('cancel_booking_places', {
			booking,
			places: [chloe],
			reason: 'Cannot attend'
		});
		expect(r.error).toBeNull();
		expect((await access(chloe)).state).toBe('withdrawn');
	});
});
