/**
 * Every write function (a `volatile` public function the app calls for an action) and the schema
 * of the part of its result the app reads (`z.unknown()` where it reads none, so nothing can use
 * it unchecked). tests/db/view-contract.test.ts checks that this list is exactly the write
 * functions a signed-in person may call.
 */
import { z } from 'zod';
import type { FunctionName } from '$lib/database';
import { ProgressReport } from '$lib/online/types';
import { count, enrolmentStatus, id } from '$lib/view-fields';

const created = z.object({ id });
/** An interest-list entry removed or restored: who, for the page to say. */
const InterestEntry = z.object({ id, full_name: z.string() });

const schemas = {
	add_interest: z.unknown(),
	apply_bank_lines: z.object({ applied: count }),
	cancel_booking_places: z.unknown(),
	cancel_group: z.unknown(),
	cancel_session: z.unknown(),
	create_group: created,
	declare_module_watched: z.object({ complete: z.boolean() }),
	draft_curriculum: created,
	edit_group: z.object({
		id,
		/** The fields that changed (empty when nothing did). */
		changed: z.array(z.string()),
		/** Waitlisted families offered one of the new places. */
		offered: count,
		emailed: count
	}),
	enrol_parent: z.object({
		id,
		status: enrolmentStatus,
		full_name: z.string(),
		/** On the waitlist, their place in it; null with a place. */
		position: count.nullable()
	}),
	invite_person: z.unknown(),
	issue_course_certificates: z.object({ issued: count }),
	mark_attendance: z.unknown(),
	mark_feedback_quote: z.unknown(),
	mark_course_attendance: z.unknown(),
	mark_course_day_all_present: z.object({ marked: count }),
	mark_interest_invited: z.unknown(),
	mark_rest_present: z.object({ marked: count }),
	mark_session_held: z.unknown(),
	release_course_certificate: z.unknown(),
	reissue_course_certificate: z.object({ code: z.string() }),
	withhold_course_certificate: z.unknown(),
	name_attendee: z.object({ id, email: z.string() }),
	move_session: z.unknown(),
	open_group: z.unknown(),
	publish_curriculum: z.unknown(),
	raise_concern: z.unknown(),
	record_booking_payment: z.object({ id, state: z.string() }),
	record_booking_refund: z.object({ id, state: z.string() }),
	release_materials: z.unknown(),
	report_online_progress: ProgressReport,
	request_early_access: z.unknown(),
	remove_interest: InterestEntry,
	resend_invitation: z.object({ id, email: z.string(), full_name: z.string() }),
	respond_to_offer: z.unknown(),
	restore_interest: InterestEntry,
	retry_message: z.unknown(),
	save_course: z.object({ id, slug: z.string() }),
	review_concern: z.unknown(),
	save_attendance_reason: z.object({ reason: z.string().nullable() }),
	save_curriculum_session: z.unknown(),
	save_invoice_settings: z.unknown(),
	save_message_preferences: z.unknown(),
	save_organisation_settings: z.unknown(),
	save_fidelity_check: z.unknown(),
	save_fidelity_items: z.unknown(),
	save_session_notes: z.unknown(),
	send_apologies: z.unknown(),
	send_test_message: z.unknown(),
	set_booking_po: z.unknown(),
	set_group_reminders: z.unknown(),
	substitute_attendee: z.unknown(),
	swap_facilitator: z.object({ id, emailed: count }),
	transfer_booking_places: z.object({ new_booking: z.object({ id, reference: z.string() }) }),
	withdraw_apologies: z.unknown(),
	withdraw_enrolment: z.unknown(),
	// Issue 15, the online training's admin (90_online_admin.sql).
	decline_online_access_request: z.unknown(),
	grant_online_early_access: z.object({ state: z.string(), open: z.boolean() }),
	mark_online_training_complete: z.unknown(),
	move_online_module: z.unknown(),
	new_online_training_draft: created,
	publish_online_training: z.unknown(),
	remove_online_module: z.unknown(),
	save_online_module: created,
	save_online_training_settings: z.unknown(),
	set_course_online_training: z.unknown(),
	undo_online_training_complete: z.unknown(),
	withdraw_online_early_access: z.unknown(),
	// Issue 16, the facilitator pathway (94_facilitator_pathway.sql).
	accredit_facilitator: z.unknown(),
	pause_facilitator: z.unknown(),
	record_facilitator_training: z.unknown(),
	renew_accreditation: z.unknown(),
	resume_facilitator: z.unknown(),
	save_accreditation_criteria: z.unknown(),
	// Issue 16, consultations on a group (93_consultations.sql).
	delete_consultation: z.unknown(),
	name_group_consultant: z.unknown(),
	record_consultation: created,
	remove_group_consultant: z.unknown(),
	update_consultation: z.unknown(),
	// Issue 17, the lead's instruments and schedules (62_outcome_measures.sql).
	add_outcome_instrument: z.object({ id: z.string() }),
	remove_outcome_instrument: z.unknown(),
	save_programme_measures: z.unknown(),
	// Issue 17, answering measures and feedback (97_outcome_answers.sql).
	save_group_feedback: z.object({ submitted: z.boolean() }),
	save_measure: z.object({ response_id: id, submitted: z.boolean() })
} satisfies { [F in FunctionName]?: z.ZodType };

export type WriteName = keyof typeof schemas;
/** What the app reads of a write function's result. */
export type WriteResult<F extends WriteName> = z.infer<(typeof schemas)[F]>;

/** The schemas by name, typed so that looking one up by a generic name keeps its type. */
export const WRITES: { [F in WriteName]: z.ZodType<WriteResult<F>> } = schemas;
