import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { deliverNotifications } from '$lib/server/notifications';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

function offerId(id: string): string {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such offer.');
	return id;
}

export const load = (async ({ locals, params }) => ({
	offer: await view(locals.supabase, 'offer_page', { enrolment_id: offerId(params.id) })
})) satisfies PageServerLoad;

async function respond(locals: App.Locals, id: string, accept: boolean) {
	const { failure } = await write(
		locals.supabase,
		'respond_to_offer',
		{ enrolment_id: offerId(id), accept },
		{}
	);
	if (failure) return failure;
	// Accepting queues the welcome email; declining may offer the place to the next family.
	await deliverNotifications();
	redirect(303, accept ? '/my?place=accepted' : `/my/offers/${id}`);
}

export const actions = {
	accept: ({ locals, params }) => respond(locals, params.id, true),
	decline: ({ locals, params }) => respond(locals, params.id, false)
} satisfies Actions;
