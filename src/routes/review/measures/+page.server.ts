import { z } from 'zod';
import { checkValues, failWith, formValues, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import { readDefinition } from '$lib/measures/definition';
import { TIME_POINTS } from '$lib/measures/labels';
import type { Actions, PageServerLoad } from './$types';

/** The lead's instruments and each group programme's schedule. */
export const load = (async ({ locals }) => ({
	page: await view(locals.supabase, 'outcome_measures_page')
})) satisfies PageServerLoad;

const Add = z.object({ definition: z.string().max(200_000).optional() });
const Remove = z.object({ instrument_id: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/) });

/**
 * The schedule form: `programme_id`, and for each instrument `<id>:before`, `<id>:after`,
 * `<id>:follow_up` ticked, with `<id>:weeks` for a follow-up. Any other field is refused.
 */
const FIELD = /^([a-z][a-z0-9_]{1,39}):(before|after|follow_up|weeks)$/;
const Schedule = z
	.object({ programme_id: z.string().regex(/^[a-z][a-z0-9-]{0,59}$/), form: z.string() })
	.catchall(z.string())
	.superRefine((v, ctx) => {
		for (const [key, value] of Object.entries(v)) {
			if (key === 'programme_id' || key === 'form') continue;
			const m = FIELD.exec(key);
			if (!m) ctx.addIssue({ code: 'custom', path: [key], message: 'Not part of this form.' });
			else if (
				m[2] === 'weeks' &&
				v[`${m[1]}:follow_up`] === 'on' &&
				!/^\d{1,2}$/.test(value.trim())
			)
				ctx.addIssue({ code: 'custom', path: [key], message: 'Give the weeks as a whole number.' });
			else if (m[2] === 'weeks' && v[`${m[1]}:follow_up`] === 'on') {
				const weeks = Number(value.trim());
				if (weeks < 4 || weeks > 52)
					ctx.addIssue({
						code: 'custom',
						path: [key],
						message: 'A follow-up is 4 to 52 weeks after the last session.'
					});
			}
		}
	});

async function readForm(request: Request): Promise<FormData | null> {
	try {
		return await request.formData();
	} catch {
		return null;
	}
}

export const actions = {
	/** Install an instrument from its definition: an uploaded file, or pasted text. */
	add: async ({ request, locals }) => {
		const form = await readForm(request);
		if (!form)
			return failWith({ form: 'add' }, {}, 'The form could not be read. Please try again.');
		const values = { ...formValues(form), form: 'add' };
		const checked = checkValues(values, Add);
		if (checked.failure) return checked.failure;
		const file = form.get('definition_file');
		const text =
			file instanceof File && file.size > 0
				? file.size > 200_000
					? ' '.repeat(200_001)
					: await file.text()
				: (checked.data.definition ?? '');
		const read = readDefinition(text);
		if (read.problem !== undefined) return failWith(values, { definition: read.problem });
		const definition = read.definition;
		const w = await write(locals.supabase, 'add_outcome_instrument', { definition }, values);
		return w.failure ?? { form: 'add', done: `${definition.name} is installed.` };
	},
	remove: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Remove, { form: 'remove' });
		if (failure) return failure;
		const w = await write(locals.supabase, 'remove_outcome_instrument', data, values);
		return w.failure ?? { form: 'remove', done: 'The instrument was removed.' };
	},
	schedule: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Schedule, { form: 'schedule' });
		if (failure) return failure;
		const ids = new Set(
			Object.keys(data).flatMap((k) => (FIELD.exec(k) ? [FIELD.exec(k)![1]] : []))
		);
		const measures = [...ids].flatMap((id) =>
			TIME_POINTS.filter((at) => data[`${id}:${at}`] === 'on').map((at) => ({
				instrument_id: id,
				at,
				follow_up_weeks: at === 'follow_up' ? Number(String(data[`${id}:weeks`]).trim()) : null
			}))
		);
		const w = await write(
			locals.supabase,
			'save_programme_measures',
			{ programme_id: data.programme_id, measures },
			values
		);
		return (
			w.failure ?? {
				form: 'schedule',
				done: 'The schedule is saved. Groups of this programme ask for these measures from now on.'
			}
		);
	}
} satisfies Actions;
