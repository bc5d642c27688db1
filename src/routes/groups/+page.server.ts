import { inviteAction } from '$lib/server/invitations';
import { loadView } from '$lib/server/rpc';
import type { Invitation } from '$lib/people/InvitationList.svelte';
import type { Actions, PageServerLoad } from './$types';

interface FacilitatorHome {
	invitations: Invitation[];
}

export const load = (async ({ locals }) => ({
	home: await loadView<FacilitatorHome>(locals.supabase, 'facilitator_home')
})) satisfies PageServerLoad;

export const actions = { invite: inviteAction } satisfies Actions;
