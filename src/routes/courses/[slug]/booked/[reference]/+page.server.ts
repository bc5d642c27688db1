import { CourseBooked } from '$lib/bookings/types';
import { loadPublic } from '$lib/server/bookings/public';
import type { PageServerLoad } from './$types';

/** The confirmation, for whoever has the link: nothing beyond what the page shows. */
export const load = (async ({ params }) => ({
	booking: await loadPublic(
		'course_booked',
		{ course_slug: params.slug, reference: params.reference },
		CourseBooked
	)
})) satisfies PageServerLoad;
