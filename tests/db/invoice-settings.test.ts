/**
 * The supplier's details on invoices: the training staff set the VAT number and bank details;
 * nobody else may read or change them; a new invoice copies them, and one already issued keeps
 * what it was issued with. Also the invoice numbers: one unbroken sequence.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, startBackend } from './harness';
import { clients, ok, rpc } from './groups-fixtures';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const KAREN = '00000000-0000-4000-8000-000000003201';

beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

async function invoiceOf(booking: string) {
	const { rows } = await backend.db.query<{ number: number; supplier: Record<string, string> }>(
		'select number, supplier from public.invoices where booking_id = $1',
		[booking]
	);
	return rows[0];
}

describe('invoice details', () => {
	it('the training admin and the lead see what new invoices will say', async () => {
		for (const email of ['training@example.org', 'lead@example.org']) {
			const page = await ok<{ supplier: Record<string, string>; next_invoice_number: number }>(
				await as(email),
				'invoice_settings_page'
			);
			expect(page.supplier).toMatchObject({
				name: 'Riverside Family Clinic',
				vat_number: 'GB123456789'
			});
			expect(page.next_invoice_number).toBe(8); // the demo issued 1–7
		}
	});

	it('nobody else may see or change them', async () => {
		for (const email of [
			'facilitator1@example.org',
			'parent1@example.org',
			'booker@example.org',
			'trainee1@example.org'
		]) {
			const c = await as(email);
			expect((await rpc(c, 'invoice_settings_page')).error?.code, email).toBe('42501');
			expect(
				(await rpc(c, 'save_invoice_settings', { vat_number: 'GB999999999', bank_details: 'x' }))
					.error?.code,
				email
			).toBe('42501');
		}
		const anon = anonClient(backend);
		expect((await rpc(anon, 'invoice_settings_page')).error?.code).toBe('42501');
		const { rows } = await backend.db.query<{ vat_number: string }>(
			'select vat_number from public.organisation'
		);
		expect(rows[0]!.vat_number).toBe('GB123456789');
	});

	it('refuses a VAT number that is not one, and changes nothing', async () => {
		const r = await rpc(await as('training@example.org'), 'save_invoice_settings', {
			vat_number: 'not a vat number',
			bank_details: 'Changed'
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'vat_number' });
		const { rows } = await backend.db.query<{ bank_details: string }>(
			'select bank_details from public.organisation'
		);
		expect(rows[0]!.bank_details).toMatch(/^Riverside Family Clinic, sort code/);
	});

	it('a new invoice copies the new details; an issued one keeps its own', async () => {
		const before = await invoiceOf(KAREN);
		await ok(await as('training@example.org'), 'save_invoice_settings', {
			vat_number: ' gb 987 6543 21 ',
			bank_details: '  Riverside Family Clinic, 11-22-33, 87654321  '
		});
		const { rows } = await backend.db.query<{ vat_number: string; bank_details: string }>(
			'select vat_number, bank_details from public.organisation'
		);
		expect(rows[0]).toEqual({
			vat_number: 'GB987654321',
			bank_details: 'Riverside Family Clinic, 11-22-33, 87654321'
		});
		expect(await invoiceOf(KAREN)).toEqual(before);
		expect(before!.supplier.vat_number).toBe('GB123456789');

		// A new booking's invoice (made directly: booking itself is tested with its functions).
		const booking = (
			await backend.db.query<{ id: string }>(
				`insert into public.course_bookings (course_id, booker_name, booker_email, pay_by,
				   finance_name, finance_email, finance_address)
				 values ('00000000-0000-4000-8000-000000003001', 'Test Booker', 'test.booker@example.org',
				   'invoice', 'Finance', 'finance@example.org', '1 Test Street') returning id`
			)
		).rows[0]!.id;
		await backend.db.query(
			`insert into public.course_places (booking_id, course_id, tier_id)
			 values ($1, '00000000-0000-4000-8000-000000003001', '00000000-0000-4000-8000-000000003101'),
			        ($1, '00000000-0000-4000-8000-000000003001', '00000000-0000-4000-8000-000000003102')`,
			[booking]
		);
		await backend.db.query('select private.issue_invoice($1)', [booking]);
		await backend.db.query('select private.issue_invoice($1)', [booking]); // once only
		const made = await invoiceOf(booking);
		expect(made!.number).toBe(8);
		expect(made!.supplier).toMatchObject({ vat_number: 'GB987654321' });
		const { rows: lines } = await backend.db.query(
			`select position, quantity, unit_pence, net_pence, vat_pence from public.invoice_lines
			  where invoice_id = (select id from public.invoices where booking_id = $1) order by position`,
			[booking]
		);
		expect(lines).toEqual([
			{ position: 1, quantity: 1, unit_pence: 39500, net_pence: 39500, vat_pence: 7900 },
			{ position: 2, quantity: 1, unit_pence: 47500, net_pence: 47500, vat_pence: 9500 }
		]);
		const { rows: total } = await backend.db.query(
			'select net_pence, vat_pence, total_pence from public.invoices where booking_id = $1',
			[booking]
		);
		expect(total).toEqual([{ net_pence: 87000, vat_pence: 17400, total_pence: 104400 }]);
		const { rows: numbers } = await backend.db.query<{ number: number }>(
			'select number from public.invoices order by number'
		);
		expect(numbers.map((r) => r.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
	});
});
