/**
 * Where a place stands with the online training (private.place_online_status in
 * 89_online_progress.sql), as zod schemas: the facts that $lib/online/words puts into words. Kept
 * apart from ./types so the booking pages' schemas can use it without an import cycle.
 */
import { z } from 'zod';
import { count, date, timestamp } from '$lib/view-fields';

/** The verdicts of private.online_access_verdict. */
export const ACCESS_STATES = [
	'not_included',
	'withdrawn',
	'unpaid',
	'not_ready',
	'before_opening',
	'open',
	'open_early'
] as const;
export const accessState = z.enum(ACCESS_STATES);
export type AccessState = z.infer<typeof accessState>;

/** A booking's money state (private.booking_money ->> 'state'). */
export const moneyState = z.string().nullable();

export const AccessRequest = z.object({
	requested_at: timestamp,
	answer: z.enum(['granted', 'declined']).nullable(),
	answered_at: timestamp.nullable()
});

/** Where a place stands with the online training: the facts, worded by $lib/online/words. */
export const OnlineStatus = z.object({
	state: accessState,
	open: z.boolean(),
	opens_on: date.nullable(),
	/** Whether the opening date has come (null when the course has no dates). */
	date_reached: z.boolean().nullable(),
	money_state: moneyState,
	modules: count,
	done: count,
	complete: z.boolean(),
	request: AccessRequest.nullable()
});
export type OnlineStatus = z.infer<typeof OnlineStatus>;

/** The same, as a booker sees an attendee's: without their requests to the training team. */
export const AttendeeOnlineStatus = OnlineStatus.omit({ request: true });
export type AttendeeOnlineStatus = z.infer<typeof AttendeeOnlineStatus>;
