import { z } from 'zod';
import { FIDELITY_ANSWERS, type FidelityAnswer } from '$lib/fidelity/labels';
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

/** Item numbers a checklist may have (curriculum_fidelity_items.number is 1 to 20). */
const ITEM_NUMBERS = Array.from({ length: 20 }, (_, i) => i + 1);
const CHOOSE = 'Choose yes, partly or no.';
const FidelityBase = z.object({
	session_id: fields.id(),
	numbers: z
		.string()
		.regex(
			/^\d{1,2}(,\d{1,2}){0,19}$/,
			'Something was missing from the form. Please reload the page.'
		)
		.transform((s) => [...new Set(s.split(',').map(Number))])
});
/** Each item's answer (`answer_<n>`) and note (`note_<n>`), for every number an item may have. */
const itemFields: Record<string, z.ZodType> = Object.fromEntries(
	ITEM_NUMBERS.flatMap((n) => [
		[`answer_${n}`, z.enum(FIDELITY_ANSWERS, CHOOSE).optional()],
		[
			`note_${n}`,
			fields.multiLine(2000, { tooLong: 'Keep the note under 2,000 characters.' }).optional()
		]
	])
);
type FidelityValues = z.infer<typeof FidelityBase> & Record<string, unknown>;
/**
 * The checklist form: `numbers` lists the items shown ("1,2,3,4,5"); each needs `answer_<n>`
 * (yes, partly or no) and may have `note_<n>`. SQL checks they are the version's items.
 */
const Fidelity = FidelityBase.extend(itemFields)
	.superRefine((raw, ctx) => {
		const v = raw as FidelityValues;
		for (const n of v.numbers)
			if (!v[`answer_${n}`])
				ctx.addIssue({ code: 'custom', path: [`answer_${n}`], message: CHOOSE });
	})
	.transform((raw) => {
		const v = raw as FidelityValues;
		return {
			session_id: v.session_id,
			answers: v.numbers.map((number) => ({
				number,
				answer: v[`answer_${number}`] as FidelityAnswer,
				note: (v[`note_${number}`] as string | undefined) ?? ''
			}))
		};
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
	fidelity: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Fidelity, { form: 'fidelity' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'save_fidelity_check', data, values);
		return w.failure ?? { form: 'fidelity', done: 'Fidelity checklist saved.' };
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
