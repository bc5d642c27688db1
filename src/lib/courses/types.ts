/**
 * The course pages' view models: the public list and page (public.courses_page and
 * public.course_page, 81_course_pages.sql) and the enquiries the training staff read. The public
 * ones carry only what the pages show: no booker, attendee or money taken.
 */
import { z } from 'zod';
import { Paging } from '$lib/paging/schema';
import { count, date, id, timestamp } from '$lib/view-fields';
import { COURSE_STATUSES } from './labels';

export const courseStatus = z.enum(COURSE_STATUSES);

/** Why a course cannot be booked now (null: it can). */
export const bookingClosedReason = z.enum([
	'not_yet_open',
	'closed',
	'full',
	'cancelled',
	'completed',
	'draft'
]);
export type BookingClosedReason = z.infer<typeof bookingClosedReason>;

/** "09:30": a London wall-clock time as the course's day has it. */
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const pence = z.number().int().nonnegative();

export const Provider = z.object({
	name: z.string(),
	email: z.string().nullable(),
	phone: z.string().nullable()
});

export const CourseSummary = z.object({
	slug: z.string(),
	title: z.string(),
	summary: z.string(),
	first_day: date,
	last_day: date,
	day_count: count,
	/** The first day's times; the page says when other days differ. */
	starts: hhmm,
	ends: hhmm,
	first_starts_at: timestamp,
	online: z.boolean(),
	venue_name: z.string().nullable(),
	/** The venue's postcode district (N1). */
	area: z.string().nullable(),
	min_net_pence: pence.nullable(),
	max_net_pence: pence.nullable(),
	min_gross_pence: pence.nullable(),
	max_gross_pence: pence.nullable(),
	places_left: count,
	full: z.boolean(),
	status: courseStatus,
	booking_open: z.boolean()
});
export type CourseSummary = z.infer<typeof CourseSummary>;

export const CoursesPage = z.object({ provider: Provider, courses: z.array(CourseSummary) });
export type CoursesPage = z.infer<typeof CoursesPage>;

export const CourseDay = z.object({
	day: date,
	starts: hhmm,
	ends: hhmm,
	starts_at: timestamp,
	ends_at: timestamp
});
export type CourseDay = z.infer<typeof CourseDay>;

export const FeeTier = z.object({
	name: z.string(),
	description: z.string(),
	price_pence: pence,
	vat_percent: z.number().min(0).max(100),
	gross_pence: pence,
	grants_online_training: z.boolean()
});
export type FeeTier = z.infer<typeof FeeTier>;

export const CoursePage = z.object({
	provider: Provider,
	slug: z.string(),
	title: z.string(),
	summary: z.string(),
	about: z.string(),
	suitable_for: z.string(),
	aims: z.string(),
	days: z.array(CourseDay),
	online: z.boolean(),
	venue: z
		.object({
			name: z.string(),
			address: z.string().nullable(),
			postcode: z.string().nullable(),
			map_url: z.string().nullable()
		})
		.nullable(),
	trainers: z.array(z.string()),
	tiers: z.array(FeeTier),
	capacity: count,
	places_left: count,
	full: z.boolean(),
	status: courseStatus,
	booking_open: z.boolean(),
	booking_closed_reason: bookingClosedReason.nullable(),
	booking_opens_at: timestamp.nullable(),
	booking_closes_at: timestamp.nullable(),
	po_required: z.boolean(),
	waitlist_open: z.boolean()
});
export type CoursePage = z.infer<typeof CoursePage>;

export const CourseEnquiry = z.object({
	id,
	organisation: z.string(),
	contact_name: z.string(),
	email: z.string(),
	phone: z.string().nullable(),
	staff_count: count,
	area: z.string(),
	message: z.string(),
	status: z.enum(['new', 'replied']),
	created_at: timestamp,
	course_title: z.string().nullable(),
	course_slug: z.string().nullable()
});
export type CourseEnquiry = z.infer<typeof CourseEnquiry>;

export const CourseEnquiriesPage = z.object({
	paging: Paging,
	enquiries: z.array(CourseEnquiry)
});
export type CourseEnquiriesPage = z.infer<typeof CourseEnquiriesPage>;
