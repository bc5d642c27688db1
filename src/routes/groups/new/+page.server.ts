import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { fields, formValues, failWith } from '$lib/server/form';
import { callWrite } from '$lib/server/groups';
import { loadView } from '$lib/server/rpc';
import { planSessions } from '$lib/schedule/schedule';
import { londonDate } from '$lib/schedule/schedule';
import type { Programme } from '$lib/groups/types';
import type { Actions, PageServerLoad } from './$types';

interface NewGroupForm {
	programmes: Programme[];
	facilitators: { id: string; full_name: string }[];
}

const uuid = (message: string) => z.string().uuid(message);

const NewGroup = z
	.object({
		name: fields.name,
		programme_id: z.string().min(1, 'Choose a programme.'),
		audience: z.string().trim().min(1, 'Say who the group is for.').max(120),
		first_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the date of the first session.'),
		start_time: z
			.string()
			.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a start time like 10:00 (24-hour clock).'),
		venue: z.string().trim().max(300, 'Keep the venue under 300 characters.'),
		video_link: z
			.string()
			.trim()
			.max(500)
			.refine((v) => v === '' || /^https:\/\/\S+$/.test(v), 'Enter a link starting https://'),
		capacity: z.coerce
			.number('Enter the number of places.')
			.int('Enter a whole number.')
			.min(1, 'A group needs at least 1 place.')
			.max(12, 'A group has at most 12 places.'),
		funding: z.enum(['funded', 'self_funded'], 'Choose how the group is funded.'),
		funder: z.string().trim().max(120),
		fee: z.string().trim(),
		facilitator_1: uuid('Choose the first facilitator.'),
		facilitator_2: uuid('Choose the second facilitator.'),
		skip_bank_holidays: z.string().optional(),
		open_now: z.string().optional()
	})
	.superRefine((v, ctx) => {
		if (!v.venue && !v.video_link) {
			ctx.addIssue({
				code: 'custom',
				path: ['venue'],
				message: 'Give a venue or a video-call link.'
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
		if (v.first_date <= londonDate(new Date())) {
			ctx.addIssue({
				code: 'custom',
				path: ['first_date'],
				message: 'The first session must be after today.'
			});
		}
	});

export const load = (async ({ locals }) => ({
	form_data: await loadView<NewGroupForm>(locals.supabase, 'new_group_form')
})) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, locals }) => {
		const values = formValues(await request.formData());
		const parsed = NewGroup.safeParse(values);
		if (!parsed.success) {
			const errors: Record<string, string> = {};
			for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
			return failWith(values, errors);
		}
		const v = parsed.data;
		const { programmes } = await loadView<NewGroupForm>(locals.supabase, 'new_group_form');
		const programme = programmes.find((p) => p.id === v.programme_id);
		if (!programme) return failWith(values, { programme_id: 'Choose a programme.' });
		const plan = planSessions({
			firstDate: v.first_date,
			time: v.start_time,
			count: programme.session_count,
			minutes: programme.session_minutes,
			cadence: programme.cadence,
			skipBankHolidays: v.skip_bank_holidays === 'on'
		});
		const { data, failure } = await callWrite<{ id: string }>(
			locals.supabase,
			'create_group',
			{
				name: v.name,
				programme_id: v.programme_id,
				audience: v.audience,
				start_time: v.start_time,
				venue: v.venue || null,
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
		if (failure) return failure;
		const skipped = plan.skipped.map((s) => s.date).join(',');
		redirect(303, `/groups/${data.id}?created=1${skipped ? `&skipped=${skipped}` : ''}`);
	}
} satisfies Actions;
