import { addRow, formFromCourse, saveCourse } from '$lib/server/course-form';
import { view } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => {
	const page = await view(locals.supabase, 'course_edit_page', {});
	return { trainerOptions: page.trainer_options, values: formFromCourse(null) };
}) satisfies PageServerLoad;

/** save creates the course (as a draft unless another status is chosen); add_* grow the form. */
export const actions = {
	save: ({ locals, request }) => saveCourse(locals.supabase, request, null),
	add_day: ({ request }) => addRow(request, 'day_rows'),
	add_tier: ({ request }) => addRow(request, 'tier_rows')
} satisfies Actions;
