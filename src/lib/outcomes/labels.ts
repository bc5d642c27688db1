// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

export const MEASURE_TIMES = ['before', 'after', 'follow_up'] as const;
export type MeasureTime = (typeof MEASURE_TIMES)[number];
