import { redirect } from '@sveltejs/kit';
import { enrolmentParam, FeedbackForm, paperEntryPage } from '$lib/server/answers';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	const page = await view(locals.supabase, 'feedback_page', {
		enrolment_id: enrolmentParam(params.enrolment)
	});
	return { page: paperEntryPage(page, params.id) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, FeedbackForm);
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'save_group_feedback',
			{ enrolment_id: enrolmentParam(params.enrolment), ...data, submit: true },
			values
		);
		if (w.failure) return w.failure;
		redirect(303, `/groups/${params.id}/measures?saved=1`);
	}
} satisfies Actions;
