/**
 * The public pages' view model (public.next_groups, 35_public_pages.sql) and the answers the
 * "Tell me about the next group" form offers. The page shows every field here and nothing else:
 * the function returns no address, video link, facilitator or family.
 */
import { z } from 'zod';
import { count, timestamp } from '$lib/view-fields';

export const PublicGroup = z.object({
	name: z.string(),
	/** Who the group is for, as the lead wrote it ("Special Guardians"). */
	audience: z.string(),
	programme: z.string(),
	session_count: count,
	session_minutes: count,
	first_starts_at: timestamp,
	first_ends_at: timestamp,
	/** No venue: the group meets by video. */
	online: z.boolean(),
	/** The venue's postcode district (NE1), when it has a venue and a postcode. */
	area: z.string().nullable(),
	places_left: count,
	funded: z.boolean(),
	funder: z.string().nullable(),
	fee_pence: count.nullable()
});
export type PublicGroup = z.infer<typeof PublicGroup>;

export const NextGroups = z.object({
	clinic: z.object({
		name: z.string(),
		phone: z.string().nullable(),
		email: z.string().nullable()
	}),
	groups: z.array(PublicGroup)
});
export type NextGroups = z.infer<typeof NextGroups>;

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
export const caringRole = z.enum(CARING_ROLE_VALUES);

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
