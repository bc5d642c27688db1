import { fail, redirect } from '@sveltejs/kit';
import { Booked, BookingForm, Quote } from '$lib/bookings/types';
import { callPublic, loadPublic } from '$lib/server/bookings/public';
import {
	Booker,
	fieldFor,
	paymentErrors,
	readAttendees,
	readPlaces
} from '$lib/server/bookings/form';
import { failWith, parseForm } from '$lib/server/form';
import { deliverNotifications } from '$lib/server/notifications';
import { stripeConfigured } from '$lib/server/stripe/config';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ params, url }) => {
	const offer = url.searchParams.get('offer');
	const course = await loadPublic(
		'course_booking_form',
		{ course_slug: params.slug, offer_token: offer },
		BookingForm
	);
	return { course, offer: course.offer ? offer : null, cardAvailable: stripeConfigured() };
}) satisfies PageServerLoad;

async function course(slug: string, offer: string) {
	return loadPublic(
		'course_booking_form',
		{ course_slug: slug, offer_token: offer || null },
		BookingForm
	);
}

/**
 * quote: the total of the places chosen (net, VAT, total) and as many attendee rows as places,
 * before anything is booked. book: checks every field, then books in one database call; the
 * database re-checks everything (and the places left, under a lock). Invoice bookings go to their
 * confirmation, card bookings to the payment page.
 */
export const actions = {
	quote: async ({ request, params }) => {
		const data = await request.formData();
		const values = Object.fromEntries(
			[...data].filter((e): e is [string, string] => typeof e[1] === 'string')
		);
		const c = await course(params.slug, values.offer ?? '');
		const p = readPlaces(c, values);
		if (p.error) return failWith(values, { places: p.error });
		const q = await callPublic(
			'quote_booking',
			{ course_slug: params.slug, places: p.places },
			Quote
		);
		if (q.problem)
			return failWith(values, { places: q.problem.message }, undefined, q.problem.status);
		return { values, errors: {}, quote: q.data };
	},

	book: async ({ request, params, getClientAddress }) => {
		const { values, data, errors } = await parseForm(request, Booker);
		const c = await course(params.slug, values.offer ?? '');
		const cardAvailable = stripeConfigured();
		const p = readPlaces(c, values);
		const a = readAttendees(values);
		const all = { ...(errors ?? {}), ...a.errors };
		if (p.error) all.places = p.error;
		else if (a.attendees.length > p.total)
			all.places = 'You have named more attendees than places.';
		if (data) Object.assign(all, paymentErrors(data, c, cardAvailable));
		// The total is shown again beside the errors, so the person can still see what it costs.
		const quote = p.error
			? null
			: ((await callPublic('quote_booking', { course_slug: params.slug, places: p.places }, Quote))
					.data ?? null);
		if (!data || Object.keys(all).length) {
			return fail(400, { values, errors: all, message: undefined, quote });
		}
		// The person confirms the total they were shown: if the places changed since, show the new one.
		if (!quote || String(quote.total_pence) !== values.quoted_total) {
			return fail(400, {
				values,
				errors: {},
				message: 'Please check the total for the places you have chosen, then book.',
				quote
			});
		}
		let address: string;
		try {
			// Behind a proxy this needs ADDRESS_HEADER/XFF_DEPTH (README), as sign-in does.
			address = getClientAddress();
		} catch (e) {
			console.error('[book]', e);
			return failWith(values, {}, 'Sorry, we could not book that. Please try again.', 503);
		}
		const r = await callPublic(
			'book_course',
			{
				course_slug: params.slug,
				booker_name: data.booker_name,
				booker_email: data.booker_email,
				booker_organisation: data.booker_organisation,
				places: p.places,
				attendees: a.attendees,
				pay_by: data.pay_by,
				po_number: data.pay_by === 'invoice' ? data.po_number || null : null,
				finance_name: data.finance_name || null,
				finance_email: data.finance_email || null,
				finance_address: data.finance_address || null,
				card_available: cardAvailable,
				client_address: address,
				offer_token: data.offer || null
			},
			Booked
		);
		if (r.problem) {
			const field = fieldFor(r.problem.field);
			return fail(r.problem.reason === 'rate_limited' ? 429 : r.problem.status, {
				values,
				errors: field ? { [field]: r.problem.message } : {},
				message: field ? undefined : r.problem.message,
				quote
			});
		}
		// The booker's confirmation and the invitations were queued with the booking: send them.
		await deliverNotifications();
		if (r.data.status === 'held') redirect(303, `/courses/${params.slug}/pay/${r.data.reference}`);
		redirect(303, `/courses/${params.slug}/booked/${r.data.reference}`);
	}
} satisfies Actions;
