import { bookingInvoice } from '$lib/server/invoices/load';
import type { PageServerLoad } from './$types';

export const load = (async (event) => ({
	invoice: await bookingInvoice(event)
})) satisfies PageServerLoad;
