import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function groupId(id: string) {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such group.');
	return id;
}

/** The lead's toggle: use a family's comment as a quote in the funder report, or stop. */
const Quote = z.object({
	enrolment_id: fields.id(),
	field: z.enum(['helped_most', 'could_be_better'], 'Choose which comment.'),
	quote: z.enum(['true', 'false'], 'Choose whether to use it.').transform((v) => v === 'true')
});

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'group_outcomes_page', { group_id: groupId(params.id) })
})) satisfies PageServerLoad;

export const actions = {
	quote: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Quote, { form: 'quote' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'mark_feedback_quote', data, values);
		return (
			w.failure ?? {
				form: 'quote',
				done: data.quote
					? 'The comment will be shown as a quote in the funder report, without a name.'
					: 'The comment is no longer used as a quote.'
			}
		);
	}
} satisfies Actions;
