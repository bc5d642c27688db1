// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

export const COURSE_STATUSES = [
	'draft',
	'open',
	'full',
	'closed',
	'cancelled',
	'completed'
] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
