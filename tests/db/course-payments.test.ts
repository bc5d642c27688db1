/**
 * Course money (85_course_payments.sql) through supabase-js as each person: the admin's pages
 * and who may open them, bank payments and refunds with their limits, every payment state,
 * invoice numbering, the emailed invoice link, overdue reminders, card payments from the
 * webhook, bank-statement matching and the revenue report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, startBackend, type Client } from './harness';
import { clients, ok, rpc } from './groups-fixtures';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

const as = clients(() => backend);
const service = (): Client => anonClient(backend, backend.serviceRoleKey);

const NEXT_RF = '00000000-0000-4000-8000-000000003001';
const TIER_WITH_ONLINE = '00000000-0000-4000-8000-000000003102';
const NBC4410 = '00000000-0000-4000-8000-000000003201';
const today = () => new Date().toISOString().slice(0, 10);

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []) {
	return (await backend.db.query<T>(text, params)).rows;
}

let made = 0;
/** A new invoice booking of `places` places on the next course (with online, £570 each gross). */
async function booking(places = 1, status = 'booked'): Promise<{ id: string; reference: string }> {
	made += 1;
	const reference = `TST${String(made).padStart(4, '0')}`;
	const [b] = await sql<{ id: string }>(
		`insert into public.course_bookings (reference, course_id, booker_name, booker_email,
		   booker_organisation, pay_by, po_number, finance_name, finance_email, finance_address,
		   status, held_until)
		 values ($1, $2, 'Test Booker', 'test.booker@example.org', 'Test Council', $3, 'PO-1',
		   'Test Finance', 'finance@example.org', '1 Test Street', $4,
		   case when $4 = 'held' then now() + interval '30 minutes' end)
		 returning id::text`,
		[reference, NEXT_RF, status === 'held' ? 'card' : 'invoice', status]
	);
	for (let n = 0; n < places; n++)
		await sql(
			`insert into public.course_places (booking_id, course_id, tier_id) values ($1, $2, $3)`,
			[b!.id, NEXT_RF, TIER_WITH_ONLINE]
		);
	if (status === 'booked') await sql('select private.issue_invoice($1)', [b!.id]);
	return { id: b!.id, reference };
}

const money = async (id: string) =>
	(await sql<{ m: Record<string, unknown> }>('select private.booking_money($1) as m', [id]))[0]!.m;

describe('who may open the admin pages and record money', () => {
	const refused: [string, () => Promise<Client>][] = [
		['the booker', () => as('booker@example.org')],
		['a trainee', () => as('trainee1@example.org')],
		['a facilitator', () => as('facilitator1@example.org')],
		['a parent', () => as('parent1@example.org')],
		['someone signed out', async () => anonClient(backend)]
	];
	for (const [who, client] of refused) {
		it(`${who} is refused every admin page and write`, async () => {
			const c = await client();
			const calls: [string, Record<string, unknown>][] = [
				['admin_courses_page', {}],
				['admin_course_page', { course_id: NEXT_RF }],
				['admin_booking_page', { booking_id: NBC4410 }],
				[
					'record_booking_payment',
					{ booking_id: NBC4410, amount_pence: 100, received_on: today(), reference: 'X' }
				],
				['revenue_report', { from_date: '2026-01-01', to_date: '2026-12-31' }],
				['match_bank_lines', { lines: [] }]
			];
			for (const [fn, args] of calls) {
				const r = await rpc(c, fn, args);
				// Signed out, PostgREST refuses before the function (not granted to anon).
				expect(['42501'], `${fn}`).toContain(r.error?.code);
			}
			expect(
				await sql(`select 1 from public.booking_payments where booking_id = $1`, [NBC4410])
			).toEqual([]);
		});
	}

	it('the training admin and the clinical lead open the home page', async () => {
		for (const email of ['training@example.org', 'lead@example.org']) {
			const page = await ok<{ courses: { id: string; upcoming: boolean; bookings: number }[] }>(
				await as(email),
				'admin_courses_page'
			);
			const upcoming = page.courses.map((c) => c.upcoming);
			// Upcoming first, then past.
			expect(upcoming).toEqual([...upcoming].sort((a, b) => Number(b) - Number(a)));
			expect(page.courses.find((c) => c.id === NEXT_RF)?.bookings).toBeGreaterThanOrEqual(2);
		}
	});

	it('the course page lists NBC4410 with its places, PO and money', async () => {
		const page = await ok<{ bookings: Record<string, unknown>[] }>(
			await as('training@example.org'),
			'admin_course_page',
			{ course_id: NEXT_RF }
		);
		const nbc = page.bookings.find((b) => b.reference === 'NBC4410');
		expect(nbc).toMatchObject({
			po_number: 'PO-4410-2291',
			named: 2,
			unnamed: 1,
			places: [{ tier: 'Training fee including access to MBT Online Training', count: 3 }],
			money: { state: 'awaiting payment', balance_pence: 171000, overdue: false }
		});
	});
});

