/**
 * View models of the clinical lead's review pages: public.review_dashboard, group_review,
 * open_concerns, funder_report and interest_page (the figures are defined with
 * private.review_group_facts), as zod schemas with their types inferred from them.
 */
import { Paging } from '$lib/paging/schema';
import { z } from 'zod';
import { FidelityCheck } from '$lib/fidelity/types';
import { DashboardOutcomes, OutcomeSummary, ReportOutcomes } from '$lib/outcomes/results-types';
import { caringRole } from '$lib/public/types';
import {
	attendanceStatus,
	concernKind,
	concernUrgency,
	count,
	date,
	fundingKind,
	id,
	phase,
	rate,
	timestamp
} from '$lib/view-fields';

const byPhase = z.object({
	draft: count,
	open: count,
	running: count,
	completed: count,
	cancelled: count
});

export const Dashboard = z.object({
	/** The filters the figures were made with, as the function read them. */
	filters: z.object({
		from_date: date.nullable(),
		to_date: date.nullable(),
		programme_id: z.string().nullable(),
		funding: z.string().nullable(),
		facilitator_id: id.nullable()
	}),
	by_status: byPhase,
	totals: z.object({
		groups: count,
		places_offered: count,
		places_filled: count,
		families_started: count,
		families_completed: count,
		families_committed: count,
		families_on_track: count,
		attendance_rate: rate,
		waitlist: count,
		interest_list: count
	}),
	/**
	 * By the London quarter of each group's first session: placed = families holding a place
	 * (before the start, taken now; from the start, had one when it began), started = had a place
	 * when the first session began (none until it has).
	 */
	quarters: z.array(
		z.object({
			quarter: z.string(),
			funded_groups: count,
			funded_placed: count,
			funded_started: count,
			self_funded_groups: count,
			self_funded_placed: count,
			self_funded_started: count
		})
	),
	/** Open (unreviewed) concerns in the groups the figures cover. */
	concerns: z.object({ high: count, medium: count, low: count }),
	facilitators: z.array(z.object({ id, full_name: z.string(), groups: count })),
	programmes: z.array(z.object({ id: z.string(), name: z.string() })),
	/** Outcome measures by programme and quarter (98_outcome_results.sql), real numbers. */
	outcomes: DashboardOutcomes,
	/** The page of `groups` shown (1-based, clamped to the last), of `pages` of `page_size`. */
	page: count,
	pages: count,
	page_size: count,
	/** One page of the groups the figures cover, newest first; totals.groups counts them all. */
	groups: z.array(
		z.object({
			id,
			name: z.string(),
			phase,
			programme: z.string(),
			funding: fundingKind,
			funder: z.string().nullable(),
			quarter: z.string().nullable(),
			first_start: timestamp.nullable(),
			capacity: count,
			filled: count,
			started: count,
			completed: count,
			committed: count,
			on_track: count,
			waitlist: count,
			attendance_rate: rate,
			sessions_held: count,
			sessions_planned: count
		})
	)
});
export type Dashboard = z.infer<typeof Dashboard>;

export const GroupReview = z.object({
	group: z.object({
		id,
		name: z.string(),
		phase,
		programme: z.string(),
		funding: fundingKind,
		funder: z.string().nullable(),
		fee_pence: count.nullable(),
		capacity: count,
		/** Sessions a family must attend to complete. */
		threshold: count,
		filled: count,
		started: count,
		completed: count,
		committed: count,
		on_track: count,
		attendance_rate: rate,
		facilitators: z.array(z.string())
	}),
	sessions: z.array(
		z.object({
			id,
			number: count,
			starts_at: timestamp,
			status: z.enum(['scheduled', 'held']),
			held: z.boolean(),
			released: z.boolean(),
			notes_written: z.boolean(),
			notes: z
				.object({
					covered: z.string(),
					how_it_went: z.string(),
					reflection: z.string(),
					updated_at: timestamp,
					written_by: z.string().nullable()
				})
				.nullable(),
			/** The session's fidelity checklist, null until a facilitator fills it. */
			fidelity: FidelityCheck.nullable()
		})
	),
	parents: z.array(
		z.object({
			enrolment_id: id,
			full_name: z.string(),
			status: z.enum(['enrolled', 'withdrawn']),
			withdrawn_on: date.nullable(),
			withdrawal_reason: z.string().nullable(),
			/** Session id → the mark. */
			marks: z.record(id, attendanceStatus),
			attended: count,
			apologies: count
		})
	),
	concerns: z.array(
		z.object({
			id,
			kind: concernKind,
			urgency: concernUrgency,
			description: z.string(),
			raised_at: timestamp,
			raised_by: z.string(),
			family: z.string().nullable(),
			session_number: count.nullable(),
			reviewed_at: timestamp.nullable(),
			review_note: z.string().nullable(),
			reviewed_by: z.string().nullable()
		})
	),
	/** Consultations recorded on the group (their page: /groups/<id>/consultations). */
	consultations: count,
	/** The group's outcome figures per instrument (its page: /groups/<id>/outcomes). */
	outcomes: OutcomeSummary
});
export type GroupReview = z.infer<typeof GroupReview>;

