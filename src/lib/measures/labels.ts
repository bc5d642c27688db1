// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

export const TIME_POINTS = ['before', 'after', 'follow_up'] as const;
export type TimePoint = (typeof TIME_POINTS)[number];

/** The words for a time point, as the pages say them. */
export const TIME_POINT_LABEL: Record<TimePoint, string> = {
	before: 'Before (by session 1)',
	after: 'After (at the last session)',
	follow_up: 'Follow-up'
};
