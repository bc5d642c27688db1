import Stripe from 'stripe';
import { env } from '$env/dynamic/private';
import { stripeConfigured } from './config';

/** Stripe's official client for the server's secret key; null when card payment is off. */
export function stripeClient(): Stripe | null {
	if (!stripeConfigured()) return null;
	return new Stripe(env.STRIPE_SECRET_KEY!.trim());
}

/** The webhook's signing secret (whsec_…), or null: without it the webhook route is a 404. */
export function webhookSecret(): string | null {
	return env.STRIPE_WEBHOOK_SECRET?.trim() || null;
}
