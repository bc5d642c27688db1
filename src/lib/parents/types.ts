/**
 * View models of the parents' pages (/my): public.parent_home, my_session, offer_page and
 * my_calendar (supabase/migrations/*_parents_space.sql and later), as zod schemas with their
 * types inferred from them.
 */
import { z } from 'zod';
import { DueMeasure } from '$lib/answers/types';
import { Session, SessionCore } from '$lib/groups/types';
import { MyProfile } from '$lib/people/types';
import { attendanceStatus, count, enrolmentStatus, id, phase, timestamp } from '$lib/view-fields';

const MyAttendance = z
	.object({ status: attendanceStatus, reason: z.string().nullable() })
	.nullable();

/** A session as a parent in the group sees it (private.parent_session, without the materials). */
export const ParentSession = SessionCore.extend({
	/** Bumped whenever the session moves or is cancelled: the calendar's SEQUENCE. */
	revision: count,
	released: z.boolean(),
	title: z.string().nullable(),
	my_attendance: MyAttendance
});
export type ParentSession = z.infer<typeof ParentSession>;

const membershipBase = {
	enrolment_id: id,
	offer_expires_at: timestamp.nullable(),
	waitlist_position: count.nullable(),
	group: z.object({
		id,
		name: z.string(),
		venue: z.string().nullable(),
		venue_postcode: z.string().nullable(),
		/** Only for those with a place. */
		video_link: z.string().nullable(),
		phase,
		programme: z.string()
	}),
	/** First names. */
	facilitators: z.array(z.string()),
	/** Outcome measures and feedback open now and not yet sent (only with a place). */
	due: z.array(DueMeasure)
};

/** A place, an offer or a waitlist spot: only a place shows the sessions as the parent's own. */
export const Membership = z.discriminatedUnion('status', [
	z.object({ ...membershipBase, status: z.literal('enrolled'), sessions: z.array(ParentSession) }),
	z.object({
		...membershipBase,
		status: z.enum(['offered', 'waitlisted']),
		sessions: z.array(Session)
	})
]);
export type Membership = z.infer<typeof Membership>;
export type EnrolledMembership = Extract<Membership, { status: 'enrolled' }>;

/** How a parent reaches the clinic: the Contact us panel (private.clinic_contact). */
export const ClinicContact = z.object({
	name: z.string(),
	phone: z.string().nullable(),
	email: z.string().nullable(),
	/** The facilitators' shared contact, when the lead has set one. */
	staff_contact: z.string().nullable()
});
export type ClinicContact = z.infer<typeof ClinicContact>;

export const ParentHome = z.object({
	me: MyProfile,
	clinic: ClinicContact,
	memberships: z.array(Membership)
});
export type ParentHome = z.infer<typeof ParentHome>;

export const MySession = ParentSession.extend({
	/** The materials, once released (null before, and for a cancelled session). */
	content: z
		.object({
			aims: z.array(z.string()),
			slides: z.array(z.string()),
			prompts: z.array(z.string()),
			home_practice: z.string()
		})
		.nullable(),
	group: z.object({
		id,
		name: z.string(),
		venue: z.string().nullable(),
		venue_postcode: z.string().nullable(),
		video_link: z.string().nullable()
	}),
	facilitators: z.array(z.string())
});
export type MySession = z.infer<typeof MySession>;

export const OfferPage = z.object({
	id,
	status: enrolmentStatus,
	offer_expires_at: timestamp.nullable(),
	group: z.object({
		name: z.string(),
		venue: z.string().nullable(),
		venue_postcode: z.string().nullable(),
		phase
	}),
	facilitators: z.array(z.string()),
	sessions: z.array(Session)
});
export type OfferPage = z.infer<typeof OfferPage>;

/** A session as the calendar file needs it. */
export const CalendarSession = SessionCore.extend({
	revision: count,
	/** The curriculum session's title, e.g. "Attention and curiosity". */
	title: z.string().nullable(),
	group_name: z.string(),
	venue: z.string().nullable(),
	video_link: z.string().nullable(),
	session_count: count
});
export type CalendarSession = z.infer<typeof CalendarSession>;

export const MyCalendar = z.array(CalendarSession);
