import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { deliverNotifications } from '$lib/server/notifications';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'my_training')
})) satisfies PageServerLoad;

const EarlyAccess = z.object({
	place: fields.id(),
	message: fields.multiLine(1000, { tooLong: 'Please keep your message to 1000 characters.' })
});

/** early: ask the training team to open the online training before its date (emails them). */
export const actions = {
	early: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, EarlyAccess, { form: 'early' });
		if (failure) return failure;
		const r = await write(
			locals.supabase,
			'request_early_access',
			{ place: data.place, message: data.message },
			values
		);
		if (r.failure) return r.failure;
		await deliverNotifications();
		return { form: 'early', asked: data.place };
	}
} satisfies Actions;
