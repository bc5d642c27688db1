import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { callWrite } from '$lib/server/groups';
import { deliverNotifications } from '$lib/server/notifications';
import { loadView } from '$lib/server/rpc';
import type { Session } from '$lib/groups/types';
import type { Actions, PageServerLoad } from './$types';

interface Offer {
	id: string;
	status: string;
	offer_expires_at: string | null;
	group: { name: string; venue: string | null; phase: string };
	facilitators: string[];
	sessions: Session[];
}

function offerId(id: string): string {
	if (!z.string().uuid().safeParse(id).success) error(404, 'No such offer.');
	return id;
}

export const load = (async ({ locals, params }) => ({
	offer: await loadView<Offer>(locals.supabase, 'offer_page', { enrolment_id: offerId(params.id) })
})) satisfies PageServerLoad;

async function respond(locals: App.Locals, id: string, accept: boolean) {
	const { failure } = await callWrite(
		locals.supabase,
		'respond_to_offer',
		{ enrolment_id: offerId(id), accept },
		{}
	);
	if (failure) return failure;
	if (!accept) await deliverNotifications();
	redirect(303, accept ? '/my?place=accepted' : `/my/offers/${id}`);
}

export const actions = {
	accept: ({ locals, params }) => respond(locals, params.id, true),
	decline: ({ locals, params }) => respond(locals, params.id, false)
} satisfies Actions;