describe('bank payments and refunds', () => {
	it('a payment in two parts: part paid, then paid; an overpayment is refused and changes nothing', async () => {
		const b = await booking(2); // £1,140.00
		const admin = await as('training@example.org');
		const first = await ok(admin, 'record_booking_payment', {
			booking_id: b.id,
			amount_pence: 40000,
			received_on: today(),
			reference: b.reference
		});
		expect(first).toMatchObject({ state: 'part paid' });
		const over = await rpc(admin, 'record_booking_payment', {
			booking_id: b.id,
			amount_pence: 74001,
			received_on: today(),
			reference: b.reference
		});
		expect(over.error).toMatchObject({ code: 'P0001', hint: 'amount' });
		expect(over.error?.message).toBe(
			'£740.01 is more than the £740.00 still owed on this booking.'
		);
		expect(await money(b.id)).toMatchObject({ paid_pence: 40000, state: 'part paid' });
		const rest = await ok(admin, 'record_booking_payment', {
			booking_id: b.id,
			amount_pence: 74000,
			received_on: today(),
			reference: b.reference
		});
		expect(rest).toMatchObject({ state: 'paid' });
		// The audit trigger saw both payments, by the admin.
		const audited = await sql(
			`select 1 from public.audit_log where table_name = 'booking_payments' and row_id = any(
			   select id::text from public.booking_payments where booking_id = $1)`,
			[b.id]
		);
		expect(audited).toHaveLength(2);
	});

	it('a future date, no reference or no amount is refused beside its field', async () => {
		const b = await booking(1);
		const admin = await as('training@example.org');
		const base = { booking_id: b.id, amount_pence: 100, received_on: today(), reference: 'R' };
		const cases: [Record<string, unknown>, string][] = [
			[{ received_on: '2999-01-01' }, 'received_on'],
			[{ reference: '  ' }, 'reference'],
			[{ amount_pence: 0 }, 'amount']
		];
		for (const [change, hint] of cases) {
			const r = await rpc(admin, 'record_booking_payment', { ...base, ...change });
			expect(r.error, hint).toMatchObject({ code: 'P0001', hint });
		}
		expect(await money(b.id)).toMatchObject({ paid_pence: 0 });
	});

	it('a refund beyond what was paid is refused; paid back, a booking owes again until cancelled', async () => {
		const b = await booking(1); // £570.00
		const admin = await as('training@example.org');
		await ok(admin, 'record_booking_payment', {
			booking_id: b.id,
			amount_pence: 57000,
			received_on: today(),
			reference: b.reference
		});
		const args = { booking_id: b.id, refunded_on: today(), reference: 'RF1', reason: 'Cancelled' };
		const tooMuch = await rpc(admin, 'record_booking_refund', { ...args, amount_pence: 57001 });
		expect(tooMuch.error).toMatchObject({ code: 'P0001', hint: 'amount' });
		const noReason = await rpc(admin, 'record_booking_refund', {
			...args,
			reason: '',
			amount_pence: 100
		});
		expect(noReason.error).toMatchObject({ code: 'P0001', hint: 'reason' });
		expect(await money(b.id)).toMatchObject({ refunded_pence: 0, state: 'paid' });
		expect(
			await ok(admin, 'record_booking_refund', { ...args, amount_pence: 57000 })
		).toMatchObject({ state: 'awaiting payment' });
		// Paid back on a live booking it is owed again, not "refunded" ...
		expect(await money(b.id)).toMatchObject({ balance_pence: 57000 });
		// ... which is the end state of a cancelled booking whose money went back.
		await sql(
			`update public.course_bookings set status = 'cancelled', cancelled_at = now() where id = $1`,
			[b.id]
		);
		expect(await money(b.id)).toMatchObject({ state: 'refunded' });
	});
});

