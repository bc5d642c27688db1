/**
 * View models of the curriculum pages: public.curricula_page and curriculum_page
 * (supabase/migrations/*_default_curriculum.sql and later), as zod schemas with their types
 * inferred from them.
 */
import { z } from 'zod';
import { FidelityItem } from '$lib/fidelity/types';
import { count, id, timestamp } from '$lib/view-fields';

const status = z.enum(['draft', 'published']);

/** One session of a curriculum: Markdown slides and notes, as written. */
export const CurriculumSession = z.object({
	number: count,
	title: z.string(),
	aims: z.array(z.string()),
	slides: z.array(z.string()),
	prompts: z.array(z.string()),
	facilitator_notes: z.string(),
	home_practice: z.string()
});
export type CurriculumSession = z.infer<typeof CurriculumSession>;

export const CurriculumVersion = z.object({
	id,
	programme_id: z.string(),
	programme: z.string(),
	version: count,
	status,
	published_at: timestamp.nullable(),
	is_lead: z.boolean(),
	sessions: z.array(CurriculumSession),
	/** The fidelity checklist's items for this version, in order. */
	fidelity_items: z.array(FidelityItem)
});
export type CurriculumVersion = z.infer<typeof CurriculumVersion>;

export const CurriculaPage = z.object({
	is_lead: z.boolean(),
	curricula: z.array(
		z.object({
			id,
			programme: z.string(),
			version: count,
			status,
			published_at: timestamp.nullable(),
			/** Groups that follow this version. */
			groups: count
		})
	)
});
export type CurriculaPage = z.infer<typeof CurriculaPage>;
