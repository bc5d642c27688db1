/**
 * The fidelity checklist's parts of the view models (supabase/schemas/92_fidelity.sql): a
 * curriculum version's items, and a session's filled checklist as private.session_fidelity
 * returns it, shared by the session page, the lead's review and the curriculum page.
 */
import { z } from 'zod';
import { count, timestamp } from '$lib/view-fields';
import { FIDELITY_ANSWERS } from './labels';

export const fidelityAnswer = z.enum(FIDELITY_ANSWERS);

/** One item of a curriculum version's checklist. */
export const FidelityItem = z.object({ number: count, wording: z.string() });
export type FidelityItem = z.infer<typeof FidelityItem>;

/** A session's filled checklist: who filled it first, who saved it last, and the answers. */
export const FidelityCheck = z.object({
	filled_by: z.string().nullable(),
	filled_at: timestamp,
	updated_by: z.string().nullable(),
	updated_at: timestamp,
	counts: z.object({ yes: count, partly: count, no: count }),
	answers: z.array(
		z.object({ number: count, wording: z.string(), answer: fidelityAnswer, note: z.string() })
	)
});
export type FidelityCheck = z.infer<typeof FidelityCheck>;
