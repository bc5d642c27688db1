/**
 * View model of a group's consultations page: public.group_consultations_page
 * (supabase/schemas/93_consultations.sql), as a zod schema with its type inferred from it.
 */
import { z } from 'zod';
import { count, date, id, phase, timestamp } from '$lib/view-fields';

export const Consultation = z.object({
	id,
	held_on: date,
	/** Who consulted (the lead or the group's consultant). */
	consultant: z.string(),
	/** Session numbers, each once, in order. */
	sessions_reviewed: z.array(count),
	moments: z.string(),
	themes: z.string(),
	actions: z.string(),
	recorded_by: z.string(),
	recorded_at: timestamp,
	/** Whether the signed-in person may change or delete it. */
	may_change: z.boolean()
});
export type Consultation = z.infer<typeof Consultation>;

export const GroupConsultationsPage = z.object({
	group: z.object({
		id,
		name: z.string(),
		phase,
		/** Its sessions that are on (not cancelled), by number. */
		sessions: z.array(z.object({ number: count, starts_at: timestamp, started: z.boolean() }))
	}),
	is_lead: z.boolean(),
	/** Whether the signed-in person may open the group's own page (its consultant may not). */
	sees_group: z.boolean(),
	/** The lead, or the group's consultant, while the group is not cancelled. */
	may_record: z.boolean(),
	consultant: z.object({ id, full_name: z.string(), named_at: timestamp }).nullable(),
	/** For the lead: the facilitator accounts not running the group, who may be named. */
	candidates: z.array(z.object({ id, full_name: z.string() })),
	/** Newest first. */
	consultations: z.array(Consultation)
});
export type GroupConsultationsPage = z.infer<typeof GroupConsultationsPage>;
