import type { SupabaseClient } from '@supabase/supabase-js';
import type Stripe from 'stripe';
import { z } from 'zod';
import type { Database } from '$lib/database';

const Completed = z.object({
	metadata: z.object({ booking_id: z.uuid() }),
	amount_total: z.number().int().positive(),
	payment_status: z.string(),
	payment_intent: z.union([z.string(), z.object({ id: z.string() })])
});

/**
 * Stripe's webhook: the body is checked against its Stripe-Signature header with the official
 * library (the raw text, before anything parses it), so only Stripe can post here. A completed,
 * paid Checkout Session is recorded once per event id (public.record_card_payment); every other
 * event is acknowledged and ignored. 400 for a bad signature, so Stripe shows the failure.
 */
export async function handleStripeWebhook(
	request: Request,
	{ stripe, secret, admin }: { stripe: Stripe; secret: string; admin: SupabaseClient<Database> }
): Promise<Response> {
	const signature = request.headers.get('stripe-signature');
	const body = await request.text();
	let event: Stripe.Event;
	try {
		if (!signature) throw new Error('no signature');
		event = stripe.webhooks.constructEvent(body, signature, secret);
	} catch {
		return Response.json({ error: 'The signature does not match.' }, { status: 400 });
	}
	if (event.type !== 'checkout.session.completed') return Response.json({ received: true });
	const session = Completed.safeParse(event.data.object);
	if (!session.success) {
		console.warn('[stripe] a completed session without a booking', event.id);
		return Response.json({ received: true, outcome: 'not_ours' });
	}
	if (session.data.payment_status !== 'paid') {
		// Delayed methods finish later (checkout.session.async_payment_succeeded): card is not one.
		return Response.json({ received: true, outcome: 'unpaid' });
	}
	const pi = session.data.payment_intent;
	const { data, error } = await admin.rpc('record_card_payment', {
		event_id: event.id,
		event_type: event.type,
		booking_id: session.data.metadata.booking_id,
		amount_pence: session.data.amount_total,
		payment_intent: typeof pi === 'string' ? pi : pi.id
	});
	if (error) {
		// Stripe retries a 500 for three days, which is what we want if the database was away.
		console.error('[stripe] record_card_payment', error);
		return Response.json({ error: 'Not recorded.' }, { status: 500 });
	}
	return Response.json({ received: true, outcome: data });
}
