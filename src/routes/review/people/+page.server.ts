import { inviteAction, resendAction } from '$lib/server/invitations';
import { view } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals }) => ({
	home: await view(locals.supabase, 'review_home')
})) satisfies PageServerLoad;

export const actions = { invite: inviteAction, resend: resendAction } satisfies Actions;
