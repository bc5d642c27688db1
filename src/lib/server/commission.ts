import { redirect, type ActionFailure, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { HONEYPOT } from '$lib/public/labels';
import { failWith, fields, parseForm, type FormFailure } from './form';
import { deliverNotifications } from './notifications';
import { BAD_INPUT_MESSAGE, refusal } from './rpc/refusal';
import { createAdminClient } from './supabase';

// The same pattern course_enquiries.phone checks: digits, spaces, brackets, dashes, an optional +.
const PHONE = /^\+?[0-9][0-9 ()-]{5,22}[0-9]$/;

/** The "commission this training locally" form's fields, checked before the database sees them. */
export const CommissionForm = z.object({
	organisation: fields.text(200, {
		required: 'Enter the name of your organisation.',
		tooLong: 'Keep the organisation’s name under 200 characters.'
	}),
	contact_name: fields.name,
	email: fields.email,
	phone: z
		.string()
		.trim()
		.refine((v) => v === '' || PHONE.test(v), {
			message: 'Enter a phone number like 020 7946 0123, or leave it empty.'
		}),
	staff_count: z
		.string()
		.trim()
		.min(1, 'Enter how many staff would take part.')
		.refine((v) => /^\d{1,4}$/.test(v) && Number(v) >= 1 && Number(v) <= 1000, {
			message: 'Enter a whole number from 1 to 1000.'
		})
		.transform(Number),
	area: fields.text(120, {
		required: 'Enter your town, county or area.',
		tooLong: 'Keep it under 120 characters.'
	}),
	message: fields.multiLine(2000, { tooLong: 'Keep the message under 2,000 characters.' })
});

/** Said when the enquiry could not be stored because of something on our side. */
export const ENQUIRY_FAILED =
	'Sorry, something went wrong and your enquiry was not sent. Please try again, or email us.';

/**
 * The enquiry form's action, for /courses/commission and /courses/<slug>/commission. A filled
 * trap field (a program) gets the thank-you page and stores nothing. Otherwise the server calls
 * the service-only function with the address it saw, so the rate limit (5 an hour) counts the
 * real client; the training admins' emails are queued with the enquiry and sent at once.
 */
export async function askAboutCommissioning(
	event: RequestEvent,
	courseSlug: string | null
): Promise<ActionFailure<FormFailure>> {
	const { values, data, failure } = await parseForm(event.request, CommissionForm);
	const thanks = courseSlug
		? `/courses/commission/thanks?course=${encodeURIComponent(courseSlug)}`
		: '/courses/commission/thanks';
	if ((values[HONEYPOT] ?? '') !== '') redirect(303, thanks);
	if (failure) return failure;
	let address: string;
	let admin: Awaited<ReturnType<typeof createAdminClient>>;
	try {
		address = event.getClientAddress();
		admin = await createAdminClient();
	} catch (e) {
		console.error('[commission]', e);
		return failWith(values, {}, ENQUIRY_FAILED, 503);
	}
	const { error } = await admin.rpc('ask_about_commissioning', {
		organisation: data.organisation,
		contact_name: data.contact_name,
		email: data.email,
		phone: data.phone,
		staff_count: data.staff_count,
		area: data.area,
		message: data.message,
		course_slug: courseSlug ?? '',
		client_address: address
	});
	if (error) {
		const r = refusal('ask_about_commissioning', error);
		if (r.kind === 'rule') {
			if (r.reason === 'rate_limited') return failWith(values, {}, r.message, 429);
			return r.field ? failWith(values, { [r.field]: r.message }) : failWith(values, {}, r.message);
		}
		if (r.kind === 'bad_input') {
			return r.field
				? failWith(values, { [r.field]: BAD_INPUT_MESSAGE })
				: failWith(values, {}, BAD_INPUT_MESSAGE);
		}
		return failWith(values, {}, ENQUIRY_FAILED, 500);
	}
	await deliverNotifications();
	redirect(303, thanks);
}
