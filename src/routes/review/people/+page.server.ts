import { inviteAction } from '$lib/server/invitations';
import { loadView } from '$lib/server/rpc';
import type { Invitation } from '$lib/people/InvitationList.svelte';
import type { Actions, PageServerLoad } from './$types';

interface ReviewHome {
	people: { id: string; full_name: string; email: string; role: string }[];
	invitations: Invitation[];
}

export const load = (async ({ locals }) => ({
	home: await loadView<ReviewHome>(locals.supabase, 'review_home')
})) satisfies PageServerLoad;

export const actions = { invite: inviteAction } satisfies Actions;
