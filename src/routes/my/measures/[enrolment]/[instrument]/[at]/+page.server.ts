import { redirect } from '@sveltejs/kit';
import { measureSteps, stepIndex } from '$lib/answers/steps';
import { AnswersForm, measureParams } from '$lib/server/answers';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params, url }) => {
	const page = await view(locals.supabase, 'measure_page', measureParams(params));
	const steps = measureSteps(page);
	return { page, steps, step: stepIndex(url.searchParams.get('step'), steps.length) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, params, url }) => {
		const { values, data, failure } = await parseForm(request, AnswersForm);
		if (failure) return failure;
		const args = measureParams(params);
		const w = await write(
			locals.supabase,
			'save_measure',
			{ ...args, answers: data.answers, goals: data.goals, submit: data.intent === 'send' },
			values
		);
		if (w.failure) return w.failure;
		if (data.intent === 'later') redirect(303, '/my?saved=measure');
		if (data.intent === 'send') redirect(303, '/my/measures?sent=measure');
		const next = Number(url.searchParams.get('step') ?? '1') + 1;
		redirect(303, `${url.pathname}?step=${Number.isInteger(next) && next > 1 ? next : 2}`);
	}
} satisfies Actions;
