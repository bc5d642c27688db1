import { z } from 'zod';
import { parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import { browserStorageUrl } from '$lib/server/supabase';
import type { Actions, PageServerLoad } from './$types';

const BUCKET = 'online-training';
/** Signed addresses last ten minutes: long enough to start the film, short enough not to share. */
const SIGNED_SECONDS = 600;

export const load = (async ({ locals, params }) => {
	const page = await view(locals.supabase, 'online_module_page', {
		place: params.place,
		module: params.module
	});
	// Signed with the trainee's own client, so Storage's read policy (the access rule) decides.
	const sign = async (path: string | null) => {
		if (!path) return null;
		const { data } = await locals.supabase.storage
			.from(BUCKET)
			.createSignedUrl(path, SIGNED_SECONDS);
		return data ? browserStorageUrl(data.signedUrl) : null;
	};
	const [videoSrc, notesHref] = await Promise.all([
		page.module.video_kind === 'file' ? sign(page.module.video_path) : null,
		sign(page.module.notes_path)
	]);
	return { page, videoSrc, notesHref };
}) satisfies PageServerLoad;

const Intervals = z
	.array(z.tuple([z.number().min(0), z.number().min(0)]))
	.max(50, 'Too many intervals in one report.');

const Progress = z.object({
	intervals: z
		.string()
		.max(5000, 'The report is too long.')
		.transform((s, ctx) => {
			try {
				return Intervals.parse(JSON.parse(s));
			} catch {
				ctx.addIssue({ code: 'custom', message: 'The report of what was watched is not valid.' });
				return z.NEVER;
			}
		})
});

/**
 * progress: the player's report of the seconds played ([[from, to], ...]); returns the new
 * percent. declare: "I have watched this" (embedded films, and any film without JavaScript).
 */
export const actions = {
	progress: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Progress, { form: 'progress' });
		if (failure) return failure;
		const r = await write(
			locals.supabase,
			'report_online_progress',
			{ module: params.module, intervals: data.intervals },
			values
		);
		if (r.failure) return r.failure;
		return { form: 'progress', ...r.data };
	},
	declare: async ({ locals, params }) => {
		const r = await write(locals.supabase, 'declare_module_watched', { module: params.module }, {});
		if (r.failure) return r.failure;
		return { form: 'declare', declared: r.data.complete };
	}
} satisfies Actions;
