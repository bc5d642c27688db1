import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { callWrite } from '$lib/server/groups';
import { loadView } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

interface InterestPage {
	entries: {
		id: string;
		full_name: string;
		email: string;
		note: string | null;
		created_at: string;
		invited_at: string | null;
		invited_to: string | null;
	}[];
}

const Add = z.object({
	full_name: fields.name,
	email: fields.email,
	note: fields.text(500, { tooLong: 'Keep the note under 500 characters.' })
});
const Remove = z.object({ interest_id: fields.id() });

export const load = (async ({ locals }) => ({
	page: await loadView<InterestPage>(locals.supabase, 'interest_page')
})) satisfies PageServerLoad;

export const actions = {
	add: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, Add);
		if (failure) return failure;
		const values = { full_name: data.full_name, email: data.email, note: data.note };
		const w = await callWrite(
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
		const w = await callWrite(locals.supabase, 'remove_interest', data, {});
		return w.failure ?? { removed: true };
	}
} satisfies Actions;
