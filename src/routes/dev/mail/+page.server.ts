import { fail } from '@sveltejs/kit';
import { demoMailFaults } from '$lib/server/messages/outbox-transport';
import { LIST_LIMIT } from '$lib/server/embedded/mail';
import { embeddedBackend } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

export const load = (async ({ url }) => {
	const backend = await embeddedBackend();
	// Only what was sent to one address, to find it among thousands (a plain text match).
	const to = (url.searchParams.get('to') ?? '')
		.replace(/[\p{Cc}]/gu, '')
		.trim()
		.slice(0, 320);
	const messages = await backend.outbox.list({ to });
	return {
		to,
		limit: LIST_LIMIT,
		messages: messages.map(({ id, to_address, subject, sent_at, attachments }) => ({
			id,
			to_address,
			subject,
			sent_at,
			attachments
		})),
		faults: { refused: [...demoMailFaults.refused].sort(), down: demoMailFaults.down }
	};
}) satisfies PageServerLoad;

const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** The demo's mail server's faults, to see how the app copes with a real provider's refusals. */
export const actions = {
	refuse: async ({ request }) => {
		const address = String((await request.formData()).get('address') ?? '')
			.trim()
			.toLowerCase();
		if (!ADDRESS.test(address)) {
			return fail(400, { errors: { address: 'Enter an email address, like name@example.org.' } });
		}
		demoMailFaults.refused.add(address);
		return { done: `Mail to ${address} will now be refused with a 550.` };
	},
	accept: async ({ request }) => {
		const address = String((await request.formData()).get('address') ?? '').toLowerCase();
		demoMailFaults.refused.delete(address);
		return { done: `Mail to ${address} is accepted again.` };
	},
	server: async ({ request }) => {
		demoMailFaults.down = (await request.formData()).get('down') === 'on';
		return {
			done: demoMailFaults.down
				? 'The demo mail server is now off: sending is retried later.'
				: 'The demo mail server is on again.'
		};
	}
} satisfies Actions;
