import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { CARING_ROLE_VALUES, HONEYPOT } from '$lib/public/labels';
import { failWith, fields, parseForm } from '$lib/server/form';
import { askAboutNextGroup, SIGN_UP_FAILED } from '$lib/server/interest-sign-up';
import { deliverNotifications } from '$lib/server/notifications';
import { view } from '$lib/server/rpc';
import { createAdminClient } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

// The same pattern interest_list.phone checks: digits, spaces, brackets, dashes, an optional +.
const PHONE = /^\+?[0-9][0-9 ()-]{5,22}[0-9]$/;

const Ask = z
	.object({
		full_name: fields.name,
		email: z
			.string()
			.trim()
			.toLowerCase()
			.max(254, 'That email address is too long.')
			.refine((v) => v === '' || z.email().safeParse(v).success, {
				message: 'Enter an email address like name@example.org, or leave it empty.'
			}),
		phone: z
			.string()
			.trim()
			.refine((v) => v === '' || PHONE.test(v), {
				message: 'Enter a phone number like 07700 900123, or leave it empty.'
			}),
		caring_role: z.enum(CARING_ROLE_VALUES, { message: 'Choose how you care for the child.' }),
		area: fields.text(120, {
			required: 'Enter your town or area.',
			tooLong: 'Keep it under 120 characters.'
		}),
		note: fields.multiLine(500, { tooLong: 'Keep the note under 500 characters.' }),
		consent: z.literal('yes', { message: 'Tick the box to say the clinic may contact you.' })
	})
	.refine((f) => filled(f.email) || filled(f.phone), {
		path: ['email'],
		message: 'Give an email address or a phone number, so the clinic can reach you.',
		// Checked even when other fields are wrong, so every problem is shown at once.
		when: () => true
	});

function filled(v: unknown): boolean {
	return typeof v === 'string' && v.trim() !== '';
}

export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'next_groups')
})) satisfies PageServerLoad;

/**
 * ask: "Tell me about the next group". With the hidden field filled (a program, not a person) it
 * says thank you and stores nothing. Otherwise the server calls the sign-up with the service key
 * and the address it saw; the database limits each address to 5 an hour.
 */
export const actions = {
	ask: async ({ request, getClientAddress }) => {
		const { values, data, failure } = await parseForm(request, Ask);
		if ((values[HONEYPOT] ?? '') !== '') redirect(303, '/next-groups/thanks');
		if (failure) return failure;
		let address: string;
		let admin: Awaited<ReturnType<typeof createAdminClient>>;
		try {
			// Behind a proxy this needs ADDRESS_HEADER/XFF_DEPTH (README), as sign-in does.
			address = getClientAddress();
			admin = await createAdminClient();
		} catch (e) {
			console.error('[next-groups]', e);
			return failWith(values, {}, SIGN_UP_FAILED, 503);
		}
		const refused = await askAboutNextGroup(admin, data, address, values);
		if (refused) return refused;
		// The lead's email was queued with the entry: send it now.
		await deliverNotifications();
		redirect(303, '/next-groups/thanks');
	}
} satisfies Actions;
