/**
 * The view models of course money (85_course_payments.sql): the training admin's pages, the
 * invoice, bank-statement matches and the revenue report.
 */
import { z } from 'zod';
import { CourseOnlineTraining } from '$lib/online-admin/types';
import { Paging } from '$lib/paging/schema';
import { count, date, id, timestamp } from '$lib/view-fields';

/** Whole pence (balances can go below zero when more was paid than is now due). */
const pence = z.number().int();

export const PAYMENT_STATES = [
	'awaiting payment',
	'part paid',
	'paid',
	'refunded',
	'cancelled'
] as const;
export const paymentState = z.enum(PAYMENT_STATES);

export const bookingStatus = z.enum(['held', 'booked', 'cancelled', 'expired']);
export const courseStatus = z.enum(['draft', 'open', 'full', 'closed', 'cancelled', 'completed']);

/** private.booking_money. */
export const BookingMoney = z.object({
	due_pence: pence,
	paid_pence: pence,
	refunded_pence: pence,
	balance_pence: pence,
	state: paymentState,
	due_on: date.nullable(),
	overdue: z.boolean()
});
export type BookingMoney = z.infer<typeof BookingMoney>;

export const CourseDay = z.object({ day: date, starts: z.string(), ends: z.string() });

const Tally = z.object({ count, pence });
/** private.course_money: booked money by state. */
export const CourseMoney = z.object({
	paid: Tally,
	awaiting: Tally,
	part_paid: Tally,
	overdue: Tally
});

export const AdminCoursesPage = z.object({
	list: z.enum(['upcoming', 'past']),
	/** How many courses match the search and filters in each list. */
	counts: z.object({ upcoming: count, past: count }),
	paging: Paging,
	courses: z.array(
		z.object({
			id,
			slug: z.string(),
			title: z.string(),
			status: courseStatus,
			online: z.boolean(),
			venue_name: z.string().nullable(),
			days: z.array(CourseDay),
			starts_at: timestamp.nullable(),
			upcoming: z.boolean(),
			capacity: count,
			taken: count,
			left: count,
			bookings: count,
			money: CourseMoney
		})
	)
});

/** A booking's row on the admin's course page. */
export const AdminBookingRow = z.object({
	id,
	reference: z.string(),
	booker_name: z.string(),
	booker_email: z.string(),
	organisation: z.string(),
	pay_by: z.enum(['invoice', 'card']),
	po_number: z.string().nullable(),
	status: bookingStatus,
	created_at: timestamp,
	places: z.array(z.object({ tier: z.string(), count })),
	named: count,
	unnamed: count,
	invoice_number: z.string().nullable(),
	money: BookingMoney,
	/** Money paid in on a booking no longer live: refund it or find places. */
	needs_attention: z.boolean()
});
export type AdminBookingRow = z.infer<typeof AdminBookingRow>;

export const AdminCoursePage = z.object({
	course: z.object({
		id,
		slug: z.string(),
		title: z.string(),
		status: courseStatus,
		days: z.array(CourseDay),
		capacity: count,
		taken: count,
		left: count,
		money: CourseMoney
	}),
	online: CourseOnlineTraining,
	bookings: z.array(AdminBookingRow)
});

export const Payment = z.object({
	id,
	kind: z.enum(['payment', 'refund']),
	method: z.enum(['bank_transfer', 'card', 'other']),
	amount_pence: pence,
	received_on: date,
	reference: z.string().nullable(),
	note: z.string().nullable(),
	created_at: timestamp
});

export const AdminBookingPage = z.object({
	booking: AdminBookingRow.extend({
		finance_name: z.string().nullable(),
		finance_email: z.string().nullable(),
		finance_address: z.string().nullable(),
		held_until: timestamp.nullable(),
		cancelled_at: timestamp.nullable(),
		cancel_reason: z.string().nullable()
	}),
	course: z.object({ id, slug: z.string(), title: z.string(), days: z.array(CourseDay) }),
	places: z.array(
		z.object({
			id,
			tier: z.string(),
			status: z.enum(['active', 'cancelled', 'transferred']),
			attendee_name: z.string().nullable(),
			attendee_email: z.string().nullable(),
			attendee_role: z.string().nullable(),
			attendee_organisation: z.string().nullable()
		})
	),
	invoice: z
		.object({
			id,
			number: z.string(),
			issued_on: date,
			due_on: date,
			net_pence: pence,
			vat_pence: pence,
			total_pence: pence
		})
		.nullable(),
	payments: z.array(Payment)
});

/** An invoice as printed (private.invoice_view). */
export const InvoicePage = z.object({
	id,
	number: z.string(),
	issued_on: date,
	due_on: date,
	supplier: z.object({
		name: z.string(),
		address: z.string().nullish(),
		email: z.string().nullish(),
		phone: z.string().nullish(),
		vat_number: z.string().nullish(),
		bank_details: z.string().nullish()
	}),
	customer: z.object({
		name: z.string(),
		email: z.string(),
		address: z.string().nullable(),
		organisation: z.string().nullable()
	}),
	po_number: z.string().nullable(),
	booking: z.object({ id, reference: z.string(), status: bookingStatus }),
	course: z.object({
		title: z.string(),
		days: z.array(CourseDay),
		online: z.boolean(),
		venue_name: z.string().nullable(),
		venue_postcode: z.string().nullable()
	}),
	lines: z.array(
		z.object({
			description: z.string(),
			quantity: count,
			unit_pence: pence,
			vat_percent: z.number(),
			net_pence: pence,
			vat_pence: pence
		})
	),
	net_pence: pence,
	vat_pence: pence,
	total_pence: pence,
	payments: z.array(
		z.object({
			kind: z.enum(['payment', 'refund']),
			method: z.enum(['bank_transfer', 'card', 'other']),
			amount_pence: pence,
			received_on: date
		})
	),
	money: BookingMoney
});
export type InvoicePage = z.infer<typeof InvoicePage>;

export const BankMatches = z.object({
	lines: z.array(
		z.object({
			index: count,
			date: z.string(),
			reference: z.string(),
			amount_pence: pence,
			match: z.enum(['exact', 'partial', 'none', 'applied']),
			reason: z.string().nullable(),
			booking_id: id.nullable(),
			booking_reference: z.string().nullable(),
			booker: z.string().nullable(),
			invoice_number: z.string().nullable(),
			balance_pence: pence.nullable()
		})
	)
});
export type BankMatches = z.infer<typeof BankMatches>;

const RevenueFigures = z.object({
	net_pence: pence,
	vat_pence: pence,
	gross_pence: pence,
	received_pence: pence,
	refunded_pence: pence,
	outstanding_pence: pence
});
export const RevenueReport = z.object({
	from: date,
	to: date,
	rows: z.array(
		RevenueFigures.extend({ course_id: id, course_title: z.string(), month: z.string() })
	),
	totals: RevenueFigures
});
export type RevenueReport = z.infer<typeof RevenueReport>;
