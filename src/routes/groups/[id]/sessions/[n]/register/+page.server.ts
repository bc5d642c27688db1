import { redirect, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, failWith, parseForm, type FormFailure } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import { sessionParams } from '$lib/server/session-params';
import type { Actions, PageServerLoad } from './$types';

// A textarea, so that Enter in it adds a line instead of submitting the row's first button
// (which would mark the parent present).
const reason = fields.multiLine(300, { tooLong: 'Keep the reason under 300 characters.' });

const Mark = z.object({
	session_id: fields.id(),
	enrolment_id: fields.id(),
	status: z.enum(
		['present', 'late', 'apologies', 'absent'],
		'Choose present, late, apologies or absent.'
	),
	reason: reason.default('')
});
const Reason = z.object({ session_id: fields.id(), enrolment_id: fields.id(), reason });
const Rest = z.object({
	session_id: fields.id(),
	all_present: z.literal('yes', 'Tick the box to say yes, then mark them.')
});

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'session_page', sessionParams(params))
})) satisfies PageServerLoad;

/**
 * The register again, the element the person was using focused (autofocus, see +page.svelte),
 * which also scrolls it into view. No #fragment: a fragment target stops the browser from
 * honouring autofocus.
 */
function backTo(url: URL, focus: string, extra: Record<string, string> = {}): never {
	redirect(303, `${url.pathname}?${new URLSearchParams({ ...extra, focus })}`);
}

/** A problem goes on the row of the parent it was about. */
function failOnRow(values: Record<string, string>, errors: Record<string, string>) {
	return failWith(values, {
		[values.enrolment_id ?? 'form']: Object.values(errors)[0] ?? 'Check the form.'
	});
}

/** A refusal about a field of the row (the reason) moves onto the row; others stay as they are. */
function onRow(failure: ActionFailure<FormFailure>, values: Record<string, string>) {
	const errors = Object.values(failure.data.errors);
	return errors.length ? failOnRow(values, failure.data.errors) : failure;
}

export const actions = {
	mark: async ({ request, locals, url }) => {
		const { data, values, errors } = await parseForm(request, Mark);
		if (errors) return failOnRow(values, errors);
		const w = await write(
			locals.supabase,
			'mark_attendance',
			{ ...data, reason: data.reason || null },
			values
		);
		if (w.failure) return onRow(w.failure, values);
		backTo(url, `mark-${data.enrolment_id}-${data.status}`);
	},
	reason: async ({ request, locals, url }) => {
		// The reason on its own: its own button without JavaScript; as it is typed with it.
		const { data, values, errors } = await parseForm(request, Reason);
		if (errors) return failOnRow(values, errors);
		const w = await write(locals.supabase, 'save_attendance_reason', data, values);
		// A refusal (mark them first) belongs on the row, like any other problem.
		if (w.failure) return onRow(w.failure, values);
		backTo(url, `reason-${data.enrolment_id}`, { saved: data.enrolment_id });
	},
	rest: async ({ request, locals, url }) => {
		// Everyone not yet marked, as present: one write, which never overwrites a mark.
		const { data, values, failure } = await parseForm(request, Rest, { form: 'rest' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'mark_rest_present',
			{ session_id: data.session_id },
			values
		);
		if (w.failure) return w.failure;
		backTo(url, 'rest-done', { rest: String(w.data.marked) });
	}
} satisfies Actions;
