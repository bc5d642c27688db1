import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const Draft = z.object({ programme_id: fields.text(60, { required: 'Choose a programme.' }) });

export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'curricula_page')
})) satisfies PageServerLoad;

export const actions = {
	draft: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, Draft);
		if (failure) return failure;
		const w = await write(locals.supabase, 'draft_curriculum', data, {});
		if (w.failure) return w.failure;
		redirect(303, `/curriculum/${w.data.id}`);
	}
} satisfies Actions;
