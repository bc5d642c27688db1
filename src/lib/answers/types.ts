/**
 * View models of answering outcome measures (97_outcome_answers.sql): the family's measures
 * (private.family_measures, also read by the results), the parent's /my/measures, one measure
 * to answer, the feedback form and the staff's list of a group's families.
 */
import { z } from 'zod';
import { timePoint } from '$lib/measures/types';
import { count, enrolmentStatus, id, timestamp } from '$lib/view-fields';

export const MEASURE_STATES = ['not_open', 'open', 'done', 'closed'] as const;
export const measureState = z.enum(MEASURE_STATES);
export type MeasureState = z.infer<typeof measureState>;

const instrumentKind = z.enum(['goals', 'questionnaire']);

/** One measure of a family's schedule, with its window and where it stands. */
export const FamilyMeasure = z.object({
	instrument: z.object({
		id: z.string(),
		name: z.string(),
		short_name: z.string(),
		kind: instrumentKind,
		item_text_for: z.enum(['everyone', 'staff'])
	}),
	at: timePoint,
	follow_up_weeks: count.nullable(),
	/** Null for a group with no live sessions. */
	opens_at: timestamp.nullable(),
	due_at: timestamp.nullable(),
	closes_at: timestamp.nullable(),
	state: measureState,
	/** Answers saved ("prefer not to say" included). */
	answered: count,
	/** What there is to answer: a questionnaire's items; for goals, the goals set. */
	items: count,
	submitted_at: timestamp.nullable(),
	on_paper: z.boolean(),
	score: z.number().nullable()
});
export type FamilyMeasure = z.infer<typeof FamilyMeasure>;

/** The end-of-group feedback's window (the after one) and where it stands. */
export const FeedbackState = z.object({
	opens_at: timestamp.nullable(),
	due_at: timestamp.nullable(),
	closes_at: timestamp.nullable(),
	state: measureState,
	submitted_at: timestamp.nullable(),
	on_paper: z.boolean()
});
export type FeedbackState = z.infer<typeof FeedbackState>;

/** private.family_measures: one enrolment's measures and feedback. */
export const FamilyMeasures = z.object({
	enrolment_id: id,
	group_id: id,
	status: enrolmentStatus,
	measures: z.array(FamilyMeasure),
	feedback: FeedbackState
});
export type FamilyMeasures = z.infer<typeof FamilyMeasures>;

/** Something a parent can answer now (parent_home's `due`). */
export const DueMeasure = z.object({
	/** Null for the feedback. */
	instrument_id: z.string().nullable(),
	name: z.string(),
	kind: z.enum(['goals', 'questionnaire', 'feedback']),
	at: z.enum(['before', 'after', 'follow_up', 'feedback']),
	due_at: timestamp.nullable(),
	closes_at: timestamp.nullable(),
	/** Some of it is saved already. */
	started: z.boolean()
});
export type DueMeasure = z.infer<typeof DueMeasure>;

const groupRef = z.object({ id, name: z.string() });

export const MyMeasuresPage = z.object({
	groups: z.array(
		z.object({
			enrolment_id: id,
			group: groupRef,
			measures: z.array(FamilyMeasure),
			feedback: FeedbackState,
			goals: z.array(
				z.object({
					instrument_id: z.string(),
					number: z.number().int().min(1).max(3),
					goal: z.string(),
					/** Each time point's rating: null value is "prefer not to say". */
					ratings: z.array(
						z.object({
							at: timePoint,
							value: z.number().int().nullable(),
							submitted: z.boolean()
						})
					)
				})
			)
		})
	)
});
export type MyMeasuresPage = z.infer<typeof MyMeasuresPage>;

const viewerFields = {
	/** Who is looking: the family's parent, or the group's staff entering a paper form. */
	viewer: z.enum(['parent', 'staff']),
	/** The signed-in person's name (the "Entered from a paper form by …" note). */
	me: z.string(),
	group: groupRef,
	/** The family's name only for staff. */
	family: z.object({ enrolment_id: id, name: z.string().nullable() }),
	opens_at: timestamp.nullable(),
	due_at: timestamp.nullable(),
	closes_at: timestamp.nullable(),
	state: measureState,
	/** In its window and, for a parent, not yet sent. */
	may_answer: z.boolean()
};

export const MeasurePage = z.object({
	...viewerFields,
	instrument: z.object({
		id: z.string(),
		name: z.string(),
		short_name: z.string(),
		description: z.string(),
		kind: instrumentKind,
		options: z.array(z.object({ value: z.number().int(), label: z.string() }))
	}),
	items: z.array(z.object({ number: z.number().int(), wording: z.string() })),
	goals: z.array(z.object({ number: z.number().int(), goal: z.string() })),
	/** Saved answers; a null value is "prefer not to say". */
	answers: z.array(z.object({ number: z.number().int(), value: z.number().int().nullable() })),
	at: timePoint,
	follow_up_weeks: count.nullable(),
	submitted_at: timestamp.nullable(),
	on_paper: z.boolean(),
	entered_by: z.string().nullable()
});
export type MeasurePage = z.infer<typeof MeasurePage>;

export const RECOMMEND = ['yes', 'not_sure', 'no'] as const;

export const FeedbackPage = z.object({
	...viewerFields,
	feedback: z
		.object({
			helpful: z.number().int().min(1).max(5).nullable(),
			recommend: z.enum(RECOMMEND).nullable(),
			helped_most: z.string(),
			could_be_better: z.string(),
			submitted_at: timestamp.nullable(),
			on_paper: z.boolean(),
			entered_by: z.string().nullable()
		})
		.nullable()
});
export type FeedbackPage = z.infer<typeof FeedbackPage>;

export const GroupMeasuresPage = z.object({
	group: groupRef,
	families: z.array(
		z.object({
			enrolment_id: id,
			name: z.string(),
			measures: z.array(FamilyMeasure),
			feedback: FeedbackState
		})
	)
});
export type GroupMeasuresPage = z.infer<typeof GroupMeasuresPage>;
