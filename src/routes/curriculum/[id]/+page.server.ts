import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { view, write } from '$lib/server/rpc';
import { renderMarkdown } from '$lib/curriculum/render';
import type { Actions, PageServerLoad } from './$types';

function curriculumId(id: string): string {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such curriculum.');
	return id;
}

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
