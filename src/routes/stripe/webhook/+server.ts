import { error } from '@sveltejs/kit';
import { stripeClient, webhookSecret } from '$lib/server/stripe/client';
import { handleStripeWebhook } from '$lib/server/stripe/webhook';
import { createAdminClient } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/** Stripe's webhook; not there at all unless Stripe is configured with a signing secret. */
export const POST: RequestHandler = async ({ request }) => {
	const stripe = stripeClient();
	const secret = webhookSecret();
	if (!stripe || !secret) error(404, 'Not found');
	return handleStripeWebhook(request, { stripe, secret, admin: await createAdminClient() });
};
