/**
 * The public pages' view model (public.next_groups, 35_public_pages.sql) and the answers the
 * "Tell me about the next group" form offers. The page shows every field here and nothing else:
 * the function returns no address, video link, facilitator or family.
 */
import { z } from 'zod';
import { count, timestamp } from '$lib/view-fields';
import { CARING_ROLE_VALUES } from './labels';

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

export const caringRole = z.enum(CARING_ROLE_VALUES);
