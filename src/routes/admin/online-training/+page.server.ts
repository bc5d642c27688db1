import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const Draft = z.object({
	name: fields.text(200, { required: 'Give the training a name.' })
});

/** The online training's versions for the training staff. */
export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'online_trainings_page')
})) satisfies PageServerLoad;

export const actions = {
	/** A new draft: a copy of the latest published version of that name, or an empty one. */
	draft: async ({ request, locals }) => {
		const { data, values, failure } = await parseForm(request, Draft, { form: 'draft' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'new_online_training_draft', data, values);
		if (w.failure) return w.failure;
		redirect(303, `/admin/online-training/${w.data.id}`);
	}
} satisfies Actions;
