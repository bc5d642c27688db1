/**
 * View models of the facilitator pathway's pages (94_facilitator_pathway.sql): the register of
 * facilitators and one facilitator's record with their progress against the criteria.
 */
import { z } from 'zod';
import { count, date, id, timestamp } from '$lib/view-fields';
import { STAGES } from './labels';

export const stage = z.enum(STAGES);

export const Criteria = z.object({
	groups_required: count,
	checklist_percent: count,
	consultations_per_group: count,
	measures_required: z.boolean(),
	renewal_months: count,
	updated_at: timestamp
});
export type Criteria = z.infer<typeof Criteria>;

const LeadRow = z.object({
	id,
	full_name: z.string(),
	email: z.string(),
	stage,
	since: date.nullable(),
	renew_by: date.nullable(),
	/** Of the criteria asked (groups, checklists, consultations, and measures when asked). */
	criteria_met: count,
	groups_running: count
});
const NameRow = z.object({ id, full_name: z.string(), stage });

const Alert = z.discriminatedUnion('kind', [
	z.object({
		kind: z.literal('lapsed_running'),
		person_id: id,
		full_name: z.string(),
		on: date,
		groups: z.array(z.string())
	}),
	z.object({
		kind: z.literal('renewal_due'),
		person_id: id,
		full_name: z.string(),
		on: date,
		days: count
	})
]);

export const FacilitatorRegister = z.object({
	is_lead: z.boolean(),
	me: id,
	today: date,
	/** What the list was searched for ('' for nothing) and the stage kept (null for any). */
	search: z.string(),
	stage: stage.nullable(),
	page: count,
	pages: count,
	page_size: count,
	total: count,
	criteria: Criteria,
	people: z.array(z.union([LeadRow, NameRow])),
	alerts: z.array(Alert)
});
export type FacilitatorRegister = z.infer<typeof FacilitatorRegister>;
export type LeadRow = z.infer<typeof LeadRow>;

const ProgressGroup = z.object({
	id,
	name: z.string(),
	partner: z.string().nullable(),
	first_session: timestamp.nullable(),
	finished: z.boolean(),
	sessions_started: count,
	checklists: count,
	consultations: count,
	consultations_met: z.boolean(),
	/** The families who started the group, and of them those with before and after measures. */
	families_started: count,
	families_paired: count
});

const Criterion = z.discriminatedUnion('key', [
	z.object({
		key: z.literal('groups'),
		target: count,
		done: count,
		running: count,
		met: z.boolean()
	}),
	z.object({
		key: z.literal('checklists'),
		target: count,
		sessions: count,
		checked: count,
		percent: count.nullable(),
		met: z.boolean()
	}),
	z.object({
		key: z.literal('consultations'),
		target: count,
		groups_met: count,
		groups: count,
		met: z.boolean()
	}),
	z.object({
		key: z.literal('measures'),
		required: z.boolean(),
		/** Always true now that the app records outcome measures (62_outcome_measures.sql). */
		available: z.boolean(),
		/** Finished groups, and of them those where half the families or more answered before and after. */
		groups: count,
		groups_met: count,
		met: z.boolean()
	})
]);
export type Criterion = z.infer<typeof Criterion>;

export const Progress = z.object({
	groups: z.array(ProgressGroup),
	criteria: z.array(Criterion),
	all_met: z.boolean()
});
export type Progress = z.infer<typeof Progress>;

const event = z.enum(['trained', 'accredited', 'renewed', 'paused', 'resumed']);

export const FacilitatorRecordPage = z.object({
	is_lead: z.boolean(),
	today: date,
	person: z.object({ id, full_name: z.string(), email: z.string() }),
	stage,
	since: date.nullable(),
	record: z
		.object({
			trained_on: date,
			trained_how: z.enum(['course', 'elsewhere']),
			certificate: z
				.object({ code: z.string(), course_title: z.string(), last_day: date })
				.nullable(),
			training_evidence: z.string(),
			accredited_on: date.nullable(),
			accredited_how: z.enum(['criteria', 'elsewhere']).nullable(),
			accreditation_evidence: z.string().nullable(),
			renew_by: date.nullable(),
			paused_on: date.nullable(),
			pause_reason: z.string().nullable()
		})
		.nullable(),
	events: z.array(
		z.object({
			event,
			on_date: date,
			note: z.string(),
			recorded_by: z.string().nullable()
		})
	),
	progress: Progress,
	criteria: Criteria,
	certificates: z.array(
		z.object({
			code: z.string(),
			course_title: z.string(),
			attendee_name: z.string(),
			last_day: date
		})
	)
});
export type FacilitatorRecordPage = z.infer<typeof FacilitatorRecordPage>;
