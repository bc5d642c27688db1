import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { addRow, formFromCourse, saveCourse } from '$lib/server/course-form';
import { view } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function courseId(id: string): string {
	if (!z.uuid().safeParse(id).success) error(404, 'There is no such course.');
	return id;
}

export const load = (async ({ locals, params, url }) => {
	const page = await view(locals.supabase, 'course_edit_page', { course_id: courseId(params.id) });
	const course = page.course!;
	return {
		course: { id: course.id, slug: course.slug, title: course.title, status: course.status },
		placesTaken: course.places_taken,
		tierPlaces: Object.fromEntries(course.tiers.map((t) => [t.id, t.places])),
		trainerOptions: page.trainer_options,
		values: formFromCourse(course),
		saved: url.searchParams.has('saved')
	};
}) satisfies PageServerLoad;

export const actions = {
	save: ({ locals, request, params }) => saveCourse(locals.supabase, request, courseId(params.id)),
	add_day: ({ request }) => addRow(request, 'day_rows'),
	add_tier: ({ request }) => addRow(request, 'tier_rows')
} satisfies Actions;
