import { error, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { COURSE_MARKS, type CourseMark } from '$lib/course-days/labels';
import { failWith, formValues, type FieldErrors } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const Params = z.object({ course: z.uuid(), day: z.iso.date() });

/** The register's address: /teaching/<course id>/days/<YYYY-MM-DD>. Anything else is a 404. */
function registerParams(params: { course: string; day: string }) {
	const parsed = Params.safeParse(params);
	if (!parsed.success) error(404, 'There is no such course day.');
	return parsed.data;
}

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'course_register_page', registerParams(params))
})) satisfies PageServerLoad;

const isMark = (v: string | undefined): v is CourseMark =>
	(COURSE_MARKS as readonly string[]).includes(v ?? '');

const PLACE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const actions = {
	/**
	 * The register is one form: each attendee's choice is `status_<place>` (and `time_<place>` for
	 * late or left early). The button pressed says what to save: `save=<place>` one row, or
	 * `save=all` every row whose choice differs from what was saved (`was_<place>`), so a row
	 * nobody touched keeps who marked it and when. Each row is its own write, so one row's problem
	 * (a time outside the day) is shown on that row while the others are saved.
	 */
	save: async ({ request, locals, params, url }) => {
		const { day } = registerParams(params);
		let values: Record<string, string>;
		try {
			values = formValues(await request.formData());
		} catch {
			return failWith({}, {}, 'The form could not be read. Please try again.');
		}
		const which = values.save ?? 'all';
		const places = Object.keys(values)
			.filter((k) => k.startsWith('status_'))
			.map((k) => k.slice('status_'.length))
			.filter((p) => PLACE.test(p) && (which === 'all' || which === p));
		if (which !== 'all' && !PLACE.test(which)) return failWith(values, {}, 'Choose a row to save.');
		if (which !== 'all' && places.length === 0) {
			return failWith(values, { [which]: 'Choose present, late, left early or absent.' });
		}
		const errors: FieldErrors = {};
		let saved = 0;
		for (const place of places) {
			const status = values[`status_${place}`];
			const time = (values[`time_${place}`] ?? '').trim();
			if (!isMark(status)) {
				errors[place] = 'Choose present, late, left early or absent.';
				continue;
			}
			const timed = status === 'late' || status === 'left_early';
			const now = `${status} ${timed ? time : ''}`.trim();
			if (which === 'all' && values[`was_${place}`] === now) continue;
			const w = await write(
				locals.supabase,
				'mark_course_attendance',
				{ place, day, status, at_time: timed ? time : '', note: values[`note_${place}`] ?? '' },
				values
			);
			if (w.failure) {
				const f = w.failure.data;
				if (w.failure.status === 403) return w.failure;
				errors[place] = Object.values(f.errors)[0] ?? f.message ?? 'This mark was not saved.';
				continue;
			}
			saved += 1;
		}
		if (Object.keys(errors).length) {
			return failWith(
				values,
				errors,
				saved
					? `${saved === 1 ? '1 mark' : `${saved} marks`} saved; check the rows below.`
					: undefined
			);
		}
		redirect(
			303,
			`${url.pathname}?${new URLSearchParams({ saved: String(saved), focus: which === 'all' ? 'saved' : `row-${which}` })}`
		);
	},
	/** Everyone not yet marked, as present: one write, which never overwrites a mark. */
	allPresent: async ({ locals, params, url }) => {
		const { course, day } = registerParams(params);
		const w = await write(
			locals.supabase,
			'mark_course_day_all_present',
			{ course, day },
			{ form: 'all' }
		);
		if (w.failure) return w.failure;
		redirect(
			303,
			`${url.pathname}?${new URLSearchParams({ rest: String(w.data.marked), focus: 'saved' })}`
		);
	}
} satisfies Actions;
