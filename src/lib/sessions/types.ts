/**
 * View model of a session's page and its register: public.session_page
 * (supabase/migrations/*_running_sessions.sql), as a zod schema with its type inferred from it.
 */
import { z } from 'zod';
import { FidelityCheck, FidelityItem } from '$lib/fidelity/types';
import { Session } from '$lib/groups/types';
import {
	attendanceStatus,
	concernKind,
	concernUrgency,
	id,
	phase,
	timestamp
} from '$lib/view-fields';

export type AttendanceStatus = z.infer<typeof attendanceStatus>;

export const RegisterEntry = z.object({
	enrolment_id: id,
	full_name: z.string(),
	status: attendanceStatus.nullable(),
	reason: z.string().nullable(),
	marked_at: timestamp.nullable()
});
export type RegisterEntry = z.infer<typeof RegisterEntry>;

export const SessionConcern = z.object({
	id,
	kind: concernKind,
	urgency: concernUrgency,
	description: z.string(),
	raised_at: timestamp,
	family: z.string().nullable(),
	raised_by: z.string()
});
export type SessionConcern = z.infer<typeof SessionConcern>;

export const SessionPage = z.object({
	group: z.object({ id, name: z.string(), phase }),
	session: Session,
	/** The curriculum session's title. */
	title: z.string().nullable(),
	/** The parents enrolled at that session, marked or not. */
	register: z.array(RegisterEntry),
	notes: z
		.object({
			covered: z.string(),
			how_it_went: z.string(),
			reflection: z.string(),
			written_by: id.nullable(),
			updated_at: timestamp
		})
		.nullable(),
	concerns: z.array(SessionConcern),
	/** The fidelity checklist: the group's curriculum version's items and the filled one. */
	fidelity: z.object({
		/** The caller is one of the group's facilitators (the lead reads it only). */
		can_fill: z.boolean(),
		items: z.array(FidelityItem),
		check: FidelityCheck.nullable()
	})
});
export type SessionPage = z.infer<typeof SessionPage>;
