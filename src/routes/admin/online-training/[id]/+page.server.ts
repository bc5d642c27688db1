import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { embedAddress } from '$lib/online-admin/embed';
import { safeFileName } from '$lib/online-admin/format';
import { checkValues, failWith, fields, formValues, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const BUCKET = 'online-training';
/** The bucket's own limit (storage.buckets.file_size_limit). */
const MAX_BYTES = 500 * 1024 * 1024;
const VIDEO_TYPES: Record<string, string> = { mp4: 'video/mp4', webm: 'video/webm' };
const NOTES_TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
};

function trainingId(id: string): string {
	if (!z.uuid().safeParse(id).success) error(404, 'There is no such online training.');
	return id;
}

const whole = (max: number, message: string) =>
	z
		.string()
		.trim()
		.regex(/^\d{1,5}$/, message)
		.transform(Number)
		.refine((n) => n <= max, message);

const Module = z
	.object({
		module_id: z.union([z.literal(''), fields.id()]).default(''),
		title: fields.text(200, { required: 'Give the module a title.' }),
		description: fields.multiLine(4000).default(''),
		minutes: whole(600, 'Give the minutes as a whole number (up to 600).'),
		seconds: whole(59, 'Give the seconds as a whole number from 0 to 59.'),
		video_kind: z.enum(['file', 'embed'], 'Choose a stored video or an embedded one.'),
		video_url: fields.text(500).default(''),
		notes_name: fields.text(200).default(''),
		remove_notes: z.literal('on').optional()
	})
	.superRefine((m, ctx) => {
		if (m.minutes * 60 + m.seconds < 1)
			ctx.addIssue({ code: 'custom', path: ['minutes'], message: 'Give the film’s length.' });
	});

const ModuleRef = z.object({ module_id: fields.id() });
const Move = ModuleRef.extend({ direction: z.enum(['up', 'down']) });
const Settings = z.object({
	completion_percent: whole(100, 'Choose between 50 and 100 per cent.').refine(
		(n) => n >= 50,
		'Choose between 50 and 100 per cent.'
	)
});

/** The file sent in a field, or null when none was chosen. */
function fileIn(form: FormData, name: string): File | null {
	const f = form.get(name);
	return f instanceof File && f.size > 0 ? f : null;
}

/** The content type a file is stored with, from its extension; null when not allowed. */
function typeOf(file: File, allowed: Record<string, string>): string | null {
	const ext = file.name.toLowerCase().split('.').pop() ?? '';
	return allowed[ext] ?? null;
}

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'online_training_version_page', {
		training_id: trainingId(params.id)
	})
})) satisfies PageServerLoad;

export const actions = {
	/** Add or change a module: a video file or an embed address, and optional notes. */
	module: async ({ request, locals, params }) => {
		const training = trainingId(params.id);
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			return failWith({}, {}, 'The form could not be read (is the file over 500 MB?).');
		}
		const values = { ...formValues(form), form: 'module' };
		const checked = checkValues(values, Module);
		const errors: Record<string, string> = { ...(checked.errors ?? {}) };
		const video = fileIn(form, 'video_file');
		const notes = fileIn(form, 'notes_file');
		const videoType = video && typeOf(video, VIDEO_TYPES);
		const notesType = notes && typeOf(notes, NOTES_TYPES);
		if (video && !videoType) errors.video_file = 'Choose an MP4 or WebM video.';
		else if (video && video.size > MAX_BYTES)
			errors.video_file = 'The video must be 500 MB or less.';
		if (notes && !notesType) errors.notes_file = 'Choose a PDF or Word (.docx) file.';
		else if (notes && notes.size > MAX_BYTES)
			errors.notes_file = 'The notes must be 500 MB or less.';
		let url: string | null = null;
		if (checked.data?.video_kind === 'embed') {
			const embed = embedAddress(checked.data.video_url);
			if (embed.error) errors.video_url = embed.error;
			else url = embed.url ?? null;
		}
		if (!checked.data || Object.keys(errors).length) return failWith(values, errors);
		const m = checked.data;
		const moduleId = m.module_id || crypto.randomUUID();
		const store = locals.supabase.storage.from(BUCKET);
		const upload = async (file: File, type: string, field: string) => {
			const path = `${training}/${moduleId}/${safeFileName(file.name)}`;
			// The admin's own client: the bucket's policies decide, not a service key.
			const { error: e } = await store.upload(path, file, { contentType: type, upsert: true });
			if (e) {
				console.warn('[online-training upload]', e.message);
				return { error: { [field]: 'The file could not be stored. Please try again.' } };
			}
			return { path };
		};
		let videoPath: string | null = null;
		if (video && videoType && m.video_kind === 'file') {
			const u = await upload(video, videoType, 'video_file');
			if (u.error) return failWith(values, u.error);
			videoPath = u.path;
		}
		let notesPath: string | null = null;
		if (notes && notesType) {
			const u = await upload(notes, notesType, 'notes_file');
			if (u.error) return failWith(values, u.error);
			notesPath = u.path;
		}
		const w = await write(
			locals.supabase,
			'save_online_module',
			{
				training_id: training,
				module_id: moduleId,
				title: m.title,
				description: m.description,
				duration_seconds: m.minutes * 60 + m.seconds,
				video_kind: m.video_kind,
				video_path: videoPath,
				video_url: url,
				notes_path: notesPath,
				notes_name: m.notes_name || (notes ? notes.name : null),
				remove_notes: m.remove_notes === 'on' && !notes
			},
			values
		);
		if (w.failure) return w.failure;
		redirect(303, `/admin/online-training/${training}?saved=${w.data.id}#module-${w.data.id}`);
	},

	move: async ({ request, locals, params }) => {
		const training = trainingId(params.id);
		const { data, values, failure } = await parseForm(request, Move, { form: 'move' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'move_online_module', data, values);
		if (w.failure) return w.failure;
		redirect(303, `/admin/online-training/${training}#module-${data.module_id}`);
	},

	remove: async ({ request, locals, params }) => {
		const training = trainingId(params.id);
		const { data, values, failure } = await parseForm(request, ModuleRef, { form: 'remove' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'remove_online_module', data, values);
		if (w.failure) return w.failure;
		redirect(303, `/admin/online-training/${training}?removed=1`);
	},

	settings: async ({ request, locals, params }) => {
		const training = trainingId(params.id);
		const { data, values, failure } = await parseForm(request, Settings, { form: 'settings' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'save_online_training_settings',
			{ training_id: training, ...data },
			values
		);
		if (w.failure) return w.failure;
		redirect(303, `/admin/online-training/${training}?saved=settings`);
	},

	publish: async ({ locals, params }) => {
		const training = trainingId(params.id);
		const w = await write(
			locals.supabase,
			'publish_online_training',
			{ training_id: training },
			{ form: 'publish' }
		);
		if (w.failure) return w.failure;
		redirect(303, `/admin/online-training/${training}?published=1`);
	}
} satisfies Actions;
