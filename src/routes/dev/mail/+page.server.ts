import { embeddedBackend } from '$lib/server/supabase';
import type { PageServerLoad } from './$types';

export const load = (async () => {
	const backend = await embeddedBackend();
	const messages = await backend.outbox.list();
	return {
		messages: messages.map(({ id, to_address, subject, sent_at }) => ({
			id,
			to_address,
			subject,
			sent_at
		}))
	};
}) satisfies PageServerLoad;
