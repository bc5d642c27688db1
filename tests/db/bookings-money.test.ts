/**
 * A booking's money is read two ways: by key, for one booking (private.booking_money, asked per
 * row by pages that show one booking or a few), and in one pass for many
 * (private.bookings_money, for the bookings list and the courses' money). Both hand the same
 * facts to the one rule, private.money_json; this checks they agree on every demo booking, and
 * again after part payments, a refund and a credit note move them into other states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { startBackend } from './harness';

let backend: EmbeddedBackend;

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** Bookings whose money differs between the two readings, and how many were compared. */
async function disagreements() {
	const rows = await db<{ id: string; one: unknown; many: unknown }>(`
		select b.id, private.booking_money(b.id) as one, m.money as many
		from public.course_bookings b
		left join private.bookings_money(array(select id from public.course_bookings)) m
		  on m.booking_id = b.id`);
	return {
		compared: rows.length,
		differing: rows.filter((r) => JSON.stringify(r.one) !== JSON.stringify(r.many))
	};
}

beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

type Money = { paid_pence: number; refunded_pence: number; due_pence: number };

describe('booking_money and bookings_money', () => {
	it('agree on every demo booking', async () => {
		const { compared, differing } = await disagreements();
		expect(compared).toBeGreaterThan(5);
		expect(differing).toEqual([]);
	});

	it('agree after part payments, a refund and a credit note', async () => {
		const [invoiced] = await db<{ booking_id: string; id: string; total_pence: number }>(
			`select i.booking_id, i.id, i.total_pence from public.invoices i
			 order by i.number limit 1`
		);
		expect(invoiced).toBeDefined();
		const [other] = await db<{ id: string }>(
			`select b.id from public.course_bookings b where b.status = 'booked' and b.id <> $1
			 order by b.reference limit 1`,
			[invoiced!.booking_id]
		);
		expect(other).toBeDefined();
		const [before] = await db<{ m: Money }>('select private.booking_money($1) as m', [
			invoiced!.booking_id
		]);
		await db(
			`insert into public.booking_payments (booking_id, kind, method, amount_pence, received_on)
			 values ($1, 'payment', 'bank_transfer', 1000, current_date),
			        ($1, 'payment', 'bank_transfer', 2500, current_date),
			        ($1, 'refund', 'bank_transfer', 500, current_date),
			        ($2, 'payment', 'other', 700, current_date)`,
			[invoiced!.booking_id, other!.id]
		);
		await db(
			`insert into public.credit_notes (invoice_id, number, issued_on, net_pence, vat_pence,
			   total_pence, reason)
			 values ($1, (select coalesce(max(number), 0) + 1 from public.credit_notes), current_date,
			   100, 20, 120, 'A place given back')`,
			[invoiced!.id]
		);
		const [after] = await db<{ m: Money }>('select private.booking_money($1) as m', [
			invoiced!.booking_id
		]);
		expect(after!.m).toMatchObject({
			paid_pence: before!.m.paid_pence + 3500,
			refunded_pence: before!.m.refunded_pence + 500,
			due_pence: before!.m.due_pence - 120
		});
		const { differing } = await disagreements();
		expect(differing).toEqual([]);
	});
});