/** The lead's open concerns: one page (50) of those matching the urgency and search. */
export const OpenConcerns = z.object({
	paging: Paging,
	concerns: z.array(
		z.object({
			id,
			group_id: id,
			group_name: z.string(),
			kind: concernKind,
			urgency: concernUrgency,
			description: z.string(),
			raised_at: timestamp,
			family: z.string().nullable(),
			raised_by: z.string(),
			session_number: count.nullable()
		})
	)
});
export type OpenConcerns = z.infer<typeof OpenConcerns>;

export const ReportSection = z.object({
	/** Groups delivered: their first session has begun. The rows are this page's of them. */
	groups: count,
	families_started: count,
	families_completed: count,
	attendance_rate: rate,
	sessions_held: count,
	fees_pence: count,
	rows: z.array(
		z.object({
			id,
			name: z.string(),
			funder: z.string().nullable(),
			fee_pence: count.nullable(),
			first_start: timestamp,
			phase,
			families_started: count,
			families_completed: count,
			attendance_rate: rate,
			sessions_held: count
		})
	),
	/** Groups in the period whose first session is still to come, with the places taken now. */
	planned: z.array(
		z.object({
			id,
			name: z.string(),
			funder: z.string().nullable(),
			fee_pence: count.nullable(),
			first_start: timestamp,
			phase,
			places_taken: count,
			capacity: count
		})
	)
});
export type ReportSection = z.infer<typeof ReportSection>;

export const FunderReport = z.object({
	from_date: date,
	to_date: date,
	funder: z.string().nullable(),
	/** Every funder named on a group, for the form's list. */
	funders: z.array(z.string()),
	funded: ReportSection,
	self_funded: ReportSection,
	/** Outcomes of the groups delivered, every cell suppressed below 5 families, and quotes. */
	outcomes: z.object({ funded: ReportOutcomes, self_funded: ReportOutcomes }),
	/**
	 * The per-group rows (each section's rows and the outcome and feedback rows) are one page of
	 * the groups delivered, funded first; every total is over the whole period. The CSV asks for
	 * every row (one page as long as the list).
	 */
	paging: Paging
});
export type FunderReport = z.infer<typeof FunderReport>;

/** The interest list: one page (50) of the waiting, invited or removed entries that match. */
export const InterestPage = z.object({
	state: z.enum(['waiting', 'invited', 'removed']),
	/** How many entries match the search in each state (the tabs' counts). */
	counts: z.object({ waiting: count, invited: count, removed: count }),
	paging: Paging,
	entries: z.array(
		z.object({
			id,
			full_name: z.string(),
			/** Email, phone or both: the public form needs one of them. */
			email: z.string().nullable(),
			phone: z.string().nullable(),
			caring_role: caringRole.nullable(),
			area: z.string().nullable(),
			/** public: the next-groups form; staff: added by the lead or a facilitator. */
			source: z.enum(['public', 'staff']),
			/** When they agreed on the public form to be contacted. */
			consent_at: timestamp.nullable(),
			note: z.string().nullable(),
			created_at: timestamp,
			invited_at: timestamp.nullable(),
			/** Taken off the list (shown under Removed, with Restore). */
			removed_at: timestamp.nullable(),
			/** The name of the group they were invited to. */
			invited_to: z.string().nullable()
		})
	)
});
export type InterestPage = z.infer<typeof InterestPage>;

export interface BarSeries {
	label: string;
	values: number[];
	/** A colour with at least 3:1 contrast against white, as WCAG asks of chart marks. */
	colour: string;
}