describe('payment states and overdue', () => {
	it('awaiting payment, part paid, paid, refunded, cancelled and overdue', async () => {
		const admin = await as('training@example.org');
		const awaiting = await booking(1);
		expect(await money(awaiting.id)).toMatchObject({ state: 'awaiting payment', overdue: false });

		const part = await booking(1);
		await ok(admin, 'record_booking_payment', {
			booking_id: part.id,
			amount_pence: 100,
			received_on: today(),
			reference: 'P'
		});
		expect(await money(part.id)).toMatchObject({ state: 'part paid', balance_pence: 56900 });

		const cancelled = await booking(1);
		await sql(
			`update public.course_bookings set status = 'cancelled', cancelled_at = now() where id = $1`,
			[cancelled.id]
		);
		expect(await money(cancelled.id)).toMatchObject({ state: 'cancelled', overdue: false });

		// Overdue: the due date moved to yesterday.
		await sql(
			`update public.invoices set issued_on = current_date - 30, due_on = current_date - 1
			  where booking_id = any($1)`,
			[[awaiting.id, part.id]]
		);
		expect(await money(awaiting.id)).toMatchObject({ state: 'awaiting payment', overdue: true });
		expect(await money(part.id)).toMatchObject({ state: 'part paid', overdue: true });

		const page = await ok<{ bookings: { id: string; money: { overdue: boolean } }[] }>(
			admin,
			'admin_course_page',
			{ course_id: NEXT_RF }
		);
		expect(page.bookings.find((b) => b.id === part.id)?.money.overdue).toBe(true);
	});

	it('overdue reminders go to the finance contact at most once per invoice in 7 days', async () => {
		const late = await booking(1);
		await sql(
			`update public.invoices set issued_on = current_date - 30, due_on = current_date - 2
			  where booking_id = $1`,
			[late.id]
		);
		const [inv] = await sql<{ id: string }>(
			'select id::text from public.invoices where booking_id = $1',
			[late.id]
		);
		const reminders = async () =>
			sql<{ to_email: string; created_at: Date }>(
				`select to_email, created_at from public.notifications
				  where kind = 'invoice_overdue' and payload ->> 'invoice_id' = $1`,
				[inv!.id]
			);
		await ok(service(), 'run_scheduled_jobs', {});
		await ok(service(), 'run_scheduled_jobs', {});
		expect(await reminders()).toEqual([
			expect.objectContaining({ to_email: 'finance@example.org' })
		]);
		// Six days later: still one. Eight days later: a second.
		const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
		await ok(service(), 'run_scheduled_jobs', { as_of: later(6) });
		expect(await reminders()).toHaveLength(1);
		await ok(service(), 'run_scheduled_jobs', { as_of: later(8) });
		expect(await reminders()).toHaveLength(2);
	});
});

