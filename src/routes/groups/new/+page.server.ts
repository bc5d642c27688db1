import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, failWith, parseForm } from '$lib/server/form';
import { shiftDate, today } from '$lib/input/dates';
import { view, write } from '$lib/server/rpc';
import { dateWarnings, laterSessionWarnings } from '$lib/schedule/date-warnings';
import { londonDate, longDate } from '$lib/schedule/london';
import { planSessions, type PlannedSession } from '$lib/schedule/schedule';
import { Constants } from '$lib/database';
import type { Actions, PageServerLoad } from './$types';

// Lengths are the ones the groups table checks. How many places a programme has is for the
// database to judge (create_group's trigger), not this form: it only needs a whole number.
const NewGroup = z
	.object({
		name: fields.name,
		programme_id: fields.text(60, { required: 'Choose a programme.' }),
		audience: fields.text(120, {
			required: 'Say who the group is for.',
			tooLong: 'Keep it under 120 characters.'
		}),
		first_date: fields.date({
			min: () => shiftDate(today(), { days: 1 }),
			max: () => shiftDate(today(), { years: 2 }),
			tooEarly: 'The first session must be after today.',
			tooLate: 'Choose a first date within the next two years.',
			missing: 'Enter the date of the first session.'
		}),
		start_time: fields.time('Enter a start time like 10:00 (24-hour clock).'),
		venue: fields.text(300, { tooLong: 'Keep the venue under 300 characters.' }),
		// The database tidies and checks it too (private.uk_postcode); this catches typos early.
		venue_postcode: fields
			.text(10, { tooLong: 'Enter the venue’s postcode, like NE1 4ST.' })
			.refine(
				(v) =>
					v === '' ||
					/^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/.test(v.replace(/\s/g, '').toUpperCase()),
				'Enter the venue’s postcode, like NE1 4ST.'
			)
			// Optional: a form from before the field existed (or a script) may not send it.
			.optional(),
		video_link: fields
			.text(500, { tooLong: 'Keep the link under 500 characters.' })
			.refine((v) => v === '' || /^https:\/\/\S+$/.test(v), 'Enter a link starting https://'),
		capacity: z.coerce
			.number('Enter the number of places.')
			.int('Enter a whole number.')
			.min(1, 'A group needs at least 1 place.'),
		funding: z.enum(Constants.public.Enums.funding_kind, 'Choose how the group is funded.'),
		funder: fields.text(120, { tooLong: "Keep the funder's name under 120 characters." }),
		fee: fields.text(20, { tooLong: 'Enter the fee per family in pounds, like 120 or 95.50.' }),
		facilitator_1: fields.id('Choose the first facilitator.'),
		facilitator_2: fields.id('Choose the second facilitator.'),
		// Checkboxes: "on" when ticked, absent otherwise.
		skip_bank_holidays: fields.text(10).optional(),
		open_now: fields.text(10).optional(),
		// "Yes, keep this date": the first date the warning was about (a changed date is warned afresh).
		keep_date: fields.text(10).optional()
	})
	.superRefine((v, ctx) => {
		if (!v.venue && !v.video_link) {
			ctx.addIssue({
				code: 'custom',
				path: ['venue'],
				message: 'Give a venue or a video-call link.'
			});
		}
		if (v.venue_postcode && !v.venue) {
			ctx.addIssue({
				code: 'custom',
				path: ['venue'],
				message: 'Give the venue’s address with its postcode.'
			});
		}
		if (v.funding === 'funded' && !v.funder) {
			ctx.addIssue({ code: 'custom', path: ['funder'], message: 'Name the funder.' });
		}
		if (v.funding === 'self_funded' && !/^\d{1,5}(\.\d{1,2})?$/.test(v.fee.replace(/^£/, ''))) {
			ctx.addIssue({
				code: 'custom',
				path: ['fee'],
				message: 'Enter the fee per family in pounds, like 120 or 95.50.'
			});
		}
		if (v.facilitator_1 === v.facilitator_2) {
			ctx.addIssue({
				code: 'custom',
				path: ['facilitator_2'],
				message: 'Choose two different facilitators.'
			});
		}
	});

/** What will happen to a first date that is warned about, so nothing moves silently. */
function firstSession(firstDate: string, first: PlannedSession | undefined): string {
	const date = first ? londonDate(first.startsAt) : firstDate;
	return date === firstDate
		? 'The first session will be on that day.'
		: `With “Skip UK bank holidays” ticked, the first session will be on ${longDate(date)} instead.`;
}

export const load = (async ({ locals }) => ({
	form_data: await view(locals.supabase, 'new_group_form')
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals }) => {
		const { data: v, values, failure } = await parseForm(request, NewGroup);
		if (failure) return failure;
		const { programmes, region } = await view(locals.supabase, 'new_group_form');
		const programme = programmes.find((p) => p.id === v.programme_id);
		if (!programme) return failWith(values, { programme_id: 'Choose a programme.' });
		const skipping = v.skip_bank_holidays === 'on';
		const plan = planSessions({
			firstDate: v.first_date,
			time: v.start_time,
			count: programme.session_count,
			minutes: programme.session_minutes,
			cadence: programme.cadence,
			skipBankHolidays: skipping,
			region
		});
		if (v.keep_date !== v.first_date) {
			const first = dateWarnings({ date: v.first_date, time: v.start_time, region });
			const later = laterSessionWarnings(plan.sessions, v.start_time, region);
			if (first.length || later.length) {
				const firstText = first.length
					? [...first, firstSession(v.first_date, plan.sessions[0])]
					: [];
				const laterText = later.length
					? [
							...later,
							skipping || !later.some((w) => w.includes('bank holiday'))
								? ''
								: 'Tick “Skip UK bank holidays” to move a session off a bank holiday (later sessions move back a week).'
						]
					: [];
				return failWith(
					values,
					{
						first_date: [...firstText, ...laterText].filter(Boolean).join(' '),
						keep_date: 'To keep this date, tick “Yes, keep this date” and create the group again.'
					},
					'Check the dates before the group is created.'
				);
			}
		}
		const created = await write(
			locals.supabase,
			'create_group',
			{
				name: v.name,
				programme_id: v.programme_id,
				audience: v.audience,
				start_time: v.start_time,
				venue: v.venue || null,
				venue_postcode: v.venue_postcode || null,
				video_link: v.video_link || null,
				capacity: v.capacity,
				funding: v.funding,
				funder: v.funding === 'funded' ? v.funder : null,
				fee_pence:
					v.funding === 'self_funded' ? Math.round(Number(v.fee.replace(/^£/, '')) * 100) : null,
				facilitator_ids: [v.facilitator_1, v.facilitator_2],
				sessions: plan.sessions.map((s) => ({
					starts_at: s.startsAt.toISOString(),
					ends_at: s.endsAt.toISOString()
				})),
				open_now: v.open_now === 'on'
			},
			values
		);
		if (created.failure) return created.failure;
		const skipped = plan.skipped.map((s) => s.date).join(',');
		redirect(303, `/groups/${created.data.id}?created=1${skipped ? `&skipped=${skipped}` : ''}`);
	}
} satisfies Actions;
