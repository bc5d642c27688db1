import { z } from 'zod';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const Choice = z.object({
	reminders: z.enum(['on', 'off'], { message: 'Choose whether to get reminders.' })
});

export const load = (async ({ locals }) => ({
	messages: await view(locals.supabase, 'my_messages')
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Choice);
		if (failure) return failure;
		const reminders = data.reminders === 'on';
		const w = await write(locals.supabase, 'save_message_preferences', { reminders }, values);
		if (w.failure) return w.failure;
		return {
			done: reminders
				? 'Saved. You will get reminders before each session.'
				: 'Saved. You will get no more reminders. We will still tell you of any change to a session.'
		};
	}
} satisfies Actions;
