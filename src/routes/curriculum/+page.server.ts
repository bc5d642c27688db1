import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { callWrite } from '$lib/server/groups';
import { loadView } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

interface CurriculaPage {
	is_lead: boolean;
	curricula: {
		id: string;
		programme: string;
		version: number;
		status: 'draft' | 'published';
		published_at: string | null;
		groups: number;
	}[];
}

export const load = (async ({ locals }) => ({
	page: await loadView<CurriculaPage>(locals.supabase, 'curricula_page')
})) satisfies PageServerLoad;

export const actions = {
	draft: async ({ request, locals }) => {
		const { data, failure } = await parseForm(
			request,
			z.object({ programme_id: fields.text(60, { required: 'Choose a programme.' }) })
		);
		if (failure) return failure;
		const w = await callWrite<{ id: string }>(locals.supabase, 'draft_curriculum', data, {});
		if (w.failure) return w.failure;
		redirect(303, `/curriculum/${w.data.id}`);
	}
} satisfies Actions;
