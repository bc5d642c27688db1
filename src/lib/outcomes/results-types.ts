/**
 * View models of the outcome results (supabase/schemas/98_outcome_results.sql, where every figure
 * is defined): a group's outcomes page, the summary on the group pages, the dashboard's outcomes
 * and the funder report's suppressed outcomes section.
 */
import { z } from 'zod';
import { count, enrolmentStatus, fundingKind, id, phase, rate } from '$lib/view-fields';
import { MEASURE_TIMES } from './labels';

export const measureTime = z.enum(MEASURE_TIMES);

/** A mean score, a change (may be negative) or null when there is nothing to average. */
const mean = z.number().nullable();

/** The figures of a set of families for one instrument (real numbers: staff pages). */
export const OutcomeFigures = z.object({
	families_started: count,
	families_with_before: count,
	families_paired: count,
	mean_before: mean,
	mean_after: mean,
	mean_change: mean,
	improved_pct: rate,
	/** Null when the instrument has no reliable-change threshold, or nobody is paired. */
	reliable_improvement_pct: rate,
	reliable_deterioration_pct: rate,
	/** Families paired / families started. */
	completeness_pct: rate
});
export type OutcomeFigures = z.infer<typeof OutcomeFigures>;

export const FeedbackFigures = z.object({
	answered: count,
	mean_helpful: z.number().min(1).max(5).nullable(),
	recommend_pct: rate
});
export type FeedbackFigures = z.infer<typeof FeedbackFigures>;

/** A funder-report cell: the figure, or the words 'fewer than 5' (from 1–4 families). */
export const cell = z.union([z.number(), z.literal('fewer than 5')]).nullable();
export type Cell = z.infer<typeof cell>;

export const SuppressedFigures = z.object({
	families_started: cell,
	families_with_before: cell,
	families_paired: cell,
	mean_before: cell,
	mean_after: cell,
	mean_change: cell,
	improved_pct: cell,
	reliable_improvement_pct: cell,
	reliable_deterioration_pct: cell,
	completeness_pct: cell
});
export type SuppressedFigures = z.infer<typeof SuppressedFigures>;

export const SuppressedFeedback = z.object({
	answered: cell,
	mean_helpful: cell,
	recommend_pct: cell
});
export type SuppressedFeedback = z.infer<typeof SuppressedFeedback>;

const instrument = {
	instrument_id: z.string(),
	name: z.string(),
	short_name: z.string(),
	higher_is_better: z.boolean(),
	reliable_change: z.number().nullable()
};

/** A group's figures per instrument: group_page, group_review and group_outcomes_page. */
export const OutcomeSummary = z.array(z.object({ ...instrument, figures: OutcomeFigures }));
export type OutcomeSummary = z.infer<typeof OutcomeSummary>;

/** The dashboard's outcomes: by programme and quarter of the groups that have begun. */
export const DashboardOutcomes = z.object({
	measures: z.array(
		z.object({
			programme: z.string(),
			quarter: z.string().nullable(),
			...instrument,
			groups: count,
			figures: OutcomeFigures
		})
	),
	feedback: z.array(
		z.object({
			programme: z.string(),
			quarter: z.string().nullable(),
			groups: count,
			figures: FeedbackFigures
		})
	)
});
export type DashboardOutcomes = z.infer<typeof DashboardOutcomes>;

const reportRow = { id, name: z.string(), quarter: z.string().nullable() };

/** One section (funded or self-funded) of the funder report's outcomes, every cell suppressed. */
export const ReportOutcomes = z.object({
	measures: z.array(
		z.object({
			...instrument,
			totals: SuppressedFigures,
			rows: z.array(z.object({ ...reportRow, figures: SuppressedFigures }))
		})
	),
	feedback: z.object({
		totals: SuppressedFeedback,
		rows: z.array(z.object({ ...reportRow, figures: SuppressedFeedback }))
	}),
	/** The comments the lead chose, without a name. */
	quotes: z.array(z.object({ text: z.string(), group: z.string(), quarter: z.string().nullable() }))
});
export type ReportOutcomes = z.infer<typeof ReportOutcomes>;

const score = z.object({
	instrument_id: z.string(),
	at: measureTime,
	status: z.enum(['in_progress', 'submitted']),
	/** Null until submitted, or when too few items were answered to score. */
	score: z.number().nullable(),
	on_paper: z.boolean()
});

export const GroupOutcomesPage = z.object({
	group: z.object({
		id,
		name: z.string(),
		phase,
		programme: z.string(),
		funding: fundingKind,
		funder: z.string().nullable()
	}),
	is_lead: z.boolean(),
	instruments: z.array(
		z.object({
			id: z.string(),
			name: z.string(),
			short_name: z.string(),
			kind: z.enum(['goals', 'questionnaire']),
			higher_is_better: z.boolean(),
			min_score: z.number(),
			max_score: z.number(),
			cutoff: z.number().nullable(),
			reliable_change: z.number().nullable(),
			/** When the programme uses it (empty when it no longer does but was answered). */
			measures: z.array(measureTime)
		})
	),
	families: z.array(
		z.object({
			enrolment_id: id,
			full_name: z.string(),
			status: enrolmentStatus,
			scores: z.array(score),
			results: z.array(
				z.object({
					instrument_id: z.string(),
					change: z.number().nullable(),
					improved: z.boolean().nullable(),
					reliable_improvement: z.boolean().nullable(),
					reliable_deterioration: z.boolean().nullable(),
					clinical_before: z.boolean().nullable(),
					clinical_after: z.boolean().nullable()
				})
			),
			goals: z.array(
				z.object({
					instrument_id: z.string(),
					number: z.number().int().min(1).max(3),
					goal: z.string(),
					/** Time point → the rating (null: prefer not to say), submitted ones only. */
					ratings: z.partialRecord(measureTime, z.number().int().nullable())
				})
			),
			feedback: z
				.object({
					submitted: z.boolean(),
					on_paper: z.boolean(),
					helpful: z.number().int().min(1).max(5).nullable(),
					recommend: z.enum(['yes', 'not_sure', 'no']).nullable(),
					helped_most: z.string(),
					could_be_better: z.string(),
					helped_most_quote: z.boolean(),
					could_be_better_quote: z.boolean()
				})
				.nullable()
		})
	),
	summary: OutcomeSummary,
	feedback: FeedbackFigures
});
export type GroupOutcomesPage = z.infer<typeof GroupOutcomesPage>;
