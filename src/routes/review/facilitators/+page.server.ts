import { z } from 'zod';
import { STAGES } from '$lib/facilitators/labels';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

/** A whole number from a form field, within bounds, with the message people see. */
const whole = (min: number, max: number, message: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{1,3}$/, message)
		.transform(Number)
		.pipe(z.number().int().min(min, message).max(max, message));

const Criteria = z.object({
	groups_required: whole(1, 10, 'Give a whole number of groups from 1 to 10.'),
	checklist_percent: whole(0, 100, 'Give a percentage from 0 to 100.'),
	consultations_per_group: whole(0, 10, 'Give a whole number of consultations from 0 to 10.'),
	measures_required: z
		.literal('on')
		.optional()
		.transform((v) => v === 'on'),
	renewal_months: whole(6, 120, 'Give a number of months from 6 to 120.')
});

/**
 * The list's search, stage and page come from the query string (a plain GET form, so it works
 * without JS); anything odd is ignored (the rpc also clamps the page).
 */
const Query = z.object({
	search: z.string().trim().max(100).optional().catch(undefined),
	stage: z.enum(STAGES).optional().catch(undefined),
	page: z.coerce.number().int().min(1).max(100_000).catch(1)
});

/** The register of facilitators: the lead sees everything, a facilitator names and stages. */
export const load = (async ({ locals, url }) => {
	const q = Query.parse(
		Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')) as Record<string, string>
	);
	return {
		register: await view(locals.supabase, 'facilitator_register_page', {
			search: q.search || null,
			stage: q.stage ?? null,
			page: q.page
		})
	};
}) satisfies PageServerLoad;

export const actions = {
	criteria: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Criteria, { form: 'criteria' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'save_accreditation_criteria', data, values);
		return (
			w.failure ?? {
				form: 'criteria',
				done: 'Criteria saved. Everyone’s progress below is measured against them now.'
			}
		);
	}
} satisfies Actions;
