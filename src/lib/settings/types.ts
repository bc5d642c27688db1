import { z } from 'zod';
import { Constants } from '$lib/database';
import { count, id, region, timestamp } from '$lib/view-fields';

export const messageStatus = z.enum(Constants.public.Enums.message_status);

/** The organisation's settings as the settings page shows them (public.organisation). */
export const OrganisationSettings = z.object({
	name: z.string(),
	phone: z.string().nullable(),
	email: z.string().nullable(),
	postal_address: z.string().nullable(),
	reply_to: z.string().nullable(),
	concern_deputy: id.nullable(),
	/** Days before a session that a reminder goes, furthest first. */
	reminder_days_before: z.array(z.number().int().min(1).max(14)),
	/** `HH:mm` (London) of the reminder on the morning of a session; null sends none. */
	morning_reminder_at: z
		.string()
		.regex(/^\d{2}:\d{2}$/)
		.nullable(),
	staff_contact: z.string().nullable(),
	/** Whose bank holidays the schedule warns about. */
	region,
	/** Null only before anyone has saved them. */
	updated_at: timestamp.nullable()
});

/** A message that could not be sent, or whose fate is unknown. */
export const MessageFailure = z.object({
	id: z.number().int(),
	kind: z.string(),
	status: z.enum(['failed', 'unknown']),
	to_email: z.string().nullable(),
	to_name: z.string().nullable(),
	created_at: timestamp,
	last_attempt_at: timestamp.nullable(),
	attempts: count,
	last_error: z.string().nullable(),
	provider_response: z.string().nullable()
});
export type MessageFailure = z.infer<typeof MessageFailure>;

/** public.settings_page: the lead's settings page. */
export const SettingsPage = z.object({
	settings: OrganisationSettings,
	deputies: z.array(z.object({ id, full_name: z.string(), email: z.string() })),
	failures: z.object({
		page: z.number().int().min(1),
		page_size: z.number().int().min(1),
		total: count,
		items: z.array(MessageFailure)
	}),
	/** Messages that failed once and wait to be tried again. */
	retrying: count
});
export type SettingsPage = z.infer<typeof SettingsPage>;
