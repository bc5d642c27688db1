/**
 * Course booking under concurrency on PostgreSQL 15 (PGlite serialises everything, so only this
 * suite can catch a race): 50 simultaneous public bookings for a course's last places, across
 * two fee tiers, must book exactly the free places and refuse the rest with the course_full
 * hint, never taking more places than the course has.
 */
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { allAtOnce, useFreshDatabase } from './harness';

const CALLS = 50;
const CAPACITY = 30;
const TAKEN = 20; // booked before the race: 10 places left

const db = useFreshDatabase({ max: 60 });

/** An open course starting in 30 days with tiers A and B; `taken` places already booked. */
async function createCourse(pool: pg.Pool): Promise<{ slug: string; a: string; b: string }> {
	const slug = `race-course-${Date.now()}`;
	const { rows } = await pool.query<{ id: string }>(
		`insert into public.courses (slug, title, capacity, status, online)
		 values ($1, 'Race course', $2, 'open', true) returning id`,
		[slug, CAPACITY]
	);
	const id = rows[0]!.id;
	await pool.query(
		`insert into public.course_days (course_id, day, starts, ends)
		 values ($1, current_date + 30, '09:30', '16:30')`,
		[id]
	);
	const tiers = await pool.query<{ id: string }>(
		`insert into public.course_fee_tiers (course_id, position, name, price_pence)
		 values ($1, 1, 'A', 10000), ($1, 2, 'B', 20000) returning id`,
		[id]
	);
	const { rows: b } = await pool.query<{ id: string }>(
		`insert into public.course_bookings (course_id, booker_name, booker_email, pay_by,
		   finance_name, finance_email, finance_address)
		 values ($1, 'Early Booker', 'early@example.org', 'invoice', 'AP', 'ap@example.org', 'Town Hall')
		 returning id`,
		[id]
	);
	await pool.query(
		`insert into public.course_places (booking_id, course_id, tier_id)
		 select $1, $2, $3 from generate_series(1, $4::int)`,
		[b[0]!.id, id, tiers.rows[0]!.id, TAKEN]
	);
	return { slug, a: tiers.rows[0]!.id, b: tiers.rows[1]!.id };
}

describe('course booking race', () => {
	it(`${CALLS} simultaneous bookings for the last ${CAPACITY - TAKEN} places: exactly those are booked`, async () => {
		const { pool } = db();
		const course = await createCourse(pool);
		const { results, ms } = await allAtOnce(pool, 'service_role', CALLS, async (c, i) => {
			const { rows } = await c.query(
				`select public.book_course(
				   course_slug => $1, booker_name => 'Racer ' || $2, booker_email => 'racer' || $2 || '@example.org',
				   booker_organisation => '', places => $3::jsonb, attendees => '[]'::jsonb,
				   pay_by => 'invoice', po_number => null, finance_name => 'AP',
				   finance_email => 'ap@example.org', finance_address => 'Town Hall',
				   card_available => false, client_address => $4) as r`,
				[
					course.slug,
					String(i),
					JSON.stringify([{ tier_id: i % 2 ? course.a : course.b, count: 1 }]),
					`192.0.2.${i + 1}`
				]
			);
			return rows[0]!.r;
		});
		console.log(`[pg] ${CALLS} concurrent book_course calls in ${ms} ms`);

		const booked = results.filter((r) => r.status === 'fulfilled');
		const refused = results
			.filter((r): r is PromiseRejectedResult => r.status === 'rejected')
			.map((r) => r.reason as { code?: string; hint?: string });
		expect(booked).toHaveLength(CAPACITY - TAKEN);
		expect(refused).toHaveLength(CALLS - (CAPACITY - TAKEN));
		expect(refused.every((e) => e.code === 'P0001' && e.hint === 'course_full')).toBe(true);

		const { rows } = await pool.query<{ n: number; bookings: number }>(
			`select count(*)::int as n, count(distinct p.booking_id)::int as bookings
			   from public.course_places p join public.courses c on c.id = p.course_id
			  where c.slug = $1 and p.status = 'active'`,
			[course.slug]
		);
		expect(rows[0]).toEqual({ n: CAPACITY, bookings: CAPACITY - TAKEN + 1 });
		const { rows: invoices } = await pool.query<{ n: number }>(
			`select count(*)::int as n from public.invoices i join public.course_bookings b on b.id = i.booking_id
			  join public.courses c on c.id = b.course_id where c.slug = $1`,
			[course.slug]
		);
		expect(invoices[0]!.n).toBe(CAPACITY - TAKEN);
	}, 120_000);
});
