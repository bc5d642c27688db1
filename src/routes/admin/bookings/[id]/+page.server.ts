import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { parsePounds } from '$lib/courses/money';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function bookingId(id: string) {
	if (!z.uuid().safeParse(id).success) error(404, 'There is no such booking.');
	return id;
}

const today = () => new Date().toISOString().slice(0, 10);
const amount = z.string().transform((v, ctx) => {
	const pence = parsePounds(v);
	if (pence === null || pence < 1) {
		ctx.addIssue({ code: 'custom', message: 'Give the amount in pounds, for example 570.00.' });
		return z.NEVER;
	}
	return pence;
});
const when = (what: string) =>
	fields.date({
		min: '2016-01-01',
		max: today,
		tooEarly: `The date ${what} is too long ago.`,
		tooLate: `The date ${what} cannot be in the future.`,
		missing: `Give the date ${what}.`
	});

const Payment = z.object({
	amount,
	received_on: when('it arrived'),
	reference: fields.text(140, { required: 'Give the bank’s reference for the transfer.' })
});
const Refund = z.object({
	amount,
	refunded_on: when('it was paid back'),
	reference: fields.text(140),
	reason: fields.text(500, { required: 'Say why the money is refunded.' })
});

/** One booking for the training staff: places, invoice, payments, and recording money. */
export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'admin_booking_page', { booking_id: bookingId(params.id) }),
	today: today()
})) satisfies PageServerLoad;

export const actions = {
	pay: async ({ request, locals, params }) => {
		const { data, values, failure } = await parseForm(request, Payment, { form: 'pay' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'record_booking_payment',
			{
				booking_id: bookingId(params.id),
				amount_pence: data.amount,
				received_on: data.received_on,
				reference: data.reference
			},
			values
		);
		return w.failure ?? { done: `Payment recorded. The booking is now ${w.data.state}.` };
	},
	refund: async ({ request, locals, params }) => {
		const { data, values, failure } = await parseForm(request, Refund, { form: 'refund' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'record_booking_refund',
			{
				booking_id: bookingId(params.id),
				amount_pence: data.amount,
				refunded_on: data.refunded_on,
				reference: data.reference,
				reason: data.reason
			},
			values
		);
		return w.failure ?? { done: `Refund recorded. The booking is now ${w.data.state}.` };
	}
} satisfies Actions;
