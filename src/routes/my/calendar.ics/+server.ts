import { error } from '@sveltejs/kit';
import { sessionsCalendar, type CalendarSession } from '$lib/calendar/ics';
import { siteUrl } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/** Every session of the parent's group as one .ics file. */
export const GET = (async ({ locals }) => {
	const { data, error: e } = await locals.supabase.rpc('my_calendar');
	if (e) {
		console.error('[my_calendar]', e);
		error(e.code === '42501' ? 403 : 500, 'The calendar could not be made.');
	}
	const ics = sessionsCalendar((data ?? []) as unknown as CalendarSession[], siteUrl());
	return new Response(ics, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': 'attachment; filename="reflective-parenting-group.ics"',
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
