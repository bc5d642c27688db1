import type { Session } from './types';

export type AttendanceStatus = 'present' | 'late' | 'apologies' | 'absent';

export const ATTENDANCE_LABEL: Record<AttendanceStatus, string> = {
	present: 'Present',
	late: 'Late',
	apologies: 'Apologies',
	absent: 'Absent'
};

export interface RegisterEntry {
	enrolment_id: string;
	full_name: string;
	status: AttendanceStatus | null;
	reason: string | null;
	marked_at: string | null;
}

export interface Concern {
	id: string;
	kind: 'safeguarding' | 'wellbeing';
	urgency: 'low' | 'medium' | 'high';
	description: string;
	raised_at: string;
	family: string | null;
	raised_by: string;
}

/** The view model of public.session_page. */
export interface SessionPage {
	group: { id: string; name: string; phase: string };
	session: Session & { released_at: string | null };
	title: string | null;
	register: RegisterEntry[];
	notes: { covered: string; how_it_went: string; reflection: string; updated_at: string } | null;
	concerns: Concern[];
}
