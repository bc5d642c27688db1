import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, parseForm } from '$lib/server/form';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

// Only the shape here: whether a date is in the future is SQL's to judge, by the app's clock
// (private.london_today), which the demo can move.
const when = (what: string) =>
	fields.date({
		min: '1990-01-01',
		max: '2100-12-31',
		tooEarly: `The date ${what} is too long ago.`,
		tooLate: `The date ${what} cannot be in the future.`,
		missing: `Give the date ${what}.`
	});
const evidence = (required: string) =>
	fields.multiLine(2000, { required, tooLong: 'Keep it under 2,000 characters.' });

const Training = z.discriminatedUnion(
	'how',
	[
		z.object({
			how: z.literal('course'),
			certificate_code: fields.text(20, {
				required: 'Give the code on their certificate, like RFAU-7K2P-9QXD.',
				tooLong: 'A certificate code looks like RFAU-7K2P-9QXD.'
			}),
			trained_on: z.union([z.literal(''), when('they finished training')]).default('')
		}),
		z.object({
			how: z.literal('elsewhere'),
			evidence: evidence('Describe the evidence: what the training was, who ran it and when.'),
			trained_on: when('they finished training')
		})
	],
	'Say where they trained: on our course or elsewhere.'
);
const Accredit = z.discriminatedUnion(
	'how',
	[
		z.object({ how: z.literal('criteria'), accredited_on: when('of accreditation') }),
		z.object({
			how: z.literal('elsewhere'),
			accredited_on: when('of accreditation'),
			evidence: evidence('Describe the evidence: who accredited them and when.')
		})
	],
	'Say how they are accredited.'
);
const Renew = z.object({
	renewed_on: when('of renewal'),
	note: fields.multiLine(500, {
		required: 'Say what the renewal rested on (a consultation, recent groups).',
		tooLong: 'Keep it under 500 characters.'
	})
});
const Pause = z.object({
	reason: fields.multiLine(500, {
		required: 'Say why they are paused.',
		tooLong: 'Keep it under 500 characters.'
	})
});

function personId(raw: string): string {
	const parsed = fields.id().safeParse(raw);
	if (!parsed.success) error(404, 'There is no such facilitator.');
	return parsed.data;
}

/** One facilitator's record: the lead sees anyone's, a facilitator only their own. */
export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'facilitator_record_page', {
		person_id: personId(params.id)
	})
})) satisfies PageServerLoad;

export const actions = {
	training: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Training, { form: 'training' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'record_facilitator_training',
			data.how === 'course'
				? {
						person_id: personId(params.id),
						how: 'course',
						certificate_code: data.certificate_code,
						trained_on: data.trained_on || null
					}
				: {
						person_id: personId(params.id),
						how: 'elsewhere',
						evidence: data.evidence,
						trained_on: data.trained_on
					},
			values
		);
		return w.failure ?? { form: 'training', done: 'Training recorded.' };
	},
	accredit: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Accredit, { form: 'accredit' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'accredit_facilitator',
			{ person_id: personId(params.id), ...data },
			values
		);
		return w.failure ?? { form: 'accredit', done: 'Accredited. They can now lead any group.' };
	},
	renew: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Renew, { form: 'renew' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'renew_accreditation',
			{ person_id: personId(params.id), ...data },
			values
		);
		return w.failure ?? { form: 'renew', done: 'Accreditation renewed.' };
	},
	pause: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Pause, { form: 'pause' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'pause_facilitator',
			{ person_id: personId(params.id), ...data },
			values
		);
		return (
			w.failure ?? {
				form: 'pause',
				done: 'Paused. They keep the groups they run now, but cannot join another until resumed.'
			}
		);
	},
	resume: async ({ locals, params }) => {
		const w = await write(
			locals.supabase,
			'resume_facilitator',
			{ person_id: personId(params.id) },
			{ form: 'resume' }
		);
		return w.failure ?? { form: 'resume', done: 'Resumed.' };
	}
} satisfies Actions;
