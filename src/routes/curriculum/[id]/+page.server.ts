import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import { renderMarkdown } from '$lib/curriculum/render';
import type { Actions, PageServerLoad } from './$types';

function curriculumId(id: string): string {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such curriculum.');
	return id;
}

/** The checklist's items, one a line (blank lines dropped): 1 to 10, each at most 300 characters. */
const Items = z.object({
	items: fields
		.multiLine(5000, { required: 'Write at least one item.' })
		.transform((text) =>
			text
				.split(/\r?\n/)
				.map((line) => line.trim())
				.filter(Boolean)
		)
		.pipe(
			z
				.array(z.string().max(300, 'Keep each item under 300 characters.'))
				.min(1, 'Write at least one item.')
				.max(10, 'The checklist has at most 10 items.')
		)
});

export const load = (async ({ locals, params }) => {
	const c = await view(locals.supabase, 'curriculum_page', {
		curriculum_id: curriculumId(params.id)
	});
	return {
		curriculum: {
			...c,
			sessions: c.sessions.map((s) => ({
				...s,
				slidesHtml: s.slides.map(renderMarkdown),
				notesHtml: renderMarkdown(s.facilitator_notes),
				homeHtml: renderMarkdown(s.home_practice)
			}))
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	fidelity: async ({ request, locals, params }) => {
		const { data, values, failure } = await parseForm(request, Items, { form: 'fidelity' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'save_fidelity_items',
			{ curriculum_id: curriculumId(params.id), items: data.items },
			values
		);
		return w.failure ?? { form: 'fidelity', done: 'Checklist saved.' };
	},
	publish: async ({ locals, params }) => {
		const w = await write(
			locals.supabase,
			'publish_curriculum',
			{ curriculum_id: curriculumId(params.id) },
			{}
		);
		if (w.failure) return w.failure;
		redirect(303, `/curriculum/${params.id}?published=1`);
	}
} satisfies Actions;
