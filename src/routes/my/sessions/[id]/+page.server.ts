import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { renderMarkdown } from '$lib/curriculum/render';
import { fields, failWith, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function sessionId(id: string): string {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such session.');
	return id;
}

const Apologies = z.object({
	reason: fields.text(300, { tooLong: 'Keep the reason under 300 characters.' }).default('')
});

export const load = (async ({ locals, params }) => {
	const s = await view(locals.supabase, 'my_session', {
		session_id: sessionId(params.id)
	});
	// Markdown becomes HTML here, with raw HTML escaped, so phones get no Markdown library.
	const content = s.content && {
		aims: s.content.aims,
		prompts: s.content.prompts,
		slides: s.content.slides.map(renderMarkdown),
		home_practice: renderMarkdown(s.content.home_practice)
	};
	return { session: { ...s, content }, now: Date.now() };
}) satisfies PageServerLoad;

export const actions = {
	apologise: async ({ request, locals, params }) => {
		const { data, values, errors } = await parseForm(request, Apologies, { form: 'apologise' });
		// The form has one field: whatever was wrong is shown beside it.
		if (errors) return failWith(values, { reason: Object.values(errors)[0] ?? '' });
		const w = await write(
			locals.supabase,
			'send_apologies',
			{ session_id: sessionId(params.id), reason: data.reason || null },
			values
		);
		return (
			w.failure ?? {
				done: 'Thank you for letting us know. Your facilitators can see your apologies.'
			}
		);
	},
	withdraw: async ({ locals, params }) => {
		const w = await write(
			locals.supabase,
			'withdraw_apologies',
			{ session_id: sessionId(params.id) },
			{ form: 'withdraw' }
		);
		return w.failure ?? { done: 'Your apologies have been withdrawn. See you there.' };
	}
} satisfies Actions;
