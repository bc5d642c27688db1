/**
 * Booking changes under concurrency on PostgreSQL 15 (PGlite runs one transaction at a time, so
 * only this suite can catch a race): many transfers at once into a course with few places left
 * never overfill it, and many cancellations at once take credit-note numbers with no gap or repeat.
 */
import type pg from 'pg';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { allAtOnce, useFreshDatabase } from './harness';

const TRAINING_ADMIN = '00000000-0000-4000-8000-000000000401';
const BOOKINGS = 12;
const LEFT = 3;

const db = useFreshDatabase({ max: 40 });

/** An open online course starting `inDays` from today (London), with one £475 + VAT tier. */
async function course(pool: pg.Pool, inDays: number, capacity: number): Promise<string> {
	const { rows } = await pool.query<{ id: string }>(
		`with c as (
		   insert into public.courses (slug, title, online, capacity, status)
		   values ($1, 'Race course', true, $2, 'open') returning id),
		 d as (
		   insert into public.course_days (course_id, day, starts, ends)
		   select id, (now() at time zone 'Europe/London')::date + $3::int, '09:30', '16:30' from c)
		 insert into public.course_fee_tiers (course_id, name, price_pence, vat_percent)
		 select id, 'Training fee', 47500, 20 from c returning course_id as id`,
		[`race-${randomUUID().slice(0, 8)}`, capacity, inDays]
	);
	return rows[0]!.id;
}

/** `n` invoiced bookings of one named place each on the course; returns [booking, place] pairs. */
async function bookings(pool: pg.Pool, courseId: string, n: number): Promise<[string, string][]> {
	const out: [string, string][] = [];
	for (let i = 0; i < n; i++) {
		const tag = randomUUID().slice(0, 8);
		const { rows } = await pool.query<{ booking: string; place: string }>(
			`with b as (
			   insert into public.course_bookings (course_id, booker_name, booker_email, pay_by,
			     finance_name, finance_email, finance_address)
			   values ($1, 'Race Booker', $2, 'invoice', 'Accounts', 'ap@example.org', 'Town Hall')
			   returning id)
			 insert into public.course_places (booking_id, course_id, tier_id, attendee_name, attendee_email)
			 select b.id, $1, t.id, 'Attendee ' || $3, $2 from b, public.course_fee_tiers t
			 where t.course_id = $1 returning booking_id as booking, id as place`,
			[courseId, `race.${tag}@example.org`, tag]
		);
		await pool.query('select private.issue_invoice($1)', [rows[0]!.booking]);
		out.push([rows[0]!.booking, rows[0]!.place]);
	}
	return out;
}

describe('booking changes under concurrency', () => {
	it(`${BOOKINGS} simultaneous transfers into a course with ${LEFT} places left: exactly ${LEFT} move`, async () => {
		const { pool } = db();
		const from = await course(pool, 40, 20);
		const to = await course(pool, 90, LEFT);
		const pairs = await bookings(pool, from, BOOKINGS);
		const { results, ms } = await allAtOnce(pool, TRAINING_ADMIN, BOOKINGS, async (c, i) => {
			const [booking, place] = pairs[i]!;
			await c.query(
				"select public.transfer_booking_places($1, array[$2]::uuid[], $3, 'race') as r",
				[booking, place, to]
			);
		});
		console.log(`[pg] ${BOOKINGS} concurrent transfer_booking_places calls in ${ms} ms`);
		const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(LEFT);
		expect(refused.map((r) => (r.reason as { code?: string }).code)).toEqual(
			Array(BOOKINGS - LEFT).fill('P0001')
		);
		const { rows } = await pool.query<{ active: number; moved: number; kept: number }>(
			`select (select count(*)::int from public.course_places where course_id = $1 and status = 'active') as active,
			   (select count(*)::int from public.course_places where course_id = $2 and status = 'transferred') as moved,
			   (select count(*)::int from public.course_places where course_id = $2 and status = 'active') as kept`,
			[to, from]
		);
		expect(rows[0]).toEqual({ active: LEFT, moved: LEFT, kept: BOOKINGS - LEFT });
	});

	it(`${BOOKINGS} simultaneous cancellations: credit-note numbers with no gap and no repeat`, async () => {
		const { pool } = db();
		const c = await course(pool, 40, 20);
		const pairs = await bookings(pool, c, BOOKINGS);
		const before = await pool.query<{ n: number }>(
			"select next_number as n from public.document_numbers where kind = 'credit_note'"
		);
		const { results } = await allAtOnce(pool, TRAINING_ADMIN, BOOKINGS, async (client, i) => {
			const [booking, place] = pairs[i]!;
			const { rows } = await client.query<{ r: { credit_note: { number: number } } }>(
				"select public.cancel_booking_places($1, array[$2]::uuid[], 'race') as r",
				[booking, place]
			);
			return rows[0]!.r.credit_note.number;
		});
		expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
		const numbers = results
			.map((r) => (r as PromiseFulfilledResult<number>).value)
			.sort((a, b) => a - b);
		const first = before.rows[0]!.n;
		expect(numbers).toEqual(Array.from({ length: BOOKINGS }, (_, i) => first + i));
	});
});
