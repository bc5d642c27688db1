import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

/** A course's bookings for the training staff: who, places, PO, payment state. */
export const load = (async ({ locals, params }) => {
	if (!z.uuid().safeParse(params.id).success) error(404, 'There is no such course.');
	return { page: await view(locals.supabase, 'admin_course_page', { course_id: params.id }) };
}) satisfies PageServerLoad;
