import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const Params = z.object({ course: z.uuid() });

function courseParam(params: { course: string }): string {
	const parsed = Params.safeParse(params);
	if (!parsed.success) error(404, 'There is no such course.');
	return parsed.data.course;
}

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'course_certificates_page', { course: courseParam(params) })
})) satisfies PageServerLoad;

const reason = fields.multiLine(500, {
	required: 'Give a reason (a few words).',
	tooLong: 'Keep the reason under 500 characters.'
});
const Place = z.object({ place: fields.id() });
const WithReason = Place.extend({ reason });

const done = (url: URL, what: string, place?: string): never =>
	redirect(
		303,
		`${url.pathname}?${new URLSearchParams({ done: what, ...(place ? { place } : {}) })}`
	);

export const actions = {
	issue: async ({ locals, params, url }) => {
		const w = await write(
			locals.supabase,
			'issue_course_certificates',
			{ course: courseParam(params) },
			{ form: 'issue' }
		);
		if (w.failure) return w.failure;
		redirect(303, `${url.pathname}?${new URLSearchParams({ issued: String(w.data.issued) })}`);
	},
	withhold: async ({ request, locals, url }) => {
		const { data, values, failure } = await parseForm(request, WithReason, { form: 'withhold' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'withhold_course_certificate', data, values);
		if (w.failure) return w.failure;
		done(url, 'withheld', data.place);
	},
	release: async ({ request, locals, url }) => {
		const { data, values, failure } = await parseForm(request, Place, { form: 'release' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'release_course_certificate', data, values);
		if (w.failure) return w.failure;
		done(url, 'released', data.place);
	},
	reissue: async ({ request, locals, url }) => {
		const { data, values, failure } = await parseForm(request, WithReason, { form: 'reissue' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'reissue_course_certificate', data, values);
		if (w.failure) return w.failure;
		done(url, 'reissued', data.place);
	}
} satisfies Actions;
