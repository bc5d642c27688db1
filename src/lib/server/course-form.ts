import { fail, redirect, type ActionFailure } from '@sveltejs/kit';
import type { SupabaseClient } from '@supabase/supabase-js';
import { z } from 'zod';
import type { Database } from '$lib/database';
import { dateAndTime } from '$lib/groups/format';
import { clockProblem, dateProblem } from '$lib/input/dates';
import { parsePounds, poundsField } from '$lib/courses/money';
import type { EditCourse } from '$lib/courses/edit-types';
import { COURSE_STATUSES } from '$lib/courses/labels';
import { londonTime } from '$lib/schedule/london';
import { failWith, fields, formValues, type FieldErrors, type FormFailure } from './form';
import { BAD_INPUT_MESSAGE, refusal } from './rpc/refusal';

/**
 * The course form (/admin/courses/new and /admin/courses/<id>/edit), as plain form fields so it
 * works without JavaScript: days and fee tiers are numbered rows (`day_0`, `tier_name_0`, …)
 * with a count of rows in `day_rows` / `tier_rows`; "Add another day" posts back with one more
 * blank row. Blank rows are ignored. Every rule is checked again by public.save_course.
 */

/** Blank rows a new form starts with, and how many a form may grow to. */
export const BLANK_DAY_ROWS = 3;
export const BLANK_TIER_ROWS = 2;
const MAX_ROWS = 30;
const COURSE_DATES = {
	min: '2020-01-01',
	max: '2100-12-31',
	tooEarly: 'Enter a date from 2020 on.',
	tooLate: 'Enter a date before 2100.'
};

const whole = (min: number, max: number, message: string) =>
	z
		.string()
		.trim()
		.refine((v) => /^\d{1,6}$/.test(v) && Number(v) >= min && Number(v) <= max, { message })
		.transform(Number);
const percentField = z
	.string()
	.trim()
	.refine((v) => /^\d{1,3}(\.\d{1,2})?$/.test(v) && Number(v) <= 100, {
		message: 'Enter a percentage from 0 to 100.'
	})
	.transform(Number);

const Course = z.object({
	title: fields.text(200, {
		required: 'Enter the course’s title.',
		tooLong: 'Keep the title under 200 characters.'
	}),
	slug: z
		.string()
		.trim()
		.toLowerCase()
		.refine((v) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length >= 3 && v.length <= 80, {
			message:
				'Use 3 to 80 lower-case letters, digits and single hyphens, like reflective-fostering.'
		}),
	summary: fields.multiLine(600, { tooLong: 'Keep the summary under 600 characters.' }),
	about: fields.multiLine(20000, { tooLong: 'Keep this under 20,000 characters.' }),
	suitable_for: fields.multiLine(20000, { tooLong: 'Keep this under 20,000 characters.' }),
	aims: fields.multiLine(20000, { tooLong: 'Keep this under 20,000 characters.' }),
	status: z.enum(COURSE_STATUSES, { message: 'Choose a status.' }),
	capacity: whole(1, 500, 'Enter the number of places, from 1 to 500.'),
	online: z.string().optional(),
	venue_name: fields.text(200, { tooLong: 'Keep the venue’s name under 200 characters.' }),
	venue_address: fields.text(300, { tooLong: 'Keep the address under 300 characters.' }),
	venue_postcode: z
		.string()
		.trim()
		.toUpperCase()
		.refine((v) => v === '' || /^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$/.test(v), {
			message: 'Enter a UK postcode with its space, like N1 9JH.'
		}),
	map_url: z
		.string()
		.trim()
		.refine((v) => v === '' || (/^https:\/\/\S+$/.test(v) && v.length <= 500), {
			message: 'Enter a web address starting https://, or leave it empty.'
		}),
	opens_date: z.string().trim(),
	opens_time: z.string().trim(),
	closes_date: z.string().trim(),
	closes_time: z.string().trim(),
	po_required: z.string().optional(),
	payment_due_days: whole(0, 120, 'Enter a number of days from 0 to 120.'),
	card_hold_minutes: whole(5, 1440, 'Enter a number of minutes from 5 to 1440.'),
	waitlist_offer_hours: whole(1, 336, 'Enter a number of hours from 1 to 336.'),
	transfer_fee_percent: percentField,
	late_transfer_fee_percent: percentField,
	late_notice_days: whole(0, 365, 'Enter a number of days from 0 to 365.'),
	refund_full_notice_days: whole(0, 365, 'Enter a number of days from 0 to 365.'),
	refund_full_percent: percentField,
	refund_part_notice_days: whole(0, 365, 'Enter a number of days from 0 to 365.'),
	refund_part_percent: percentField
});

