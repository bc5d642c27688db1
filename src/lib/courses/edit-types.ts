/**
 * The course form's view model (public.course_edit_page, 81_course_pages.sql): the course with
 * its booking terms, days, tiers (with the places each has) and trainers, or null for a new one.
 */
import { z } from 'zod';
import { appRole, count, date, id, timestamp } from '$lib/view-fields';
import { courseStatus } from './types';

const hhmm = z.string().regex(/^\d{2}:\d{2}$/);
const percent = z.number().min(0).max(100);

export const EditCourse = z.object({
	id,
	slug: z.string(),
	title: z.string(),
	summary: z.string(),
	about: z.string(),
	suitable_for: z.string(),
	aims: z.string(),
	online: z.boolean(),
	venue_name: z.string().nullable(),
	venue_address: z.string().nullable(),
	venue_postcode: z.string().nullable(),
	map_url: z.string().nullable(),
	capacity: count,
	booking_opens_at: timestamp.nullable(),
	booking_closes_at: timestamp.nullable(),
	status: courseStatus,
	po_required: z.boolean(),
	payment_due_days: count,
	card_hold_minutes: count,
	waitlist_offer_hours: count,
	transfer_fee_percent: percent,
	late_transfer_fee_percent: percent,
	late_notice_days: count,
	refund_full_notice_days: count,
	refund_full_percent: percent,
	refund_part_notice_days: count,
	refund_part_percent: percent,
	places_taken: count,
	days: z.array(z.object({ day: date, starts: hhmm, ends: hhmm })),
	tiers: z.array(
		z.object({
			id,
			name: z.string(),
			description: z.string(),
			price_pence: count,
			vat_percent: percent,
			grants_online_training: z.boolean(),
			places: count
		})
	),
	trainers: z.array(id)
});
export type EditCourse = z.infer<typeof EditCourse>;

export const CourseEditPage = z.object({
	course: EditCourse.nullable(),
	trainer_options: z.array(z.object({ id, full_name: z.string(), role: appRole }))
});
export type CourseEditPage = z.infer<typeof CourseEditPage>;
