import { error, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { InvoicePage } from '$lib/money/types';
import { view } from '$lib/server/rpc';
import { refusal } from '$lib/server/rpc/refusal';
import { createAdminClient } from '$lib/server/supabase';

/** Emailed link tokens are 43 base64url characters (85_course_payments.sql). */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A booking's invoice for the signed-in booker or training staff (the database decides). */
export async function bookingInvoice(event: Pick<RequestEvent, 'locals' | 'params'>) {
	const id = event.params.id ?? '';
	if (!z.uuid().safeParse(id).success) error(404, 'There is no such booking.');
	return view(event.locals.supabase, 'invoice_page', { booking_id: id });
}

/**
 * An invoice through the link emailed to the finance contact, no account needed: the server
 * asks with the service role, so tokens cannot be tried through the public API. A wrong or
 * missing token is a 404, the same as an invoice that does not exist.
 */
export async function linkedInvoice(event: Pick<RequestEvent, 'params' | 'url' | 'setHeaders'>) {
	event.setHeaders({ 'cache-control': 'private, no-store', 'referrer-policy': 'no-referrer' });
	const id = event.params.id ?? '';
	const token = event.url.searchParams.get('t') ?? '';
	if (!z.uuid().safeParse(id).success || !TOKEN.test(token)) error(404, 'This link is not valid.');
	const admin = await createAdminClient();
	const { data, error: e } = await admin.rpc('invoice_link_page', { invoice_id: id, token });
	if (e) {
		if (refusal('invoice_link_page', e).kind === 'not_found') error(404, 'This link is not valid.');
		error(500, 'Something went wrong.');
	}
	return InvoicePage.parse(data);
}
