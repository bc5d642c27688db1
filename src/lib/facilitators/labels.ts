import type { Stage } from './types';

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
