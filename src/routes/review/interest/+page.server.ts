import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import { listParams } from '$lib/paging/paging';
import type { Actions, PageServerLoad } from './$types';

const Add = z.object({
	full_name: fields.name,
	email: fields.email,
	note: fields.text(500, { tooLong: 'Keep the note under 500 characters.' })
});
const Entry = z.object({ interest_id: fields.id() });

const STATES = ['waiting', 'invited', 'removed'] as const;

export const load = (async ({ locals, url }) => {
	const { search, page: pageNumber } = listParams(url);
	const state = z.enum(STATES).catch('waiting').parse(url.searchParams.get('state'));
	const page = await view(locals.supabase, 'interest_page', { state, search, page: pageNumber });
	// ?remove=<id> asks before removing (a plain link, so the question works without JavaScript).
	const asked = url.searchParams.get('remove');
	const confirmRemove =
		page.entries.find((e) => e.id === asked && !e.removed_at && !e.invited_at) ?? null;
	return { page, confirmRemove, search };
}) satisfies PageServerLoad;

/** remove is soft: the entry moves to the Removed list, and restore brings it back. */
export const actions = {
	add: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, Add, { form: 'add' });
		if (failure) return failure;
		const values = { form: 'add', full_name: data.full_name, email: data.email, note: data.note };
		const w = await write(
			locals.supabase,
			'add_interest',
			{ ...data, note: data.note || null },
			values
		);
		return w.failure ?? { added: data.full_name };
	},
	remove: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Entry, { form: 'remove' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'remove_interest', data, values);
		return w.failure ?? { removed: w.data.full_name };
	},
	restore: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Entry, { form: 'restore' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'restore_interest', data, values);
		return w.failure ?? { restored: w.data.full_name };
	}
} satisfies Actions;
