/**
 * The header a background job's client sends (the message worker's), so the demo's call counts
 * keep what a page costs apart from what the worker does on its own timer meanwhile.
 */
export const JOB_HEADER = 'x-reflective-groups-job';
