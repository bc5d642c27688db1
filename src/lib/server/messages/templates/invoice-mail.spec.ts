import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { invoiceIssued } from './invoice-issued';
import { invoiceOverdue } from './invoice-overdue';

const ctx: MessageContext = {
	recipient: { email: 'ap@example.org', full_name: 'Accounts Payable', role: null },
	clinic: {
		name: 'Riverside Family Clinic',
		phone: null,
		email: null,
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
};
const payload = {
	invoice_id: '00000000-0000-4000-8000-000000000001',
	number: 'INV-000042',
	issued_on: '2026-12-01',
	due_on: '2026-12-22',
	total_pence: 171000,
	balance_pence: 171000,
	po_number: null,
	reference: 'NBC4410',
	course_title: 'Reflective Fostering',
	supplier_name: 'Riverside Family Clinic',
	bank_details: 'sort code 00-00-00, account 12345678',
	token: 'abc_DEF-123'
};

describe('invoice emails', () => {
	it('invoice_issued states the invoice and links to it with its token', () => {
		const m = invoiceIssued(payload, ctx);
		expect(m.subject).toBe('Invoice INV-000042 from Riverside Family Clinic');
		expect(m.text).toContain('Total £1,710.00');
		expect(m.text).toContain('Purchase order: to follow');
		expect(m.text).toContain('Due by 22 December 2026');
		expect(m.text).toContain(
			'https://groups.example.org/invoices/00000000-0000-4000-8000-000000000001?t=abc_DEF-123'
		);
		expect(m.html).toContain('.pdf?t=abc_DEF-123');
	});
	it('invoice_overdue says when it was due', () => {
		const m = invoiceOverdue({ ...payload, balance_pence: 71000 }, ctx);
		expect(m.subject).toBe('Reminder: invoice INV-000042 is overdue');
		expect(m.text).toContain('was due on 22 December 2026');
		expect(m.text).toContain('still to pay £710.00');
	});
	it('a payload without its token is refused, not sent with a broken link', () => {
		expect(() => invoiceIssued({ ...payload, token: '' }, ctx)).toThrow();
	});
});
