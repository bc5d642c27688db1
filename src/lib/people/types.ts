/**
 * View models about people and invitations: public.my_profile and review_home
 * (supabase/migrations/*_identity.sql), as zod schemas with their types inferred from them.
 */
import { z } from 'zod';
import { Paging } from '$lib/paging/schema';
import { appRole, id, timestamp } from '$lib/view-fields';

/** The signed-in person's profiles row. */
export const MyProfile = z.object({
	id,
	email: z.string(),
	full_name: z.string(),
	role: appRole,
	created_at: timestamp
});
export type MyProfile = z.infer<typeof MyProfile>;

export const Invitation = z.object({
	id,
	email: z.string(),
	full_name: z.string(),
	role: appRole,
	created_at: timestamp,
	accepted_at: timestamp.nullable(),
	/** When the latest link was sent (null for invitations from before links were the app's). */
	sent_at: timestamp.nullable(),
	/** Whether they have chosen a password. */
	set_up: z.boolean()
});
export type Invitation = z.infer<typeof Invitation>;

/**
 * The lead's People page: one page (50) of the accounts matching the role and search, how many
 * accounts of each role there are, and the 20 newest invitations matching the search.
 */
export const ReviewHome = z.object({
	counts: z.partialRecord(appRole, z.number().int().min(0)),
	paging: Paging,
	people: z.array(z.object({ id, full_name: z.string(), email: z.string(), role: appRole })),
	/** How many invitations match the search (only the newest 20 are listed). */
	invitations_total: z.number().int().min(0),
	invitations: z.array(Invitation)
});
export type ReviewHome = z.infer<typeof ReviewHome>;

/** The invitations the signed-in member of staff sent. */
