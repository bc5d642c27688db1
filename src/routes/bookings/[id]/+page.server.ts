import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import { deliverNotifications } from '$lib/server/notifications';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => ({
	booking: await view(locals.supabase, 'booking_page', { booking_id: params.id })
})) satisfies PageServerLoad;

const Name = z.object({
	place_id: z.string().uuid('Choose a place.'),
	name: fields.text(120, { required: 'Enter the attendee’s name.' }),
	email: z
		.string()
		.trim()
		.toLowerCase()
		.max(254, 'That email address is too long.')
		.refine((v) => z.email().safeParse(v).success, {
			message: 'Enter the attendee’s email address, like name@example.org.'
		}),
	role: fields.text(120),
	organisation: fields.text(200)
});

const Po = z.object({
	po_number: fields.text(60, {
		required: 'Enter the purchase-order number.',
		tooLong: 'Keep it under 60 characters.'
	})
});

/**
 * name: name (or correct, before they have an account) the attendee of one place; they are
 * invited as a trainee. po: the purchase-order number, when it was "to follow".
 */
export const actions = {
	name: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Name, { form: 'name' });
		if (failure) return failure;
		const r = await write(
			locals.supabase,
			'name_attendee',
			{
				place_id: data.place_id,
				name: data.name,
				email: data.email,
				role: data.role,
				organisation: data.organisation
			},
			values
		);
		if (r.failure) return r.failure;
		await deliverNotifications();
		return { form: 'name', named: data.place_id, id: params.id };
	},
	po: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Po, { form: 'po' });
		if (failure) return failure;
		const r = await write(
			locals.supabase,
			'set_booking_po',
			{ booking_id: params.id, po_number: data.po_number },
			values
		);
		if (r.failure) return r.failure;
		return { form: 'po', saved: true };
	}
} satisfies Actions;
