import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { stripeClient } from '$lib/server/stripe/client';
import { createAdminClient } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

const Checkout = z.object({
	booking_id: z.uuid(),
	reference: z.string(),
	slug: z.string(),
	email: z.string(),
	lines: z.array(
		z.object({
			name: z.string(),
			quantity: z.number().int().positive(),
			unit_pence: z.number().int().nonnegative()
		})
	)
});

/**
 * Pay for a held card booking: makes a Stripe Checkout Session for its places (gross, per fee
 * tier) with the booking's id in its metadata, and sends the browser to it. Only with Stripe
 * configured, and only for a booking still held for card payment; anything else is a 404.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const stripe = stripeClient();
	if (!stripe || !/^[A-Za-z0-9]{6,12}$/.test(params.reference)) error(404, 'Not found');
	const admin = await createAdminClient();
	const { data, error: e } = await admin.rpc('card_checkout', { reference: params.reference });
	if (e) error(404, 'There is no booking waiting for a card payment with that reference.');
	const b = Checkout.parse(data);
	if (b.slug !== params.slug) error(404, 'Not found');
	const course = `${url.origin}/courses/${b.slug}`;
	const session = await stripe.checkout.sessions.create({
		mode: 'payment',
		customer_email: b.email,
		client_reference_id: b.reference,
		metadata: { booking_id: b.booking_id, reference: b.reference },
		payment_intent_data: { metadata: { booking_id: b.booking_id, reference: b.reference } },
		line_items: b.lines.map((l) => ({
			quantity: l.quantity,
			price_data: { currency: 'gbp', unit_amount: l.unit_pence, product_data: { name: l.name } }
		})),
		success_url: `${course}/booked/${b.reference}`,
		cancel_url: course
	});
	if (!session.url) error(502, 'Stripe did not give a payment page. Please try again.');
	redirect(303, session.url);
};
