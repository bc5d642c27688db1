/**
 * One concern, as public.concern_page returns it for the page its emails link to
 * (supabase/schemas/40_sessions.sql): the lead, the group's facilitators and the deputy.
 */
import { z } from 'zod';
import { concernKind, concernUrgency, count, id, timestamp } from '$lib/view-fields';

export const ConcernPage = z.object({
	id,
	kind: concernKind,
	urgency: concernUrgency,
	description: z.string(),
	raised_at: timestamp,
	raised_by: z.string().nullable(),
	family: z.string().nullable(),
	session_number: count.nullable(),
	group: z.object({ id, name: z.string() }),
	reviewed_at: timestamp.nullable(),
	review_note: z.string().nullable(),
	reviewed_by: z.string().nullable(),
	/** The lead and the deputy for concerns may review it. */
	can_review: z.boolean(),
	is_lead: z.boolean()
});
export type ConcernPage = z.infer<typeof ConcernPage>;
