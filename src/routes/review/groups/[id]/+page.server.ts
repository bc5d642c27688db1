import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, failWith, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function groupId(id: string) {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such group.');
	return id;
}

const Review = z.object({
	concern_id: fields.id(),
	note: fields.multiLine(5000, {
		required: 'Say what was done or decided.',
		tooLong: 'Keep it under 5,000 characters.'
	})
});

export const load = (async ({ locals, params }) => ({
	review: await view(locals.supabase, 'group_review', {
		group_id: groupId(params.id)
	})
})) satisfies PageServerLoad;

export const actions = {
	review: async ({ request, locals }) => {
		const { data, values, errors } = await parseForm(request, Review);
		// Shown beside the note of the concern the form was for.
		if (errors) return failWith(values, { note: Object.values(errors)[0] ?? 'Check the note.' });
		const w = await write(locals.supabase, 'review_concern', data, values);
		return w.failure ?? { done: 'The concern is marked as reviewed.' };
	}
} satisfies Actions;
