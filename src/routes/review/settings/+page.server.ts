import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { region } from '$lib/view-fields';
import { kickWorker } from '$lib/server/messages/delivery';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const optionalEmail = z
	.string()
	.trim()
	.toLowerCase()
	.max(254, 'That email address is too long.')
	.pipe(z.union([z.literal(''), z.email('Enter an email address like name@example.org.')]));

/** "7, 2": up to three whole numbers of days from 1 to 14. */
const reminderDays = z
	.string()
	.trim()
	.max(40, 'Give at most three numbers.')
	.transform((value, ctx) => {
		const parts = value === '' ? [] : value.split(/[\s,]+/).filter(Boolean);
		const days = parts.map(Number);
		if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 14)) {
			ctx.addIssue({
				code: 'custom',
				message: 'Use whole numbers of days from 1 to 14, like 7, 2.'
			});
			return z.NEVER;
		}
		const unique = [...new Set(days)].sort((a, b) => b - a);
		if (unique.length > 3) {
			ctx.addIssue({ code: 'custom', message: 'Give at most three numbers of days.' });
			return z.NEVER;
		}
		return unique;
	});

const Settings = z
	.object({
		name: fields.text(120, {
			required: "Enter the clinic's name.",
			tooLong: 'Keep the name under 120 characters.'
		}),
		phone: fields
			.text(40, { tooLong: 'Keep the phone number under 40 characters.' })
			.refine((v) => v === '' || /^[0-9+()\s-]{6,}$/.test(v), {
				message: 'Enter a phone number, like 020 7946 0321.'
			}),
		email: optionalEmail,
		postal_address: fields.multiLine(300, { tooLong: 'Keep the address under 300 characters.' }),
		reply_to: optionalEmail,
		concern_deputy: z.union([z.literal(''), fields.id('Choose a facilitator, or nobody.')]),
		reminder_days_before: reminderDays,
		morning: z.enum(['on']).optional(),
		morning_reminder_at: z.string().trim(),
		staff_contact: fields.text(300, { tooLong: 'Keep this under 300 characters.' }),
		region
	})
	.superRefine((v, ctx) => {
		if (v.morning && !/^([01]\d|2[0-3]):[0-5]\d$/.test(v.morning_reminder_at)) {
			ctx.addIssue({
				code: 'custom',
				path: ['morning_reminder_at'],
				message: 'Enter a time like 08:00.'
			});
		}
	});

const Retry = z.object({
	id: z.coerce
		.number()
		.int('Something was missing from the form. Please reload the page.')
		.positive()
});

export const load = (async ({ locals, url }) => {
	const page = Math.max(1, Math.min(Number(url.searchParams.get('page')) || 1, 10_000));
	return { page: await view(locals.supabase, 'settings_page', { page }) };
}) satisfies PageServerLoad;

export const actions = {
	save: async ({ request, locals }) => {
		const { data, values, failure } = await parseForm(request, Settings, { form: 'save' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'save_organisation_settings',
			{
				name: data.name,
				phone: data.phone,
				email: data.email,
				postal_address: data.postal_address,
				reply_to: data.reply_to,
				// The generated type does not know a uuid argument may be null.
				concern_deputy: (data.concern_deputy || null) as string,
				reminder_days_before: data.reminder_days_before,
				morning_reminder_at: (data.morning ? data.morning_reminder_at : null) as string,
				staff_contact: data.staff_contact,
				region: data.region
			},
			values
		);
		return w.failure ?? { saved: true };
	},
	retry: async ({ request, locals }) => {
		const { data, failure } = await parseForm(request, Retry, { form: 'retry' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'retry_message', data, { form: 'retry' });
		if (w.failure) return w.failure;
		await kickWorker();
		return { retried: data.id };
	},
	test: async ({ locals }) => {
		const w = await write(locals.supabase, 'send_test_message', {}, { form: 'test' });
		if (w.failure) return w.failure;
		await kickWorker();
		return { tested: true };
	}
} satisfies Actions;
