import { z } from 'zod';
import { fields, failWith, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import { sessionParams } from '$lib/server/session-params';
import type { Actions, PageServerLoad } from './$types';

const Mark = z.object({
	session_id: fields.id(),
	enrolment_id: fields.id(),
	status: z.enum(
		['present', 'late', 'apologies', 'absent'],
		'Choose present, late, apologies or absent.'
	),
	reason: fields.text(300, { tooLong: 'Keep the reason under 300 characters.' }).default('')
});

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'session_page', sessionParams(params))
})) satisfies PageServerLoad;

export const actions = {
	mark: async ({ request, locals }) => {
		const { data, values, errors } = await parseForm(request, Mark);
		// The register shows a problem on the row of the parent it was about.
		if (errors) {
			return failWith(values, {
				[values.enrolment_id ?? 'form']: Object.values(errors)[0] ?? 'Check the form.'
			});
		}
		const w = await write(
			locals.supabase,
			'mark_attendance',
			{ ...data, reason: data.reason || null },
			values
		);
		return w.failure ?? { marked: data.enrolment_id };
	}
} satisfies Actions;