/** The form's values for a saved course (or the defaults for a new one). */
export function formFromCourse(c: EditCourse | null): Record<string, string> {
	const v: Record<string, string> = {};
	if (!c) {
		Object.assign(v, {
			status: 'draft',
			capacity: '20',
			payment_due_days: '21',
			card_hold_minutes: '30',
			waitlist_offer_hours: '48',
			transfer_fee_percent: '10',
			late_transfer_fee_percent: '50',
			late_notice_days: '14',
			refund_full_notice_days: '28',
			refund_full_percent: '90',
			refund_part_notice_days: '14',
			refund_part_percent: '50',
			day_rows: String(BLANK_DAY_ROWS),
			tier_rows: String(BLANK_TIER_ROWS),
			tier_vat_0: '20',
			tier_vat_1: '20'
		});
		return v;
	}
	for (const key of Object.keys(Course.shape)) {
		const value = (c as Record<string, unknown>)[key];
		if (typeof value === 'string') v[key] = value;
		else if (typeof value === 'number') v[key] = String(value);
	}
	v.venue_name = c.venue_name ?? '';
	v.venue_address = c.venue_address ?? '';
	v.venue_postcode = c.venue_postcode ?? '';
	v.map_url = c.map_url ?? '';
	if (c.online) v.online = 'yes';
	if (c.po_required) v.po_required = 'yes';
	if (c.booking_opens_at) [v.opens_date, v.opens_time] = dateAndTime(c.booking_opens_at);
	if (c.booking_closes_at) [v.closes_date, v.closes_time] = dateAndTime(c.booking_closes_at);
	c.days.forEach((d, i) => {
		v[`day_${i}`] = d.day;
		v[`starts_${i}`] = d.starts;
		v[`ends_${i}`] = d.ends;
	});
	v.day_rows = String(Math.max(c.days.length + 1, 1));
	c.tiers.forEach((t, i) => {
		v[`tier_id_${i}`] = t.id;
		v[`tier_name_${i}`] = t.name;
		v[`tier_description_${i}`] = t.description;
		v[`tier_price_${i}`] = poundsField(t.price_pence);
		v[`tier_vat_${i}`] = String(t.vat_percent);
		if (t.grants_online_training) v[`tier_online_${i}`] = 'yes';
	});
	v.tier_rows = String(Math.max(c.tiers.length + 1, 1));
	for (const t of c.trainers) v[`trainer_${t}`] = 'yes';
	return v;
}

function rows(values: Record<string, string>, key: string): number {
	const n = Number(values[key]);
	return Number.isInteger(n) && n >= 1 && n <= MAX_ROWS ? n : 1;
}

/** "Add another day" / "Add another fee tier": the same values back with one more blank row. */
export async function addRow(
	request: Request,
	which: 'day_rows' | 'tier_rows'
): Promise<{ values: Record<string, string>; errors: FieldErrors }> {
	const values = formValues(await request.formData());
	values[which] = String(Math.min(rows(values, which) + 1, MAX_ROWS));
	if (which === 'tier_rows') values[`tier_vat_${rows(values, which) - 1}`] ??= '20';
	return { values, errors: {} };
}

/** A London date and time from two fields as an instant, or null when both are empty. */
function moment(date: string, time: string, field: string, errors: FieldErrors): string | null {
	if (!date && !time) return null;
	const problem = dateProblem(date, COURSE_DATES) ?? (time ? clockProblem(time) : null);
	if (problem) {
		errors[field] = problem;
		return null;
	}
	return londonTime(date, time || '00:00').toISOString();
}

/**
 * Reads and checks the form, calls save_course, and redirects to the saved course's edit page.
 * Field errors for anything the form can check; the database's refusals mapped to their fields.
 */
