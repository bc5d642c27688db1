import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function concernId(id: string) {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such concern.');
	return id;
}

const Review = z.object({
	note: fields.multiLine(5000, {
		required: 'Say what was done or decided.',
		tooLong: 'Keep it under 5,000 characters.'
	})
});

/** One concern: where the emails about it land (the lead, the group's staff, the deputy). */
export const load = (async ({ locals, params }) => ({
	concern: await view(locals.supabase, 'concern_page', { concern_id: concernId(params.id) })
})) satisfies PageServerLoad;

export const actions = {
	review: async ({ request, locals, params }) => {
		const { data, values, failure } = await parseForm(request, Review);
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'review_concern',
			{ concern_id: concernId(params.id), note: data.note },
			values
		);
		return w.failure ?? { done: 'The concern is marked as reviewed.' };
	}
} satisfies Actions;
