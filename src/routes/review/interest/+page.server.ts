import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const Add = z.object({
	full_name: fields.name,
	email: fields.email,
	note: fields.text(500, { tooLong: 'Keep the note under 500 characters.' })
});
const Remove = z.object({ interest_id: fields.id() });

export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'interest_page')
})) satisfies PageServerLoad;

export const actions = {
	add: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, Add);
		if (failure) return failure;
		const values = { full_name: data.full_name, email: data.email, note: data.note };
		const w = await write(
			locals.supabase,
			'add_interest',
			{ ...data, note: data.note || null },
			values
		);
		return w.failure ?? { added: data.full_name };
	},
	remove: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, Remove);
		if (failure) return failure;
		const w = await write(locals.supabase, 'remove_interest', data, {});
		return w.failure ?? { removed: true };
	}
} satisfies Actions;
