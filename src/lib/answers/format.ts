/**
 * Words for outcome measures, shared by the parents' pages, the staff's paper entry and the
 * reminder email: when a measure is taken, and what it is called to a family.
 */

export type MeasureAt = 'before' | 'after' | 'follow_up';
export const MEASURE_ATS = ['before', 'after', 'follow_up'] as const;

/** "Before the group", "After the group", "Follow-up". */
export function atLabel(at: string, followUpWeeks?: number | null): string {
	if (at === 'before') return 'Before the group';
	if (at === 'after') return 'After the group';
	if (at === 'feedback') return 'End of the group';
	return followUpWeeks ? `Follow-up, ${followUpWeeks} weeks after the group` : 'Follow-up';
}

/** What a family is asked for: "your goals" for GBO (before), "how close you are to your goals" later. */
export function measureTitle(m: { kind: string; name: string; at: string }): string {
	if (m.kind === 'feedback') return 'Your feedback on the group';
	if (m.kind === 'goals')
		return m.at === 'before' ? 'Your goals' : 'How close you are to your goals';
	return m.name;
}

/** Where a parent answers one measure. */
export function measurePath(enrolment: string, instrument: string | null, at: string): string {
	return instrument
		? `/my/measures/${enrolment}/${instrument}/${at}`
		: `/my/measures/${enrolment}/feedback`;
}

/** Plain words for a measure's state. */
export function stateLabel(state: string): string {
	switch (state) {
		case 'done':
			return 'Sent';
		case 'open':
			return 'Open now';
		case 'closed':
			return 'Closed';
		default:
			return 'Not open yet';
	}
}
