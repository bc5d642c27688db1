import { error } from '@sveltejs/kit';
import { embeddedBackend } from '$lib/server/supabase';
import type { PageServerLoad } from './$types';

export const load = (async ({ params }) => {
	const id = Number(params.id);
	if (!Number.isSafeInteger(id)) error(404, 'No such message.');
	const message = await (await embeddedBackend()).outbox.get(id);
	if (!message) error(404, 'No such message.');
	const links = [...message.html.matchAll(/href="([^"]+)"/g)].map((m) =>
		(m[1] ?? '').replace(/&#38;/g, '&')
	);
	return {
		message: {
			to: message.to_address,
			subject: message.subject,
			sent_at: message.sent_at,
			html: message.html
		},
		links
	};
}) satisfies PageServerLoad;
