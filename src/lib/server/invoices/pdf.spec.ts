import { describe, expect, it } from 'vitest';
import type { InvoicePage } from '$lib/money/types';
import { invoicePdf } from './pdf';

export const invoiceFixture: InvoicePage = {
	id: '00000000-0000-4000-8000-000000000001',
	number: 'INV-000042',
	issued_on: '2026-12-01',
	due_on: '2026-12-22',
	supplier: {
		name: 'Riverside Family Clinic',
		address: '1 River Row\nLondon E1 1AA',
		vat_number: 'GB123456789',
		bank_details: 'sort code 00-00-00, account 12345678'
	},
	customer: {
		name: 'Accounts Payable',
		email: 'ap@example.org',
		address: 'Town Hall',
		organisation: 'Northfield Borough Council'
	},
	po_number: null,
	booking: { id: '00000000-0000-4000-8000-000000000002', reference: 'NBC4410', status: 'booked' },
	course: {
		title: 'Reflective Fostering',
		days: [{ day: '2027-01-28', starts: '09:30', ends: '16:30' }],
		online: false,
		venue_name: 'The Kantor Centre of Excellence',
		venue_postcode: 'N1 9JH'
	},
	lines: [
		{
			description: 'Reflective Fostering — Training fee including access to MBT Online Training',
			quantity: 3,
			unit_pence: 47500,
			vat_percent: 20,
			net_pence: 142500,
			vat_pence: 28500
		}
	],
	net_pence: 142500,
	vat_pence: 28500,
	total_pence: 171000,
	payments: [
		{ kind: 'payment', method: 'bank_transfer', amount_pence: 100000, received_on: '2026-12-05' }
	],
	money: {
		due_pence: 171000,
		paid_pence: 100000,
		refunded_pence: 0,
		balance_pence: 71000,
		state: 'part paid',
		due_on: '2026-12-22',
		overdue: false
	}
};

describe('invoicePdf', () => {
	it('is a one-page A4 PDF titled with the invoice number', async () => {
		const pdf = Buffer.from(await invoicePdf(invoiceFixture));
		const text = pdf.toString('latin1');
		expect(text.startsWith('%PDF-')).toBe(true);
		expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
		expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
		expect(text).toContain('Invoice INV-000042');
	});
});
