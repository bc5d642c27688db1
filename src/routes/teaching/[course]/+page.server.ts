import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function courseId(id: string): string {
	if (!z.uuid().safeParse(id).success) error(404, 'There is no such course.');
	return id;
}

const reason = fields.text(500, { required: 'Give a reason.' });
const Place = z.object({ place_id: fields.id() });
const PlaceReason = Place.extend({ reason });
const Decline = Place.extend({ request_id: fields.id(), reason });

/** A course's attendees for its trainers and the training staff. */
export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'teaching_course_page', { course_id: courseId(params.course) })
})) satisfies PageServerLoad;

const done = (course: string, place: string, what: string) =>
	redirect(303, `/teaching/${course}?done=${what}&place=${place}#actions-${place}`);

// Each action is for the training staff only; the database refuses anyone else (42501 → 403).
export const actions = {
	grant: async ({ request, locals, params }) => {
		const course = courseId(params.course);
		const { data, values, failure } = await parseForm(request, PlaceReason, { form: 'grant' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'grant_online_early_access',
			{ place: data.place_id, reason: data.reason },
			values
		);
		if (w.failure) return w.failure;
		done(course, data.place_id, w.data.open ? 'granted' : 'granted_unpaid');
	},
	withdraw: async ({ request, locals, params }) => {
		const course = courseId(params.course);
		const { data, values, failure } = await parseForm(request, Place, { form: 'withdraw' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'withdraw_online_early_access',
			{ place: data.place_id },
			values
		);
		if (w.failure) return w.failure;
		done(course, data.place_id, 'withdrawn');
	},
	decline: async ({ request, locals, params }) => {
		const course = courseId(params.course);
		const { data, values, failure } = await parseForm(request, Decline, { form: 'decline' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'decline_online_access_request',
			{ request: data.request_id, reason: data.reason },
			values
		);
		if (w.failure) return w.failure;
		done(course, data.place_id, 'declined');
	},
	complete: async ({ request, locals, params }) => {
		const course = courseId(params.course);
		const { data, values, failure } = await parseForm(request, PlaceReason, { form: 'complete' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'mark_online_training_complete',
			{ place: data.place_id, reason: data.reason },
			values
		);
		if (w.failure) return w.failure;
		done(course, data.place_id, 'completed');
	},
	undo: async ({ request, locals, params }) => {
		const course = courseId(params.course);
		const { data, values, failure } = await parseForm(request, Place, { form: 'undo' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'undo_online_training_complete',
			{ place: data.place_id },
			values
		);
		if (w.failure) return w.failure;
		done(course, data.place_id, 'undone');
	}
} satisfies Actions;
