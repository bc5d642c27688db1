import { error } from '@sveltejs/kit';
import { embeddedBackend } from '$lib/server/supabase';
import type { RequestHandler } from './$types';

/** Download one attachment of a message in the demo's outbox, as a mail program would save it. */
export const GET: RequestHandler = async ({ params }) => {
	const id = Number(params.id);
	const n = Number(params.n);
	if (!Number.isSafeInteger(id) || !Number.isSafeInteger(n)) error(404, 'No such attachment.');
	const message = await (await embeddedBackend()).outbox.get(id);
	const a = message?.attachments?.[n];
	if (!a) error(404, 'No such attachment.');
	const name = a.filename.replace(/[^\w.-]+/g, '_');
	return new Response(a.content, {
		headers: {
			'content-type': a.contentType,
			'content-disposition': `attachment; filename="${name}"`,
			'x-content-type-options': 'nosniff'
		}
	});
};
