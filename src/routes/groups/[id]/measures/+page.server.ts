import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { view } from '$lib/server/rpc';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, params }) => {
	if (!z.uuid().safeParse(params.id).success) error(404, 'No such group.');
	return { page: await view(locals.supabase, 'group_measures_page', { group_id: params.id }) };
}) satisfies PageServerLoad;
