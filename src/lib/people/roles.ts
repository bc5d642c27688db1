import type { AppRole } from '$lib/database';

/** Each role as the People page names it. */
export const ROLE_LABEL: Record<AppRole, string> = {
	clinical_lead: 'Clinical lead',
	facilitator: 'Facilitator',
	training_admin: 'Training admin',
	parent: 'Parent',
	booker: 'Booker',
	trainee: 'Trainee'
};
