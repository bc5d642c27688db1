// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

export const STAGES = [
	'untrained',
	'trained',
	'co_facilitating',
	'accredited',
	'lapsed',
	'paused'
] as const;
export type Stage = (typeof STAGES)[number];

/** A stage on the facilitator pathway in plain words. */
export const STAGE_LABEL: Record<Stage, string> = {
	untrained: 'No training recorded',
	trained: 'Trained',
	co_facilitating: 'Co-facilitating',
	accredited: 'Accredited',
	lapsed: 'Accreditation lapsed',
	paused: 'Paused'
};

/** What each stage lets a person do, for the register's key. */
export const STAGE_MEANS: Record<Stage, string> = {
	untrained: 'cannot lead a group',
	trained: 'can be the second facilitator of a group',
	co_facilitating: 'leads a group alongside an accredited facilitator',
	accredited: 'can lead any group',
	lapsed: 'keeps a group already running; cannot join a new one until renewed',
	paused: 'cannot join a group until resumed'
};
