/**
 * What the trainee's online-training functions (89_online_progress.sql) return, as zod schemas:
 * a place's standing (private.place_online_status), the module list and one module's page.
 */
import { z } from 'zod';
import { CourseSummary } from '$lib/bookings/types';
import { count, id } from '$lib/view-fields';
import { OnlineStatus } from './status';

export * from './status';

/** One module's progress for the trainee (private.module_progress). */
export const ModuleProgress = z.object({
	seconds_watched: count,
	percent: z.number().int().min(0).max(100),
	complete: z.boolean(),
	completed_how: z.enum(['watched', 'declared']).nullable(),
	declared: z.boolean()
});
export type ModuleProgress = z.infer<typeof ModuleProgress>;

export const videoKind = z.enum(['file', 'embed']);

export const OnlineTrainingPage = z.object({
	place_id: id,
	course: CourseSummary,
	status: OnlineStatus,
	training: z
		.object({ name: z.string(), summary: z.string(), completion_percent: z.number().int() })
		.nullable(),
	modules: z.array(
		z.object({
			id,
			position: z.number().int(),
			title: z.string(),
			duration_seconds: z.number().int().positive(),
			video_kind: videoKind,
			progress: ModuleProgress
		})
	)
});
export type OnlineTrainingPage = z.infer<typeof OnlineTrainingPage>;

const Neighbour = z.object({ id, title: z.string() }).nullable();

export const OnlineModulePage = z.object({
	place_id: id,
	course_title: z.string(),
	modules: count,
	module: z.object({
		id,
		position: z.number().int(),
		title: z.string(),
		description: z.string(),
		duration_seconds: z.number().int().positive(),
		video_kind: videoKind,
		video_path: z.string().nullable(),
		video_url: z.string().nullable(),
		notes_path: z.string().nullable(),
		notes_name: z.string().nullable()
	}),
	progress: ModuleProgress,
	previous: Neighbour,
	next: Neighbour
});
export type OnlineModulePage = z.infer<typeof OnlineModulePage>;

/** What report_online_progress returns. */
export const ProgressReport = z.object({
	seconds_watched: count,
	percent: z.number().int().min(0).max(100),
	complete: z.boolean()
});
