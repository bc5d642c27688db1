import { z } from 'zod';
import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Mail, MessageContext } from '../types';
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

/**
 * An email about an invoice to its finance contact: an opening line, the invoice's facts, how to
 * pay, and the links to the invoice page and PDF. The issued and overdue emails differ only in
 * their subject and opening.
 */
export function invoiceEmail(
	payload: unknown,
	ctx: MessageContext,
	words: (p: InvoiceMail) => { subject: string; intro: string }
): Omit<Mail, 'to'> {
	const p = InvoiceMail.parse(payload);
	const links = invoiceLinks(p, ctx.siteUrl);
	const facts = invoiceFacts(p);
	const pay = howToPay(p);
	const { subject, intro } = words(p);
	return {
		subject,
		...layout(
			{
				text: [
					intro,
					facts.join('\n'),
					...(pay ? [pay] : []),
					`See the invoice: ${links.page}\nDownload it as a PDF: ${links.pdf}`
				],
				html: [
					`<p>${escapeHtml(intro)}</p>`,
					`<p>${facts.map(escapeHtml).join('<br>')}</p>`,
					...(pay ? [`<p>${escapeHtml(pay)}</p>`] : []),
					`<p>${link(links.page, 'See the invoice')} · ${link(links.pdf, 'Download it as a PDF')}</p>`
				],
				why: `You get this because you are the finance contact for booking ${p.reference}.`
			},
			ctx
		)
	};
}
