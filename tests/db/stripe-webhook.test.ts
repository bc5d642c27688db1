/**
 * Stripe's webhook over real HTTP: events signed locally with Stripe's own library
 * (generateTestHeaderString; no network), posted to the webhook handler served by a node http
 * server, recorded by public.record_card_payment in the embedded backend through supabase-js
 * with the service key. A wrong signature changes nothing; the same event twice pays once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { handleStripeWebhook } from '../../src/lib/server/stripe/webhook';
import { anonClient, startBackend } from './harness';

const SECRET = 'whsec_test_reflective';
const NEXT_RF = '00000000-0000-4000-8000-000000003001';
const TIER = '00000000-0000-4000-8000-000000003102';
// A key is needed to make a client; nothing here calls Stripe's API.
const stripe = new Stripe('sk_test_not_used');

let backend: EmbeddedBackend;
let server: Server;
let url: string;

beforeAll(async () => {
	backend = await startBackend();
	const admin = anonClient(backend, backend.serviceRoleKey);
	server = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const request = new Request(`http://localhost${req.url}`, {
			method: req.method,
			headers: req.headers as Record<string, string>,
			body: Buffer.concat(chunks)
		});
		const response = await handleStripeWebhook(request, { stripe, secret: SECRET, admin });
		res.writeHead(response.status, Object.fromEntries(response.headers));
		res.end(Buffer.from(await response.arrayBuffer()));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/stripe/webhook`;
});
afterAll(async () => {
	await new Promise((resolve) => server?.close(resolve));
	await backend?.close();
});

async function sql<T = Record<string, unknown>>(text: string, params: unknown[] = []) {
	return (await backend.db.query<T>(text, params)).rows;
}

/** A card booking held for payment: one place with the online training (£570.00 gross). */
async function heldBooking(reference: string): Promise<string> {
	const [b] = await sql<{ id: string }>(
		`insert into public.course_bookings (reference, course_id, booker_name, booker_email, pay_by,
		   status, held_until)
		 values ($1, $2, 'Card Payer', 'card.payer@example.org', 'card', 'held', now() + interval '30 minutes')
		 returning id::text`,
		[reference, NEXT_RF]
	);
	await sql(
		`insert into public.course_places (booking_id, course_id, tier_id) values ($1, $2, $3)`,
		[b!.id, NEXT_RF, TIER]
	);
	return b!.id;
}

function completed(eventId: string, bookingId: string, pi: string) {
	return JSON.stringify({
		id: eventId,
		object: 'event',
		type: 'checkout.session.completed',
		api_version: '2025-01-01',
		created: Math.floor(Date.now() / 1000),
		data: {
			object: {
				id: `cs_test_${eventId}`,
				object: 'checkout.session',
				amount_total: 57000,
				currency: 'gbp',
				payment_status: 'paid',
				payment_intent: pi,
				metadata: { booking_id: bookingId }
			}
		}
	});
}

async function post(payload: string, secret = SECRET) {
	const header = stripe.webhooks.generateTestHeaderString({ payload, secret });
	const r = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'stripe-signature': header },
		body: payload
	});
	return { status: r.status, body: (await r.json()) as Record<string, unknown> };
}

describe('the Stripe webhook', () => {
	it('records a completed checkout once, however often Stripe sends it', async () => {
		const id = await heldBooking('CARD0001');
		const payload = completed('evt_card0001', id, 'pi_card0001');
		expect(await post(payload)).toEqual({
			status: 200,
			body: { received: true, outcome: 'recorded' }
		});
		expect(await post(payload)).toEqual({
			status: 200,
			body: { received: true, outcome: 'duplicate' }
		});
		expect(
			await sql('select status, held_until from public.course_bookings where id = $1', [id])
		).toEqual([{ status: 'booked', held_until: null }]);
		expect(
			await sql(
				`select kind, method, amount_pence, stripe_id from public.booking_payments where booking_id = $1`,
				[id]
			)
		).toEqual([{ kind: 'payment', method: 'card', amount_pence: 57000, stripe_id: 'pi_card0001' }]);
		// Invoiced, and the invoice emailed to the payer.
		const mails = await sql(
			`select n.to_email from public.notifications n join public.invoices i
			   on i.id::text = n.payload ->> 'invoice_id' where n.kind = 'invoice_issued' and i.booking_id = $1`,
			[id]
		);
		expect(mails).toEqual([{ to_email: 'card.payer@example.org' }]);
	});

	it('refuses a body whose signature is wrong, or has none, and changes nothing', async () => {
		const id = await heldBooking('CARD0002');
		const payload = completed('evt_card0002', id, 'pi_card0002');
		expect((await post(payload, 'whsec_someone_else')).status).toBe(400);
		// Signed, then altered: the amount changed after signing.
		const header = stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET });
		const tampered = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'stripe-signature': header },
			body: payload.replace('57000', '1')
		});
		expect(tampered.status).toBe(400);
		const unsigned = await fetch(url, { method: 'POST', body: payload });
		expect(unsigned.status).toBe(400);
		expect(await sql('select 1 from public.stripe_events where id = $1', ['evt_card0002'])).toEqual(
			[]
		);
		expect(await sql('select status from public.course_bookings where id = $1', [id])).toEqual([
			{ status: 'held' }
		]);
	});

	it('acknowledges other events without recording anything', async () => {
		const payload = JSON.stringify({
			id: 'evt_other',
			object: 'event',
			type: 'payment_intent.created',
			data: { object: { id: 'pi_x', object: 'payment_intent' } }
		});
		expect(await post(payload)).toEqual({ status: 200, body: { received: true } });
		expect(await sql('select 1 from public.stripe_events where id = $1', ['evt_other'])).toEqual(
			[]
		);
	});
});
