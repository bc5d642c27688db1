/**
 * View models about the messages people are sent: reminder times (private.group_reminders, on
 * the group page and /account/messages), public.my_messages and the unsubscribe page
 * (supabase/schemas/72_message_preferences.sql, 75_session_messages.sql), as zod schemas.
 */
import { z } from 'zod';
import { appRole, id } from '$lib/view-fields';

/** "08:00": a London time of day as to_char(…, 'HH24:MI') writes it. */
export const hourMinute = z.string().regex(/^\d{2}:\d{2}$/);
/** Days before a session (1 to 14), most first. */
const daysBefore = z.array(z.number().int().min(1).max(14));

/** When a group sends its families reminders. */
export const GroupReminders = z.object({
	/** True when the group has its own times; false when it uses the clinic's. */
	own: z.boolean(),
	days_before: daysBefore,
	/** On the morning of each session; null for none. */
	morning_at: hourMinute.nullable(),
	/** The clinic's times, which a group without its own uses. */
	clinic: z.object({ days_before: daysBefore, morning_at: hourMinute.nullable() })
});
export type GroupReminders = z.infer<typeof GroupReminders>;

export const MyMessages = z.object({
	role: appRole,
	/** Whether this person gets reminders (only parents are sent any). */
	reminders: z.boolean(),
	/** A parent's current groups and when each sends reminders. */
	groups: z.array(z.object({ id, name: z.string(), reminders: GroupReminders }))
});
export type MyMessages = z.infer<typeof MyMessages>;

/** What the unsubscribe page knows of its token (public.unsubscribe_page, service role). */
export const UnsubscribePage = z.object({
	valid: z.boolean(),
	/** Whether the token's person still gets reminders; null for a token that is not valid. */
	reminders: z.boolean().nullable()
});
export type UnsubscribePage = z.infer<typeof UnsubscribePage>;
