import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { SLIDE_SEPARATOR, splitSlideText } from '$lib/curriculum/parse.js';
import { fields, failWith, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const Params = z.object({ id: z.string().uuid(), n: z.coerce.number().int().min(1).max(20) });
const lines = (text: string) =>
	text
		.split(/\r?\n/)
		.map((l) => l.replace(/^\s*[-*]\s+/, '').trim())
		.filter(Boolean);

const Edit = z.object({
	title: fields.text(120, {
		required: 'Give the session a title.',
		tooLong: 'Keep the title under 120 characters.'
	}),
	aims: fields.multiLine(5000),
	slides: fields.multiLine(50_000, { tooLong: 'That is too much text for one session.' }),
	prompts: fields.multiLine(5000),
	facilitator_notes: fields.multiLine(20_000),
	home_practice: fields.multiLine(5000)
});

function parseParams(params: { id: string; n: string }) {
	const p = Params.safeParse(params);
	if (!p.success) error(404, 'No such session.');
	return p.data;
}

export const load = (async ({ locals, params }) => {
	const { id, n } = parseParams(params);
	const c = await view(locals.supabase, 'curriculum_page', {
		curriculum_id: id
	});
	const session = c.sessions.find((s) => s.number === n);
	if (!session) error(404, 'No such session.');
	if (!c.is_lead || c.status !== 'draft') redirect(303, `/curriculum/${id}#session-${n}`);
	return {
		curriculum: { id: c.id, programme: c.programme, version: c.version },
		session: {
			number: session.number,
			title: session.title,
			aims: session.aims.join('\n'),
			slides: session.slides.join(SLIDE_SEPARATOR),
			prompts: session.prompts.join('\n'),
			facilitator_notes: session.facilitator_notes,
			home_practice: session.home_practice
		}
	};
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals, params }) => {
		const { id, n } = parseParams(params);
		const { data: v, values, failure } = await parseForm(request, Edit);
		if (failure) return failure;
		const slides = splitSlideText(v.slides);
		if (slides.length === 0) return failWith(values, { slides: 'Add at least one slide.' });
		const w = await write(
			locals.supabase,
			'save_curriculum_session',
			{
				curriculum_id: id,
				number: n,
				title: v.title,
				aims: lines(v.aims),
				slides,
				prompts: lines(v.prompts),
				facilitator_notes: v.facilitator_notes,
				home_practice: v.home_practice
			},
			values
		);
		if (w.failure) return w.failure;
		redirect(303, `/curriculum/${id}#session-${n}`);
	}
} satisfies Actions;
