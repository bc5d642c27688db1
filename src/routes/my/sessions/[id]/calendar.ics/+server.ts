import { error } from '@sveltejs/kit';
import { sessionsCalendar, type CalendarSession } from '$lib/calendar/ics';
import { siteUrl } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/** One session as an .ics file (same UID as in the whole-group file). */
export const GET = (async ({ locals, params }) => {
	const { data, error: e } = await locals.supabase.rpc('my_calendar');
	if (e) {
		console.error('[my_calendar]', e);
		error(e.code === '42501' ? 403 : 500, 'The calendar could not be made.');
	}
	const session = ((data ?? []) as unknown as CalendarSession[]).find((s) => s.id === params.id);
	if (!session) error(404, 'No such session.');
	return new Response(sessionsCalendar([session], siteUrl()), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="session-${session.number}.ics"`,
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
