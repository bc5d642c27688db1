import { sessionsCalendar } from '$lib/calendar/ics';
import { view } from '$lib/server/rpc';
import { siteUrl } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/** Every session of the parent's group as one .ics file. */
export const GET = (async ({ locals }) => {
	const ics = sessionsCalendar(await view(locals.supabase, 'my_calendar'), siteUrl());
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'attachment; filename="reflective-parenting-group.ics"',
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
