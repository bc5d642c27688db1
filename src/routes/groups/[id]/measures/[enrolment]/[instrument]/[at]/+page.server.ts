import { redirect } from '@sveltejs/kit';
import { AnswersForm, measureParams, paperEntryPage } from '$lib/server/answers';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const page = await view(locals.supabase, 'measure_page', measureParams(params));
	return { page: paperEntryPage(page, params.id) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, AnswersForm);
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'save_measure',
			{
				...measureParams(params),
				answers: data.answers,
				goals: data.goals,
				submit: data.intent === 'send'
			},
			values
		);
		if (w.failure) return w.failure;
		redirect(303, `/groups/${params.id}/measures?saved=1`);
	}
} satisfies Actions;
