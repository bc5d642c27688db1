import { z } from 'zod';
import { formValues, failWith } from '$lib/server/form';
import { callWrite } from '$lib/server/groups';
import { deliverNotifications } from '$lib/server/notifications';
import { loadView } from '$lib/server/rpc';
import { sessionParams } from '$lib/server/session-params';
import type { SessionPage } from '$lib/groups/session-types';
import type { Actions, PageServerLoad } from './$types';

const long = (label: string) =>
	z.string().trim().max(5000, `Keep ${label} under 5,000 characters.`).default('');
const Notes = z.object({
	session_id: z.string().uuid(),
	covered: long('what was covered'),
	how_it_went: long('how it went'),
	reflection: long('the reflection')
});
const SessionOnly = z.object({ session_id: z.string().uuid() });
const Concern = z.object({
	session_id: z.string().uuid(),
	enrolment_id: z.union([z.literal(''), z.string().uuid()]),
	kind: z.enum(['safeguarding', 'wellbeing'], 'Choose safeguarding or wellbeing.'),
	urgency: z.enum(['low', 'medium', 'high'], 'Choose how urgent it is.'),
	description: z
		.string()
		.trim()
		.min(1, 'Describe the concern.')
		.max(5000, 'Keep it under 5,000 characters.')
});

/** Validate one of this page's forms; failures carry the form's name so the page can show them in place. */
async function parse<S extends z.ZodType>(request: Request, schema: S, form: string) {
	const values = { ...formValues(await request.formData()), form };
	const r = schema.safeParse(values);
	if (r.success) return { values, data: r.data as z.infer<S> };
	const errors: Record<string, string> = {};
	for (const issue of r.error.issues) errors[String(issue.path[0])] ??= issue.message;
	return { values, failure: failWith(values, errors) };
}

export const load = (async ({ locals, params }) => ({
	page: await loadView<SessionPage>(locals.supabase, 'session_page', sessionParams(params))
})) satisfies PageServerLoad;

export const actions = {
	notes: async ({ request, locals }) => {
		const { values, data, failure } = await parse(request, Notes, 'notes');
		if (failure) return failure;
		const w = await callWrite(locals.supabase, 'save_session_notes', data, values);
		return w.failure ?? { form: 'notes', done: 'Notes saved.' };
	},
	held: async ({ request, locals }) => {
		const { values, data, failure } = await parse(request, SessionOnly, 'held');
		if (failure) return failure;
		const w = await callWrite(locals.supabase, 'mark_session_held', data, values);
		return (
			w.failure ?? {
				form: 'held',
				done: 'Marked as held. The materials are now available to the group’s parents.'
			}
		);
	},
	release: async ({ request, locals }) => {
		const { values, data, failure } = await parse(request, SessionOnly, 'release');
		if (failure) return failure;
		const w = await callWrite(locals.supabase, 'release_materials', data, values);
		return w.failure ?? { form: 'release', done: 'Materials released to the group’s parents.' };
	},
	concern: async ({ request, locals, params }) => {
		const { values, data, failure } = await parse(request, Concern, 'concern');
		if (failure) return failure;
		const { group_id } = sessionParams(params);
		const w = await callWrite(
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
