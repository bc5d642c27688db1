import { inviteAction, resendAction } from '$lib/server/invitations';
import { view } from '$lib/server/rpc';
import { listParams } from '$lib/paging/paging';
import { appRole } from '$lib/view-fields';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const { search, page } = listParams(url);
	const role = appRole.safeParse(url.searchParams.get('role')).data ?? null;
	return { home: await view(locals.supabase, 'review_home', { role, search, page }), search, role };
}) satisfies PageServerLoad;

export const actions = { invite: inviteAction, resend: resendAction } satisfies Actions;
