import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { deliverNotifications } from '$lib/server/notifications';
import { view, write } from '$lib/server/rpc';
import { sessionParams } from '$lib/server/session-params';
import type { Actions, PageServerLoad } from './$types';

const long = (label: string) =>
	fields.multiLine(5000, { tooLong: `Keep ${label} under 5,000 characters.` }).default('');
const Notes = z.object({
	session_id: fields.id(),
	covered: long('what was covered'),
	how_it_went: long('how it went'),
	reflection: long('the reflection')
});
const SessionOnly = z.object({ session_id: fields.id() });
const Concern = z.object({
	session_id: fields.id(),
	enrolment_id: z.union([z.literal(''), fields.id()]),
	kind: z.enum(['safeguarding', 'wellbeing'], 'Choose safeguarding or wellbeing.'),
	urgency: z.enum(['low', 'medium', 'high'], 'Choose how urgent it is.'),
	description: fields.multiLine(5000, {
		required: 'Describe the concern.',
		tooLong: 'Keep it under 5,000 characters.'
	})
});

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'session_page', sessionParams(params))
})) satisfies PageServerLoad;

export const actions = {
	notes: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Notes, { form: 'notes' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'save_session_notes', data, values);
		return w.failure ?? { form: 'notes', done: 'Notes saved.' };
	},
	held: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, SessionOnly, { form: 'held' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'mark_session_held', data, values);
		return (
			w.failure ?? {
				form: 'held',
				done: 'Marked as held. The materials are now available to the group’s parents.'
			}
		);
	},
	release: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, SessionOnly, { form: 'release' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'release_materials', data, values);
		return w.failure ?? { form: 'release', done: 'Materials released to the group’s parents.' };
	},
	concern: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Concern, { form: 'concern' });
		if (failure) return failure;
		const { group_id } = sessionParams(params);
		const w = await write(
			locals.supabase,
			'raise_concern',
			{ ...data, group_id, enrolment_id: data.enrolment_id || null },
			values
		);
		if (w.failure) return w.failure;
		await deliverNotifications();
		return { form: 'concern', done: 'Concern recorded. The clinical lead has been told by email.' };
	}
} satisfies Actions;
