/**
 * View model of the lead's measures page (/review/measures, 62_outcome_measures.sql): the instruments
 * installed and when each group programme uses them.
 */
import { z } from 'zod';
import { count, timestamp } from '$lib/view-fields';
import { TIME_POINTS } from './labels';

export const timePoint = z.enum(TIME_POINTS);

export const Instrument = z.object({
	id: z.string(),
	name: z.string(),
	short_name: z.string(),
	description: z.string(),
	kind: z.enum(['goals', 'questionnaire']),
	scoring: z.enum(['sum', 'mean', 'lookup']),
	min_score: z.number(),
	max_score: z.number(),
	higher_is_better: z.boolean(),
	cutoff: z.number().nullable(),
	reliable_change: z.number().nullable(),
	min_answered: count,
	licence: z.string(),
	item_text_for: z.enum(['everyone', 'staff']),
	built_in: z.boolean(),
	created_at: timestamp,
	items: z.array(
		z.object({
			number: count,
			wording: z.string(),
			subscale: z.string().nullable(),
			reverse: z.boolean()
		})
	),
	options: z.array(z.object({ value: count, label: z.string() })),
	/** How many responses families have given to it. */
	responses: count
});
export type Instrument = z.infer<typeof Instrument>;

export const OutcomeMeasuresPage = z.object({
	instruments: z.array(Instrument),
	programmes: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			measures: z.array(
				z.object({
					instrument_id: z.string(),
					at: timePoint,
					follow_up_weeks: z.number().int().nullable()
				})
			)
		})
	)
});
export type OutcomeMeasuresPage = z.infer<typeof OutcomeMeasuresPage>;
