import { linkedInvoice } from '$lib/server/invoices/load';
import type { PageServerLoad } from './$types';

/** The invoice emailed to a finance contact: opened by its link's token, no account needed. */
export const load = (async (event) => ({
	invoice: await linkedInvoice(event),
	token: event.url.searchParams.get('t') ?? ''
})) satisfies PageServerLoad;