export async function saveCourse(
	supabase: SupabaseClient<Database>,
	request: Request,
	courseId: string | null
): Promise<ActionFailure<FormFailure>> {
	const values = formValues(await request.formData());
	const errors: FieldErrors = {};
	const parsed = Course.safeParse(values);
	if (!parsed.success)
		for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;

	const days: { day: string; starts: string; ends: string }[] = [];
	for (let i = 0; i < rows(values, 'day_rows'); i += 1) {
		const [day, starts, ends] = [`day_${i}`, `starts_${i}`, `ends_${i}`].map((k) =>
			(values[k] ?? '').trim()
		) as [string, string, string];
		if (!day && !starts && !ends) continue;
		const problem =
			dateProblem(day, COURSE_DATES) ??
			clockProblem(starts) ??
			clockProblem(ends) ??
			(starts >= ends ? 'The day must end after it starts.' : null);
		if (problem) errors[`day_${i}`] = problem;
		else days.push({ day, starts, ends });
	}

	const tiers: Record<string, string | number | boolean | null>[] = [];
	for (let i = 0; i < rows(values, 'tier_rows'); i += 1) {
		const name = (values[`tier_name_${i}`] ?? '').trim();
		const price = (values[`tier_price_${i}`] ?? '').trim();
		const id = (values[`tier_id_${i}`] ?? '').trim();
		if (!name && !price && !id) continue;
		const pence = parsePounds(price);
		const vat = Number((values[`tier_vat_${i}`] ?? '').trim());
		if (!name || name.length > 120)
			errors[`tier_name_${i}`] = 'Give the tier a name (under 120 characters).';
		if (pence === null)
			errors[`tier_price_${i}`] = 'Enter the price in pounds, like 395 or 395.50.';
		if (!/^\d{1,3}(\.\d{1,2})?$/.test((values[`tier_vat_${i}`] ?? '').trim()) || vat > 100)
			errors[`tier_vat_${i}`] = 'Enter the VAT rate as a percentage, like 20 or 0.';
		if (id && !z.uuid().safeParse(id).success) errors[`tier_name_${i}`] = 'Reload the page.';
		tiers.push({
			...(id ? { id } : {}),
			name,
			description: (values[`tier_description_${i}`] ?? '').trim(),
			price_pence: pence,
			vat_percent: vat,
			grants_online_training: values[`tier_online_${i}`] === 'yes'
		});
	}

	const trainers = Object.keys(values)
		.filter((k) => k.startsWith('trainer_') && values[k] === 'yes')
		.map((k) => k.slice('trainer_'.length))
		.filter((id) => z.uuid().safeParse(id).success);

	const opens = moment(values.opens_date ?? '', values.opens_time ?? '', 'opens_date', errors);
	const closes = moment(values.closes_date ?? '', values.closes_time ?? '', 'closes_date', errors);
	if (opens && closes && opens >= closes) errors.closes_date = 'Booking must close after it opens.';

	if (!parsed.success || Object.keys(errors).length) return failWith(values, errors);
	const f = parsed.data;
	const { data, error } = await supabase.rpc('save_course', {
		course_id: courseId as string,
		slug: f.slug,
		title: f.title,
		summary: f.summary,
		about: f.about,
		suitable_for: f.suitable_for,
		aims: f.aims,
		online: f.online === 'yes',
		venue_name: f.venue_name,
		venue_address: f.venue_address,
		venue_postcode: f.venue_postcode,
		map_url: f.map_url,
		capacity: f.capacity,
		booking_opens_at: opens as string,
		booking_closes_at: closes as string,
		status: f.status,
		po_required: f.po_required === 'yes',
		days,
		tiers,
		trainers,
		payment_due_days: f.payment_due_days,
		card_hold_minutes: f.card_hold_minutes,
		waitlist_offer_hours: f.waitlist_offer_hours,
		transfer_fee_percent: f.transfer_fee_percent,
		late_transfer_fee_percent: f.late_transfer_fee_percent,
		late_notice_days: f.late_notice_days,
		refund_full_notice_days: f.refund_full_notice_days,
		refund_full_percent: f.refund_full_percent,
		refund_part_notice_days: f.refund_part_notice_days,
		refund_part_percent: f.refund_part_percent
	});
	if (error) {
		// A slug in use: the database's own words name the clash.
		if (error.code === '23505' && error.hint === 'slug')
			return failWith(values, { slug: error.message });
		const r = refusal('save_course', error);
		if (r.kind === 'rule') {
			const field = r.field === 'capacity_below_taken' ? 'capacity' : r.field;
			return field ? failWith(values, { [field]: r.message }) : failWith(values, {}, r.message);
		}
		if (r.kind === 'bad_input') return failWith(values, {}, BAD_INPUT_MESSAGE);
		if (r.kind === 'forbidden')
			return fail(403, { values, errors: {}, message: 'You may not change courses.' });
		if (r.kind === 'not_found') return fail(404, { values, errors: {}, message: r.message });
		return fail(500, { values, errors: {}, message: 'Something went wrong. Nothing was saved.' });
	}
	const saved = data as { id: string };
	redirect(303, `/admin/courses/${saved.id}/edit?saved=1`);
}
