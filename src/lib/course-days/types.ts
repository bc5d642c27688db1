import { z } from 'zod';
import { date, id } from '$lib/view-fields';
import { COURSE_MARKS } from './labels';

export const courseMark = z.enum(COURSE_MARKS);

/** A London wall-clock time as the register shows it, HH:MM. */
const hhmm = z.string().regex(/^\d{2}:\d{2}$/);

const courseDay = z.object({ day: date, starts: hhmm, ends: hhmm });

/** course_register_page: one course day's register for its trainers and the training staff. */
export const CourseRegisterPage = z.object({
	course: z.object({ id, title: z.string(), slug: z.string() }),
	day: courseDay.extend({ future: z.boolean() }),
	days: z.array(courseDay),
	register: z.array(
		z.object({
			place_id: id,
			name: z.string(),
			organisation: z.string().nullable(),
			online_state: z.string().nullable(),
			/** The online training in a word or two: Finished, "4 of 9", Unpaid, Not included. */
			online: z.string().nullable(),
			status: courseMark.nullable(),
			at_time: hhmm.nullable(),
			note: z.string().nullable()
		})
	)
});
export type CourseRegisterPage = z.infer<typeof CourseRegisterPage>;
