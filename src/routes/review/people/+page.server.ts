import { inviteAction } from '$lib/server/invitations';
import { loadView } from '$lib/server/rpc';
import type { Invitation } from '$lib/people/InvitationList.svelte';
import type { Actions, PageServerLoad } from './$types';

interface ReviewHome {
	people: { id: string; full_name: string; email: string; role: string }[];
	invitations: Invitation[];
	open_concerns: {
		id: string;
		group_id: string;
		group_name: string;
		kind: 'safeguarding' | 'wellbeing';
		urgency: 'low' | 'medium' | 'high';
		description: string;
		raised_at: string;
		family: string | null;
		raised_by: string;
		session_number: number | null;
	}[];
}

export const load = (async ({ locals }) => ({
	home: await loadView<ReviewHome>(locals.supabase, 'review_home')
})) satisfies PageServerLoad;

export const actions = { invite: inviteAction } satisfies Actions;
