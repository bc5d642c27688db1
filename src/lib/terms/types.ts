/**
 * View models of the booking-terms pages (supabase/schemas/87_course_terms.sql): the change page
 * of a booking and the quote shown before a change is confirmed.
 */
import { z } from 'zod';
import { count, date, id } from '$lib/view-fields';

const pence = z.number().int();
const placeStatus = z.enum(['active', 'cancelled', 'transferred']);
export const CHANGE_KINDS = ['cancel', 'transfer', 'substitute'] as const;
export const changeKind = z.enum(CHANGE_KINDS);
export type ChangeKind = z.infer<typeof changeKind>;

export const BookingMoney = z.object({
	due_pence: pence,
	paid_pence: pence,
	refunded_pence: pence,
	balance_pence: pence,
	state: z.enum(['awaiting payment', 'part paid', 'paid', 'refunded', 'cancelled']),
	due_on: date.nullable(),
	overdue: z.boolean()
});

export const BookingChangePage = z.object({
	/** True for the training admin and the lead (the admin page); false for the booker. */
	staff: z.boolean(),
	today: date,
	booking: z.object({
		id,
		reference: z.string(),
		status: z.enum(['held', 'booked', 'cancelled', 'expired']),
		booker_name: z.string(),
		booker_organisation: z.string(),
		pay_by: z.enum(['invoice', 'card'])
	}),
	course: z.object({
		id,
		slug: z.string(),
		title: z.string(),
		first_day: date.nullable(),
		notice_days: z.number().int().nullable()
	}),
	terms: z.object({
		transfer_fee_percent: z.number(),
		late_transfer_fee_percent: z.number(),
		late_notice_days: count,
		refund_full_percent: z.number(),
		refund_full_notice_days: count,
		refund_part_percent: z.number(),
		refund_part_notice_days: count
	}),
	places: z.array(
		z.object({
			id,
			attendee_name: z.string().nullable(),
			attendee_email: z.string().nullable(),
			attendee_role: z.string().nullable(),
			attendee_organisation: z.string().nullable(),
			tier_name: z.string(),
			grants_online_training: z.boolean(),
			status: placeStatus,
			gross_pence: pence,
			came_by_transfer: z.boolean(),
			moved_to: z
				.object({ booking_id: id, reference: z.string(), course_title: z.string() })
				.nullable()
		})
	),
	/** Courses the places could move to: later, open, with their tiers (gross prices). */
	courses: z.array(
		z.object({
			id,
			title: z.string(),
			first_day: date.nullable(),
			places_left: count,
			tiers: z.array(z.object({ id, name: z.string(), gross_pence: pence }))
		})
	),
	money: BookingMoney,
	credit_notes: z.array(
		z.object({ number: count, issued_on: date, total_pence: pence, reason: z.string() })
	)
});
export type BookingChangePage = z.infer<typeof BookingChangePage>;

export const Refusal = z.object({
	code: z.string(),
	field: z.string().nullable(),
	message: z.string()
});

export const BookingChangeQuote = z.object({
	booking_id: id,
	reference: z.string(),
	kind: z.string(),
	course: z.object({ id, title: z.string(), first_day: date.nullable() }),
	on_date: date,
	notice_days: z.number().int().nullable(),
	band: z.string().nullable(),
	percent: z.number(),
	places: z.array(
		z.object({
			id,
			attendee_name: z.string().nullable(),
			tier_name: z.string(),
			status: placeStatus,
			gross_pence: pence,
			came_by_transfer: z.boolean()
		})
	),
	price_pence: pence,
	fee_pence: pence,
	difference_pence: pence,
	refund_pence: pence,
	balance_before_pence: pence,
	balance_after_pence: pence,
	owes_pence: pence,
	owed_pence: pence,
	to_course: z
		.object({
			id,
			title: z.string(),
			first_day: date.nullable(),
			places_left: count,
			tier: z.object({ id, name: z.string() }).nullable()
		})
		.nullable(),
	rounding: z.string(),
	refusal: Refusal.nullable()
});
export type BookingChangeQuote = z.infer<typeof BookingChangeQuote>;
