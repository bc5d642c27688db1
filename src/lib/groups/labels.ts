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

/**
 * A group's state as staff see it wherever a group is listed: an open group with every place
 * taken says so, since new families can then only join its waitlist.
 */
export function phaseLabel(g: { phase: Phase; filled: number; capacity: number }): string {
	return g.phase === 'open' && g.filled >= g.capacity ? FULL_LABEL : PHASE_LABEL[g.phase];
}
export const FULL_LABEL = 'Full — waitlist open';

export const ATTENDANCE_LABEL: Record<AttendanceStatus, string> = {
	present: 'Present',
	late: 'Late',
	apologies: 'Apologies',
	absent: 'Absent'
};
