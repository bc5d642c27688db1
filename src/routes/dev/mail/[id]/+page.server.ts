import { error } from '@sveltejs/kit';
import { embeddedBackend } from '$lib/server/supabase';
import type { PageServerLoad } from './$types';

/** Shown as text on the page (a calendar file is short and worth reading). */
const READABLE = /^text\//i;

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
			id: message.id,
			from: message.from_address,
			to: message.to_address,
			reply_to: message.reply_to,
			subject: message.subject,
			sent_at: message.sent_at,
			html: message.html,
			text: message.text,
			headers: Object.entries(message.headers ?? {}).sort(([a], [b]) => a.localeCompare(b)),
			attachments: (message.attachments ?? []).map((a, n) => ({
				n,
				filename: a.filename,
				contentType: a.contentType,
				size: Buffer.byteLength(a.content, 'utf8'),
				text: READABLE.test(a.contentType) ? a.content : null
			}))
		},
		links
	};
}) satisfies PageServerLoad;