describe('invoices', () => {
	it('three bookings get three consecutive numbers; issuing again returns the same invoice', async () => {
		const made = [await booking(1, 'held'), await booking(1, 'held'), await booking(1, 'held')];
		await sql(
			`update public.course_bookings set status = 'booked', held_until = null
		            where id = any($1)`,
			[made.map((b) => b.id)]
		);
		const numbers: number[] = [];
		for (const b of made) {
			const [r] = await sql<{ id: string }>('select private.issue_invoice($1)::text as id', [b.id]);
			const [again] = await sql<{ id: string }>('select private.issue_invoice($1)::text as id', [
				b.id
			]);
			expect(again!.id).toBe(r!.id);
			const [n] = await sql<{ number: number }>(
				'select number from public.invoices where id = $1',
				[r!.id]
			);
			numbers.push(n!.number);
		}
		expect(numbers).toEqual([numbers[0], numbers[0]! + 1, numbers[0]! + 2]);
	});

	it('the booker reads their invoice; a trainee cannot', async () => {
		const inv = await ok<Record<string, unknown>>(await as('booker@example.org'), 'invoice_page', {
			booking_id: NBC4410
		});
		expect(inv).toMatchObject({
			po_number: 'PO-4410-2291',
			total_pence: 171000,
			booking: { reference: 'NBC4410' },
			supplier: { vat_number: 'GB123456789' },
			customer: { email: 'accounts.payable@northfield.example.org' }
		});
		expect(String(inv.number)).toMatch(/^INV-\d{6}$/);
		const r = await rpc(await as('trainee1@example.org'), 'invoice_page', { booking_id: NBC4410 });
		expect(r.error?.code).toBe('42501');
	});

	it('send_invoice emails the finance contact once, with a link only its token opens', async () => {
		const b = await booking(2);
		await sql('select private.send_invoice($1)', [b.id]);
		await sql('select private.send_invoice($1)', [b.id]);
		const mails = await sql<{ to_email: string; payload: Record<string, unknown> }>(
			`select to_email, payload from public.notifications n
			  join public.invoices i on i.id::text = n.payload ->> 'invoice_id'
			  where n.kind = 'invoice_issued' and i.booking_id = $1`,
			[b.id]
		);
		expect(mails).toHaveLength(1);
		expect(mails[0]).toMatchObject({
			to_email: 'finance@example.org',
			payload: { total_pence: 114000, po_number: 'PO-1', reference: b.reference }
		});
		const { invoice_id, token } = mails[0]!.payload as { invoice_id: string; token: string };
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const opened = await ok<{ id: string }>(service(), 'invoice_link_page', { invoice_id, token });
		expect(opened.id).toBe(invoice_id);
		const wrong = await rpc(service(), 'invoice_link_page', { invoice_id, token: token + 'x' });
		expect(wrong.error?.code).toBe('P0002');
		const otherInvoice = await rpc(service(), 'invoice_link_page', {
			invoice_id: (
				await sql<{ id: string }>('select id::text from public.invoices where booking_id = $1', [
					NBC4410
				])
			)[0]!.id,
			token
		});
		expect(otherInvoice.error?.code).toBe('P0002');
		// Nobody but the server may try tokens.
		const asBooker = await rpc(await as('booker@example.org'), 'invoice_link_page', {
			invoice_id,
			token
		});
		expect(asBooker.error).not.toBeNull();
		// Only the hash is kept.
		expect(
			await sql('select 1 from private.invoice_link_tokens where token_hash::text like $1', [
				`%${token}%`
			])
		).toEqual([]);
	});
});

describe('card payments from the webhook', () => {
	it('a held booking is booked, invoiced and paid once however often the event comes', async () => {
		const b = await booking(1, 'held');
		const args = {
			event_id: `evt_${b.reference}`,
			event_type: 'checkout.session.completed',
			booking_id: b.id,
			amount_pence: 57000,
			payment_intent: `pi_${b.reference}`
		};
		expect(await ok(service(), 'record_card_payment', args)).toBe('recorded');
		expect(await ok(service(), 'record_card_payment', args)).toBe('duplicate');
		const [row] = await sql<{ status: string; held_until: Date | null }>(
			'select status, held_until from public.course_bookings where id = $1',
			[b.id]
		);
		expect(row).toEqual({ status: 'booked', held_until: null });
		expect(await money(b.id)).toMatchObject({ paid_pence: 57000, state: 'paid' });
		const payments = await sql('select 1 from public.booking_payments where booking_id = $1', [
			b.id
		]);
		expect(payments).toHaveLength(1);
		const r = await rpc(await as('training@example.org'), 'record_card_payment', {
			...args,
			event_id: 'evt_other'
		});
		expect(r.error).not.toBeNull();
	});

	it('a payment after the hold expired is recorded and, with the place gone, flagged', async () => {
		const b = await booking(1, 'held');
		await sql(
			`update public.course_bookings set status = 'expired', held_until = null, cancelled_at = now()
			  where id = $1`,
			[b.id]
		);
		await sql(`update public.course_places set status = 'cancelled' where booking_id = $1`, [b.id]);
		// The course fills up meanwhile.
		await sql(
			'update public.courses set capacity = private.course_places_taken(id) where id = $1',
			[NEXT_RF]
		);
		try {
			const outcome = await ok(service(), 'record_card_payment', {
				event_id: `evt_${b.reference}`,
				event_type: 'checkout.session.completed',
				booking_id: b.id,
				amount_pence: 57000,
				payment_intent: `pi_${b.reference}`
			});
			expect(outcome).toBe('late_no_place');
			const page = await ok<{
				bookings: { id: string; needs_attention: boolean; status: string }[];
			}>(await as('training@example.org'), 'admin_course_page', { course_id: NEXT_RF });
			expect(page.bookings.find((x) => x.id === b.id)).toMatchObject({
				status: 'expired',
				needs_attention: true
			});
		} finally {
			await sql('update public.courses set capacity = 24 where id = $1', [NEXT_RF]);
		}
	});
});

