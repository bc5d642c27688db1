import { error, redirect } from '@sveltejs/kit';
import { AnswersForm, measureParams } from '$lib/server/answers';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const page = await view(locals.supabase, 'measure_page', measureParams(params));
	// The family must be this group's, and the page is the staff's (a parent is sent to theirs).
	if (page.group.id !== params.id || page.viewer !== 'staff')
		error(404, 'No such family in this group.');
	return { page };
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
