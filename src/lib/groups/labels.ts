/**
 * How pages name the phases and attendance marks. Apart from the view-model schemas, so that a
 * page's script imports these words and not zod.
 */
import type { Phase } from '$lib/view-fields';
import type { AttendanceStatus } from '$lib/sessions/types';

export const PHASE_LABEL: Record<Phase, string> = {
	draft: 'Draft',
	open: 'Open for enrolment',
	running: 'Running (closed)',
	completed: 'Completed',
	cancelled: 'Cancelled'
};

export const ATTENDANCE_LABEL: Record<AttendanceStatus, string> = {
	present: 'Present',
	late: 'Late',
	apologies: 'Apologies',
	absent: 'Absent'
};
