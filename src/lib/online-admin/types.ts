/** The view models of the online training's admin pages (90_online_admin.sql). */
import { z } from 'zod';
import { count, date, id, timestamp } from '$lib/view-fields';

export const trainingStatus = z.enum(['draft', 'published']);
const CourseLink = z.object({ id, title: z.string(), first_day: date.nullable() });

export const OnlineTrainingsPage = z.object({
	trainings: z.array(
		z.object({
			id,
			name: z.string(),
			version: count,
			status: trainingStatus,
			published_at: timestamp.nullable(),
			modules: count,
			seconds_total: count,
			courses: z.array(CourseLink)
		})
	)
});

export const OnlineModule = z.object({
	id,
	position: count,
	title: z.string(),
	description: z.string(),
	duration_seconds: count,
	video_kind: z.enum(['file', 'embed']),
	video_path: z.string().nullable(),
	video_url: z.string().nullable(),
	notes_path: z.string().nullable(),
	notes_name: z.string().nullable()
});
export type OnlineModule = z.infer<typeof OnlineModule>;

export const OnlineTrainingVersionPage = z.object({
	training: z.object({
		id,
		name: z.string(),
		version: count,
		status: trainingStatus,
		summary: z.string(),
		completion_percent: count,
		published_at: timestamp.nullable()
	}),
	modules: z.array(OnlineModule),
	courses: z.array(CourseLink)
});

/** A course's online training on /admin/courses/[id]: the chosen version and the choices. */
const Version = z.object({ id, name: z.string(), version: count });
export const CourseOnlineTraining = z.object({
	chosen: Version.nullable(),
	tier_grants: z.boolean(),
	choices: z.array(Version)
});
