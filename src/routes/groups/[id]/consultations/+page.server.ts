import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { shiftDate, today } from '$lib/input/dates';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

/** Session numbers run 1–20; each is a tick box of its own (`session_3`), as forms send one value a name. */
const NUMBERS = Array.from({ length: 20 }, (_, i) => i + 1);
const ticks = Object.fromEntries(NUMBERS.map((n) => [`session_${n}`, z.literal('yes').optional()]));

const long = (label: string) =>
	fields.multiLine(5000, { tooLong: `Keep ${label} under 5,000 characters.` }).default('');
const Details = z.object({
	// The database checks the date against the group's first session.
	held_on: fields.date({
		min: () => shiftDate(today(), { years: -5 }),
		max: today,
		tooEarly: 'That is more than five years ago. Check the year.',
		tooLate: 'The date cannot be in the future.',
		missing: 'Enter the date of the consultation.'
	}),
	moments: long('the moments reviewed'),
	themes: long('the themes'),
	actions: long('the actions'),
	...ticks
});
const Change = Details.extend({ consultation_id: fields.id() });
const OneConsultation = z.object({ consultation_id: fields.id() });
const Consultant = z.object({
	consultant_id: fields.id('Choose who will be the consultant.')
});

function groupId(params: { id: string }): string {
	if (!z.string().uuid().safeParse(params.id).success) error(404, 'No such group.');
	return params.id;
}

/** The ticked sessions' numbers, in order. */
function reviewed(data: Record<string, unknown>): number[] {
	return NUMBERS.filter((n) => data[`session_${n}`] === 'yes');
}

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'group_consultations_page', { group_id: groupId(params) }),
	today: today()
})) satisfies PageServerLoad;

export const actions = {
	record: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Details, { form: 'record' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'record_consultation',
			{
				group_id: groupId(params),
				held_on: data.held_on,
				sessions_reviewed: reviewed(data),
				moments: data.moments,
				themes: data.themes,
				actions: data.actions
			},
			values
		);
		return w.failure ?? { form: 'record', done: 'Consultation recorded.' };
	},
	update: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, Change, { form: 'update' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'update_consultation',
			{
				consultation_id: data.consultation_id,
				held_on: data.held_on,
				sessions_reviewed: reviewed(data),
				moments: data.moments,
				themes: data.themes,
				actions: data.actions
			},
			values
		);
		return w.failure ?? { form: 'update', done: 'Consultation changed.' };
	},
	delete: async ({ request, locals }) => {
		const { values, data, failure } = await parseForm(request, OneConsultation, {
			form: 'delete'
		});
		if (failure) return failure;
		const w = await write(locals.supabase, 'delete_consultation', data, values);
		return w.failure ?? { form: 'delete', done: 'Consultation deleted.' };
	},
	name: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Consultant, { form: 'name' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'name_group_consultant',
			{ group_id: groupId(params), consultant_id: data.consultant_id },
			values
		);
		return w.failure ?? { form: 'name', done: 'Consultant named.' };
	},
	remove: async ({ request, locals, params }) => {
		const { values, failure } = await parseForm(request, z.object({}), { form: 'remove' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'remove_group_consultant',
			{ group_id: groupId(params) },
			values
		);
		return w.failure ?? { form: 'remove', done: 'Consultant removed.' };
	}
} satisfies Actions;
