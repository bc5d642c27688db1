import { bookingInvoice } from '$lib/server/invoices/load';
import { invoicePdf, pdfResponse } from '$lib/server/invoices/pdf';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async (event) => {
	const invoice = await bookingInvoice(event);
	return pdfResponse(invoice, await invoicePdf(invoice));
};
