/** View models returned by the groups functions in supabase/migrations/*_groups.sql. */
export type Phase = 'draft' | 'open' | 'running' | 'completed' | 'cancelled';
export type Funding = 'funded' | 'self_funded';
export type EnrolmentStatus =
	'enrolled' | 'waitlisted' | 'offered' | 'withdrawn' | 'declined' | 'lapsed';

export interface Programme {
	id: string;
	name: string;
	kind: 'group' | 'course';
	audience: string;
	session_count: number;
	session_minutes: number;
	cadence: 'weekly' | 'daily';
	places: number;
	completion_threshold: number;
}

export interface Session {
	id: string;
	number: number;
	starts_at: string;
	ends_at: string;
	status: 'scheduled' | 'held' | 'cancelled';
	cancelled_reason: string | null;
	released_at?: string | null;
}

export interface GroupSummary {
	id: string;
	name: string;
	programme: string;
	funding: Funding;
	funder: string | null;
	phase: Phase;
	capacity: number;
	filled: number;
	waitlist: number;
	first_session: string | null;
	next_session: Session | null;
	facilitators: string[];
}

export interface GroupsPage {
	is_lead: boolean;
	programmes: { id: string; name: string }[];
	facilitators: { id: string; full_name: string }[];
	groups: GroupSummary[];
}

export interface Enrolment {
	id: string;
	status: EnrolmentStatus;
	full_name: string;
	email: string;
	enrolled_at: string | null;
	waitlisted_at: string | null;
	offered_at: string | null;
	offer_expires_at: string | null;
	withdrawn_on: string | null;
	withdrawal_reason: string | null;
}

export interface GroupPage {
	group: {
		id: string;
		name: string;
		audience: string;
		start_time: string;
		venue: string | null;
		video_link: string | null;
		capacity: number;
		funding: Funding;
		funder: string | null;
		fee_pence: number | null;
		status: 'draft' | 'open' | 'cancelled';
		cancelled_reason: string | null;
		phase: Phase;
		programme: Programme;
	};
	is_lead: boolean;
	facilitators: { id: string; full_name: string }[];
	sessions: Session[];
	enrolments: Enrolment[];
	/** Enrolment ids of parents absent from two sessions in a row. */
	absent_twice: string[];
	open_concerns: number;
	interest: {
		id: string;
		full_name: string;
		email: string;
		note: string | null;
		created_at: string;
	}[];
}

export const PHASE_LABEL: Record<Phase, string> = {
	draft: 'Draft',
	open: 'Open for enrolment',
	running: 'Running (closed)',
	completed: 'Completed',
	cancelled: 'Cancelled'
};
