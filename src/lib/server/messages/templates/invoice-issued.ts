import { escapeHtml } from '$lib/html';
import { layout, link } from '../layout';
import type { Renderer } from '../types';
import { howToPay, invoiceFacts, invoiceLinks, InvoiceMail } from './invoice-mail';

/**
 * To a booking's finance contact: its invoice, with the facts their accounts team needs and a
 * link to the invoice (page and PDF) that works without an account.
 */
export const invoiceIssued: Renderer = (payload, ctx) => {
	const p = InvoiceMail.parse(payload);
	const links = invoiceLinks(p, ctx.siteUrl);
	const facts = invoiceFacts(p);
	const pay = howToPay(p);
	const intro = `Here is our invoice ${p.number} for ${p.course_title}.`;
	return {
		subject: `Invoice ${p.number} from ${ctx.clinic.name}`,
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
