import { error } from '@sveltejs/kit';
import { sessionsCalendar } from '$lib/calendar/ics';
import { view } from '$lib/server/rpc';
import { siteUrl } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/** One session as an .ics file (same UID as in the whole-group file). */
export const GET = (async ({ locals, params }) => {
	const sessions = await view(locals.supabase, 'my_calendar');
	const session = sessions.find((s) => s.id === params.id);
	if (!session) error(404, 'No such session.');
	return new Response(sessionsCalendar([session], siteUrl()), {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="session-${session.number}.ics"`,
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
