// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

export const COURSE_MARKS = ['present', 'late', 'left_early', 'absent'] as const;
export type CourseMark = (typeof COURSE_MARKS)[number];

/** What the register's buttons say. */
export const COURSE_MARK_LABEL: Record<CourseMark, string> = {
	present: 'Present',
	late: 'Late',
	left_early: 'Left early',
	absent: 'Absent'
};
