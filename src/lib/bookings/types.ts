/**
 * What the booking functions of 83_course_booking.sql return, as zod schemas: the public booking
 * form, its quote and confirmation, and the booker's and trainee's pages.
 */
import { z } from 'zod';
import { AttendeeOnlineStatus, OnlineStatus } from '$lib/online/status';
import { Paging } from '$lib/paging/schema';

const id = z.string().uuid();
const count = z.number().int().nonnegative();

export const CourseDay = z.object({
	day: z.string(),
	starts: z.string(),
	ends: z.string(),
	starts_at: z.string(),
	ends_at: z.string()
});

/** A course as booking pages and emails describe it (private.course_summary). */
export const CourseSummary = z.object({
	id: id.optional(),
	slug: z.string(),
	title: z.string(),
	online: z.boolean(),
	venue_name: z.string().nullable(),
	venue_address: z.string().nullable(),
	venue_postcode: z.string().nullable(),
	map_url: z.string().nullable(),
	days: z.array(CourseDay)
});
export type CourseSummary = z.infer<typeof CourseSummary>;

export const Tier = z.object({
	id,
	name: z.string(),
	description: z.string(),
	price_pence: count,
	vat_percent: z.number(),
	grants_online_training: z.boolean()
});

export const Terms = z.object({
	po_required: z.boolean(),
	payment_due_days: count,
	card_hold_minutes: count,
	transfer_fee_percent: z.number(),
	late_transfer_fee_percent: z.number(),
	late_notice_days: count,
	refund_full_notice_days: count,
	refund_full_percent: z.number(),
	refund_part_notice_days: count,
	refund_part_percent: z.number(),
	waitlist_offer_hours: count
});

export const BookingForm = CourseSummary.extend({
	status: z.string(),
	bookable: z.boolean(),
	places_left: count,
	capacity: count,
	tiers: z.array(Tier),
	terms: Terms,
	offer: z.object({ places: count, full_name: z.string(), offered_until: z.string() }).nullable()
});
export type BookingForm = z.infer<typeof BookingForm>;

export const Quote = z.object({
	places: count,
	net_pence: count,
	vat_pence: count,
	total_pence: count,
	lines: z.array(
		z.object({
			tier_id: id,
			name: z.string(),
			count,
			unit_pence: count,
			vat_percent: z.number(),
			net_pence: count,
			vat_pence: count
		})
	)
});
export type Quote = z.infer<typeof Quote>;

export const Booked = z.object({
	id,
	reference: z.string(),
	status: z.enum(['held', 'booked']),
	slug: z.string(),
	held_until: z.string().nullable()
});

export const CourseBooked = z.object({
	reference: z.string(),
	status: z.string(),
	pay_by: z.enum(['invoice', 'card']),
	held_until: z.string().nullable(),
	email: z.string(),
	places: count,
	course: CourseSummary
});
export type CourseBooked = z.infer<typeof CourseBooked>;

export const MyBookings = z.object({
	paging: Paging,
	bookings: z.array(
		z.object({
			id,
			reference: z.string(),
			status: z.string(),
			pay_by: z.enum(['invoice', 'card']),
			course: CourseSummary,
			places: count,
			named: count,
			payment: z.string(),
			overdue: z.boolean(),
			due_on: z.string().nullable(),
			/** Places that include the online training, and how many of them have finished it. */
			online_training: z.object({ places: count, finished: count }).nullable()
		})
	)
});
export type MyBookings = z.infer<typeof MyBookings>;

export const BookingPage = z.object({
	id,
	reference: z.string(),
	status: z.string(),
	pay_by: z.enum(['invoice', 'card']),
	po_number: z.string().nullable(),
	held_until: z.string().nullable(),
	booker_organisation: z.string(),
	finance_name: z.string().nullable(),
	finance_email: z.string().nullable(),
	course: CourseSummary,
	payment: z.string(),
	money: z.object({
		due_pence: z.number().int(),
		balance_pence: z.number().int(),
		due_on: z.string().nullable(),
		overdue: z.boolean()
	}),
	has_invoice: z.boolean(),
	places: z.array(
		z.object({
			id,
			tier: z.string(),
			status: z.string(),
			name: z.string().nullable(),
			email: z.string().nullable(),
			role: z.string().nullable(),
			organisation: z.string().nullable(),
			has_account: z.boolean(),
			online_training: AttendeeOnlineStatus.nullable()
		})
	)
});
export type BookingPage = z.infer<typeof BookingPage>;

export const MyTraining = z.object({
	places: z.array(
		z.object({
			id,
			tier: z.string(),
			grants_online_training: z.boolean(),
			course: CourseSummary,
			booked_by: z.string().nullable(),
			organisation: z.string().nullable(),
			held: z.boolean(),
			paid: z.string(),
			online_training: OnlineStatus.nullable(),
			certificate: z.string().nullable()
		})
	)
});
export type MyTraining = z.infer<typeof MyTraining>;
