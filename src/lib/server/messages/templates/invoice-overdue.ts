import { escapeHtml } from '$lib/html';
import { printedDate } from '$lib/money/format';
import { layout, link } from '../layout';
import type { Renderer } from '../types';
import { howToPay, invoiceFacts, invoiceLinks, InvoiceMail } from './invoice-mail';

/** To the finance contact of an invoice past its due date (at most once a week, in SQL). */
export const invoiceOverdue: Renderer = (payload, ctx) => {
	const p = InvoiceMail.parse(payload);
	const links = invoiceLinks(p, ctx.siteUrl);
	const facts = invoiceFacts(p);
	const pay = howToPay(p);
	const intro = `Our invoice ${p.number} was due on ${printedDate(p.due_on)} and we have not yet received payment in full. If you have paid in the last few days, thank you, and please ignore this.`;
	return {
		subject: `Reminder: invoice ${p.number} is overdue`,
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
};
