import { z } from 'zod';
import { printedDate } from '$lib/money/format';
import { money } from '$lib/courses/money';

/** What private.invoice_mail_payload queues for invoice_issued and invoice_overdue. */
export const InvoiceMail = z.object({
	invoice_id: z.string(),
	number: z.string(),
	issued_on: z.string(),
	due_on: z.string(),
	total_pence: z.number().int(),
	balance_pence: z.number().int(),
	po_number: z.string().nullable(),
	reference: z.string(),
	course_title: z.string(),
	supplier_name: z.string().nullable(),
	bank_details: z.string().nullable(),
	token: z.string().min(1)
});
export type InvoiceMail = z.infer<typeof InvoiceMail>;

/** The invoice's page and PDF, opened by the link's token without an account. */
export function invoiceLinks(p: InvoiceMail, siteUrl: string) {
	const base = `${siteUrl}/invoices/${p.invoice_id}`;
	const t = `?t=${encodeURIComponent(p.token)}`;
	return { page: `${base}${t}`, pdf: `${base}.pdf${t}` };
}

/** The facts every invoice email states, as plain lines. */
export function invoiceFacts(p: InvoiceMail): string[] {
	return [
		`Invoice ${p.number} for ${p.course_title} (booking ${p.reference})`,
		`Total ${money(p.total_pence)}; still to pay ${money(p.balance_pence)}`,
		`Due by ${printedDate(p.due_on)}`,
		`Purchase order: ${p.po_number ?? 'to follow'}`
	];
}

/** How to pay, when the organisation has given its bank details. */
export function howToPay(p: InvoiceMail): string | null {
	return p.bank_details
		? `Please pay by bank transfer to ${p.bank_details}, quoting ${p.number} or ${p.reference}.`
		: null;
}
