import { env } from '$env/dynamic/private';

/**
 * Card payment is offered only when the server has a Stripe secret key: without one, booking
 * forms show pay-by-invoice alone and the checkout routes refuse.
 */
export function stripeConfigured(): boolean {
	return Boolean(env.STRIPE_SECRET_KEY?.trim());
}
