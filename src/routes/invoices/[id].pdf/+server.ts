import { linkedInvoice } from '$lib/server/invoices/load';
import { invoicePdf, pdfResponse } from '$lib/server/invoices/pdf';
import type { RequestHandler } from './$types';

/** The emailed invoice as a PDF, by the same token as its page. */
export const GET: RequestHandler = async (event) => {
	const invoice = await linkedInvoice(event);
	return pdfResponse(invoice, await invoicePdf(invoice));
};
