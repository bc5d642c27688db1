/**
 * View models for changing a group (supabase/schemas/32_group_edits.sql): the edit page
 * (public.edit_group_page) and the history of changes the group page shows.
 */
import { z } from 'zod';
import { count, fundingKind, id, phase, timestamp } from '$lib/view-fields';

const Person = z.object({ id, full_name: z.string() });

export const EditGroupPage = z.object({
	group: z.object({
		id,
		name: z.string(),
		venue: z.string().nullable(),
		venue_postcode: z.string().nullable(),
		video_link: z.string().nullable(),
		capacity: count,
		funding: fundingKind,
		funder: z.string().nullable(),
		fee_pence: count.nullable(),
		phase
	}),
	programme: z.object({ name: z.string(), places: count }),
	is_lead: z.boolean(),
	/** Whether the first session has started: funding then changes only with a reason. */
	started: z.boolean(),
	/** Families holding a place or an offer: the fewest places the group may have. */
	taken: count,
	waitlist: count,
	facilitators: z.array(Person),
	/** For the lead: facilitator accounts not on the group, who could replace one. */
	candidates: z.array(Person)
});
export type EditGroupPage = z.infer<typeof EditGroupPage>;

const Value = z.union([z.string(), z.number(), z.null()]);
const Funding = z.object({
	funding: fundingKind,
	funder: z.string().nullable(),
	fee_pence: z.number().int().nullable()
});
const Pair = <T extends z.ZodType>(t: T) => z.object({ was: t, now: t });

/** One row of public.group_changes as group_page returns it. */
export const GroupChange = z.object({
	id,
	changed_at: timestamp,
	/** Null when the caller may not read the profile of whoever made it. */
	changed_by: z.string().nullable(),
	changes: z
		.object({
			name: Pair(Value),
			venue: Pair(Value),
			venue_postcode: Pair(Value),
			video_link: Pair(Value),
			capacity: Pair(Value),
			funding: Pair(Funding),
			facilitators: Pair(z.array(z.string()))
		})
		.partial()
		.strict(),
	reason: z.string().nullable()
});
export type GroupChange = z.infer<typeof GroupChange>;
