import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function courseId(id: string): string {
	if (!z.uuid().safeParse(id).success) error(404, 'There is no such course.');
	return id;
}

/** The online training version the course uses: a published one, or none (''). */
const OnlineTraining = z.object({
	training: z.union([z.literal(''), z.uuid('Choose a version from the list.')])
});

/** A course's bookings for the training staff: who, places, PO, payment state. */
export const load = (async ({ locals, params }) => {
	return {
		page: await view(locals.supabase, 'admin_course_page', { course_id: courseId(params.id) })
	};
}) satisfies PageServerLoad;

export const actions = {
	online: async ({ request, locals, params }) => {
		const course = courseId(params.id);
		const { data, values, failure } = await parseForm(request, OnlineTraining, {
			form: 'online'
		});
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'set_course_online_training',
			{ course, training: data.training || null },
			values
		);
		if (w.failure) return w.failure;
		redirect(303, `/admin/courses/${course}?online=saved`);
	}
} satisfies Actions;