describe('bank statements', () => {
	it('matches by reference and amount, applies only what is confirmed, and never twice', async () => {
		const b = await booking(1); // £570.00
		const admin = await as('training@example.org');
		const lines = [
			{ date: today(), reference: `BACS ${b.reference} TEST COUNCIL`, amount_pence: 57000 },
			{ date: today(), reference: `${b.reference}`, amount_pence: 100 },
			{ date: today(), reference: 'SOMETHING ELSE', amount_pence: 5000 }
		];
		const matched = await ok<{ lines: Record<string, unknown>[] }>(admin, 'match_bank_lines', {
			lines
		});
		expect(matched.lines.map((l) => [l.match, l.booking_id ?? null])).toEqual([
			['exact', b.id],
			['partial', b.id],
			['none', null]
		]);
		expect(await money(b.id)).toMatchObject({ paid_pence: 0 });
		const chosen = [{ ...lines[0]!, booking_id: b.id }];
		expect(await ok(admin, 'apply_bank_lines', { lines: chosen })).toEqual({ applied: 1 });
		const again = await rpc(admin, 'apply_bank_lines', { lines: chosen });
		expect(again.error).toMatchObject({ code: 'P0001' });
		expect(await money(b.id)).toMatchObject({ paid_pence: 57000, state: 'paid' });
		const after = await ok<{ lines: Record<string, unknown>[] }>(admin, 'match_bank_lines', {
			lines
		});
		expect(after.lines.map((l) => l.match)).toEqual(['applied', 'none', 'none']);
	});
});

describe('revenue', () => {
	it('by course and month: invoiced, received, refunded, outstanding', async () => {
		const admin = await as('training@example.org');
		const year = new Date().getFullYear();
		const report = await ok<{
			rows: { course_id: string; gross_pence: number; outstanding_pence: number }[];
			totals: { gross_pence: number; net_pence: number; vat_pence: number };
		}>(admin, 'revenue_report', { from_date: `${year - 1}-01-01`, to_date: `${year + 1}-12-31` });
		const next = report.rows.filter((r) => r.course_id === NEXT_RF);
		expect(next.length).toBeGreaterThan(0);
		expect(report.totals.gross_pence).toBe(report.totals.net_pence + report.totals.vat_pence);
		const bad = await rpc(admin, 'revenue_report', {
			from_date: '2026-02-01',
			to_date: '2026-01-01'
		});
		expect(bad.error).toMatchObject({ code: 'P0001', hint: 'to' });
	});
});

describe("a course's money on the list", () => {
	it('is its booked bookings’ money (booking_money) added up, state by state', async () => {
		// By now the next course has bookings paid, part paid, awaiting, overdue and refunded:
		// the list reads them in one pass (course_money), the booking page one by one.
		const [row] = await sql<{
			list: Record<string, { count: number; pence: number }>;
			each: Record<string, { count: number; pence: number }>;
		}>(
			`with m as (select private.booking_money(b.id) as m from public.course_bookings b
			   where b.course_id = $1 and b.status = 'booked'),
			 s as (select m ->> 'state' as state, (m ->> 'overdue')::boolean as overdue,
			   (m ->> 'paid_pence')::int - (m ->> 'refunded_pence')::int as held,
			   greatest((m ->> 'balance_pence')::int, 0) as owed from m)
			 select private.course_money($1) as list, jsonb_build_object(
			   'paid', jsonb_build_object('count', count(*) filter (where state = 'paid'),
			     'pence', coalesce(sum(held) filter (where state = 'paid'), 0)),
			   'awaiting', jsonb_build_object('count', count(*) filter (where state = 'awaiting payment'),
			     'pence', coalesce(sum(owed) filter (where state = 'awaiting payment'), 0)),
			   'part_paid', jsonb_build_object('count', count(*) filter (where state = 'part paid'),
			     'pence', coalesce(sum(owed) filter (where state = 'part paid'), 0)),
			   'overdue', jsonb_build_object('count', count(*) filter (where overdue),
			     'pence', coalesce(sum(owed) filter (where overdue), 0))) as each from s`,
			[NEXT_RF]
		);
		expect(row!.list).toEqual(row!.each);
		// Not vacuous: several states are there.
		const states = Object.values(row!.each).filter((v) => v.count > 0);
		expect(states.length).toBeGreaterThanOrEqual(3);
	});
});
