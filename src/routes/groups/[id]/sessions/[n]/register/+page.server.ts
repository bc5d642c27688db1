import { z } from 'zod';
import { formValues, failWith } from '$lib/server/form';
import { callWrite } from '$lib/server/groups';
import { loadView } from '$lib/server/rpc';
import { sessionParams } from '$lib/server/session-params';
import type { SessionPage } from '$lib/groups/session-types';
import type { Actions, PageServerLoad } from './$types';

const Mark = z.object({
	session_id: z.string().uuid(),
	enrolment_id: z.string().uuid(),
	status: z.enum(
		['present', 'late', 'apologies', 'absent'],
		'Choose present, late, apologies or absent.'
	),
	reason: z.string().trim().max(300, 'Keep the reason under 300 characters.').default('')
});

export const load = (async ({ locals, params }) => ({
	page: await loadView<SessionPage>(locals.supabase, 'session_page', sessionParams(params))
})) satisfies PageServerLoad;

export const actions = {
	mark: async ({ request, locals }) => {
		const values = formValues(await request.formData());
		const parsed = Mark.safeParse(values);
		if (!parsed.success) {
			return failWith(values, {
				[values.enrolment_id ?? 'form']: parsed.error.issues[0]?.message ?? 'Check the form.'
			});
		}
		const w = await callWrite(
			locals.supabase,
			'mark_attendance',
			{ ...parsed.data, reason: parsed.data.reason || null },
			values
		);
		return w.failure ?? { marked: parsed.data.enrolment_id };
	}
} satisfies Actions;
