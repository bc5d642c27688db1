/** The view models of /teaching and /teaching/[course] (90_online_admin.sql). */
import { z } from 'zod';
import { CourseDay, courseStatus } from '$lib/money/types';
import { Paging } from '$lib/paging/schema';
import { count, date, id, timestamp } from '$lib/view-fields';

export const TeachingPage = z.object({
	is_staff: z.boolean(),
	paging: Paging,
	courses: z.array(
		z.object({
			id,
			slug: z.string(),
			title: z.string(),
			status: courseStatus,
			days: z.array(CourseDay),
			first_day: date.nullable(),
			attendees: count
		})
	)
});

/** private.online_access(place): THE rule's answer. */
export const OnlineAccess = z.object({
	state: z.enum([
		'not_included',
		'withdrawn',
		'unpaid',
		'not_ready',
		'before_opening',
		'open',
		'open_early'
	]),
	open: z.boolean(),
	opens_on: date.nullable(),
	first_day: date.nullable(),
	money_state: z.string().nullable(),
	training_id: id.nullable(),
	early_granted_at: timestamp.nullable()
});
export type OnlineAccess = z.infer<typeof OnlineAccess>;

/** private.online_progress_summary(trainee, training): THE completion answer. */
export const ProgressSummary = z.object({
	modules: count,
	done: count,
	declared: count,
	seconds_watched: count,
	seconds_total: count,
	marked_by_staff: z.boolean(),
	complete: z.boolean()
});
export type ProgressSummary = z.infer<typeof ProgressSummary>;

export const attendanceMark = z.enum(['present', 'late', 'left_early', 'absent']);

export const Attendee = z.object({
	place_id: id,
	name: z.string(),
	email: z.string(),
	organisation: z.string().nullable(),
	booking_id: id,
	reference: z.string(),
	has_account: z.boolean(),
	access: OnlineAccess,
	progress: ProgressSummary.nullable(),
	marked: z.object({ by: z.string().nullable(), reason: z.string(), at: timestamp }).nullable(),
	early: z.object({ granted_at: timestamp, reason: z.string(), email: z.string() }).nullable(),
	request: z.object({ id, message: z.string(), requested_at: timestamp }).nullable(),
	attendance: z.array(
		z.object({ day: date, status: attendanceMark.nullable(), at_time: z.string().nullable() })
	),
	certificate: z.object({ code: z.string(), issued_at: timestamp }).nullable(),
	withheld: z.boolean()
});
export type Attendee = z.infer<typeof Attendee>;

export const TeachingCoursePage = z.object({
	is_staff: z.boolean(),
	course: z.object({
		id,
		slug: z.string(),
		title: z.string(),
		status: courseStatus,
		days: z.array(CourseDay),
		online_training: z.object({ id, name: z.string(), version: count }).nullable()
	}),
	attendees: z.array(Attendee)
});
