import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { BookingForm } from '$lib/bookings/types';
import { callPublic, loadPublic } from '$lib/server/bookings/public';
import { fields, parseForm } from '$lib/server/form';
import { deliverNotifications } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

const Join = z.object({
	full_name: fields.text(120, { required: 'Enter your name.' }),
	email: z
		.string()
		.trim()
		.toLowerCase()
		.max(254, 'That email address is too long.')
		.refine((v) => z.email().safeParse(v).success, {
			message: 'Enter your email address, like name@example.org.'
		}),
	organisation: fields.text(200),
	places: z
		.string()
		.trim()
		.regex(/^[0-9]{1,2}$/, 'Enter a whole number of places, from 1 to 50.')
		.transform(Number)
		.refine((n) => n >= 1 && n <= 50, 'Enter a whole number of places, from 1 to 50.')
});

export const load = (async ({ params, url }) => ({
	course: await loadPublic('course_booking_form', { course_slug: params.slug }, BookingForm),
	joined: url.searchParams.has('joined')
})) satisfies PageServerLoad;

/** join: the waiting list of a full course (the database limits each address to 10 an hour). */
export const actions = {
	join: async ({ request, params, getClientAddress }) => {
		const { values, data, failure } = await parseForm(request, Join);
		if (failure) return failure;
		const r = await callPublic(
			'join_course_waitlist',
			{
				course_slug: params.slug,
				full_name: data.full_name,
				email: data.email,
				organisation: data.organisation,
				places: data.places,
				client_address: getClientAddress()
			},
			z.object({ received: z.literal(true) })
		);
		if (r.problem) {
			const field = r.problem.field && r.problem.field !== 'course' ? r.problem.field : null;
			return fail(r.problem.reason === 'rate_limited' ? 429 : r.problem.status, {
				values,
				errors: field ? { [field]: r.problem.message } : {},
				message: field ? undefined : r.problem.message
			});
		}
		await deliverNotifications();
		redirect(303, `/courses/${params.slug}/waitlist?joined`);
	}
} satisfies Actions;
