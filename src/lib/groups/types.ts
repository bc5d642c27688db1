/**
 * View models of the groups pages: public.groups_page, group_page and new_group_form
 * (supabase/migrations/*_groups.sql), as zod schemas with their types inferred from them.
 */
import { OutcomeSummary } from '$lib/outcomes/results-types';
import { z } from 'zod';
import { Paging } from '$lib/paging/schema';
import { stage } from '$lib/facilitators/types';
import { GroupReminders } from '$lib/messages/types';
import { GroupChange } from './edit-types';
import {
	clockTime,
	count,
	date,
	enrolmentStatus,
	fundingKind,
	groupStatus,
	id,
	phase,
	region,
	sessionStatus,
	timestamp
} from '$lib/view-fields';

export { PHASES, type Phase } from '$lib/view-fields';
export type Funding = z.infer<typeof fundingKind>;
export type EnrolmentStatus = z.infer<typeof enrolmentStatus>;

/** A programme row: its shape and its places, which cap a group's capacity. */
export const Programme = z.object({
	id: z.string(),
	name: z.string(),
	kind: z.enum(['group', 'course']),
	audience: z.string(),
	session_count: count,
	session_minutes: count,
	cadence: z.enum(['weekly', 'daily']),
	places: count,
	completion_threshold: count
});
export type Programme = z.infer<typeof Programme>;

/** What every view of a session has: which one it is, when, and whether it is on. */
export const SessionCore = z.object({
	id,
	number: count,
	starts_at: timestamp,
	ends_at: timestamp,
	status: sessionStatus
});

/** A session as private.session_json shapes it. */
export const Session = SessionCore.extend({
	cancelled_reason: z.string().nullable(),
	released_at: timestamp.nullable()
});
export type Session = z.infer<typeof Session>;

const Person = z.object({ id, full_name: z.string() });

export const GroupSummary = z.object({
	id,
	name: z.string(),
	programme: z.string(),
	funding: fundingKind,
	funder: z.string().nullable(),
	phase,
	capacity: count,
	filled: count,
	waitlist: count,
	first_session: timestamp.nullable(),
	next_session: Session.nullable(),
	facilitators: z.array(z.string())
});
export type GroupSummary = z.infer<typeof GroupSummary>;

export const GroupsPage = z.object({
	is_lead: z.boolean(),
	programmes: z.array(z.object({ id: z.string(), name: z.string() })),
	facilitators: z.array(Person),
	/** Groups the signed-in person is the named consultant for: a link to their consultations. */
	consulting: z.array(z.object({ id, name: z.string() })),
	/** One page of the groups that match (25 a page). */
	groups: z.array(GroupSummary),
	paging: Paging
});
export type GroupsPage = z.infer<typeof GroupsPage>;

/** private.account_state: has an invited person set up their account (chosen a password)? */
export const AccountState = z.object({
	set_up: z.boolean(),
	invitation_id: id.nullable(),
	invited_at: timestamp.nullable()
});
export type AccountState = z.infer<typeof AccountState>;

export const Enrolment = z.object({
	id,
	status: enrolmentStatus,
	full_name: z.string(),
	email: z.string(),
	enrolled_at: timestamp.nullable(),
	waitlisted_at: timestamp.nullable(),
	offered_at: timestamp.nullable(),
	offer_expires_at: timestamp.nullable(),
	withdrawn_on: date.nullable(),
	withdrawal_reason: z.string().nullable(),
	/** Whether the family has set up their account, and their invitation (to resend it). */
	account: AccountState.nullable()
});
export type Enrolment = z.infer<typeof Enrolment>;

export const GroupPage = z.object({
	/** The groups row, its phase and its programme. */
	group: z.object({
		id,
		programme_id: z.string(),
		curriculum_id: id.nullable(),
		name: z.string(),
		audience: z.string(),
		start_time: clockTime,
		venue: z.string().nullable(),
		video_link: z.string().nullable(),
		capacity: count,
		funding: fundingKind,
		funder: z.string().nullable(),
		fee_pence: count.nullable(),
		status: groupStatus,
		cancelled_reason: z.string().nullable(),
		cancelled_at: timestamp.nullable(),
		created_by: id.nullable(),
		created_at: timestamp,
		/** The group's own reminder times; null uses the clinic's (see `reminders`). */
		morning_reminder_at: clockTime.nullable(),
		reminder_days_before: z.array(count).nullable(),
		venue_postcode: z.string().nullable(),
		phase,
		programme: Programme
	}),
	is_lead: z.boolean(),
	/** The organisation's region: whose bank holidays the schedule flags. */
	region,
	facilitators: z.array(Person),
	sessions: z.array(Session),
	enrolments: z.array(Enrolment),
	/** Enrolment ids of parents absent from two sessions in a row. */
	absent_twice: z.array(id),
	open_concerns: count,
	/** Consultations recorded on the group (their own page). */
	consultations: count,
	/** When the group's families are sent reminders. */
	reminders: GroupReminders,
	/** The ten families who have waited longest on the interest list, to invite (the group's staff). */
	interest: z.array(
		z.object({
			id,
			full_name: z.string(),
			/** Null for a family who gave only a phone number: they are phoned, not invited. */
			email: z.string().nullable(),
			phone: z.string().nullable(),
			area: z.string().nullable(),
			note: z.string().nullable(),
			created_at: timestamp
		})
	),
	/** How many families wait on the interest list in all (`interest` is the ten longest). */
	interest_waiting: count,
	/** What has been changed since it was set up, newest first. */
	changes: z.array(GroupChange),
	/** The group's outcome figures per instrument (its page: /groups/<id>/outcomes). */
	outcomes: OutcomeSummary
});
export type GroupPage = z.infer<typeof GroupPage>;

export const NewGroupForm = z.object({
	programmes: z.array(Programme),
	/** The organisation's region: whose bank holidays the first date is checked against. */
	region,
	/** Those who may be put on a group, with their stage on the pathway (94_facilitator_pathway.sql). */
	facilitators: z.array(Person.extend({ stage }))
});
export type NewGroupForm = z.infer<typeof NewGroupForm>;
