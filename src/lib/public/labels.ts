// Plain values the pages show, without zod, so a browser bundle that needs a label does not
// carry the view models' schemas (./types.ts builds those from these values).

/** How a family cares for the child: the values interest_list.caring_role allows, in form order. */
export const CARING_ROLES = {
	special_guardian: 'Special guardian',
	kinship_carer: 'Kinship carer (family or friend, without a special guardianship order)',
	foster_carer: 'Foster carer',
	adoptive_parent: 'Adoptive parent',
	other: 'Something else'
} as const;
export type CaringRole = keyof typeof CARING_ROLES;
export const CARING_ROLE_VALUES = Object.keys(CARING_ROLES) as [CaringRole, ...CaringRole[]];

/**
 * The sign-up form's trap for programs: a field people never see or reach (hidden on screen and
 * from assistive technology). Filled in, the form says thank you and stores nothing.
 */
export const HONEYPOT = 'website';

/** Short labels for staff lists. */
export const CARING_ROLE_SHORT: Record<CaringRole, string> = {
	special_guardian: 'Special guardian',
	kinship_carer: 'Kinship carer',
	foster_carer: 'Foster carer',
	adoptive_parent: 'Adoptive parent',
	other: 'Other'
};
