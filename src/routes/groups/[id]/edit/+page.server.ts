import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { Constants } from '$lib/database';
import { fields, parseForm } from '$lib/server/form';
import { deliverNotifications } from '$lib/server/notifications';
import { view, write } from '$lib/server/rpc';
import type { Actions, PageServerLoad } from './$types';

const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$/;
const FEE = /^\d{1,5}(\.\d{1,2})?$/;

/**
 * The details form. Venue, postcode and video link come from everyone's form; name, places and
 * funding only from the lead's (a facilitator's form has no such fields, and the database refuses
 * a facilitator's change to them whatever is sent). Lengths are the ones the groups table checks.
 */
const Details = z
	.object({
		venue: fields.text(300, { tooLong: 'Keep the venue under 300 characters.' }),
		venue_postcode: fields
			.text(10, { tooLong: 'Enter the venue’s postcode, like NE1 4ST.' })
			.refine(
				(v) => v === '' || POSTCODE.test(v.replace(/\s/g, '').toUpperCase()),
				'Enter the venue’s postcode, like NE1 4ST.'
			),
		video_link: fields
			.text(500, { tooLong: 'Keep the link under 500 characters.' })
			.refine((v) => v === '' || /^https:\/\/\S+$/.test(v), 'Enter a link starting https://'),
		name: fields.name.optional(),
		capacity: z.coerce
			.number('Enter the number of places.')
			.int('Enter a whole number.')
			.min(1, 'A group needs at least 1 place.')
			.optional(),
		funding: z
			.enum(Constants.public.Enums.funding_kind, 'Choose how the group is funded.')
			.optional(),
		funder: fields
			.text(120, { tooLong: "Keep the funder's name under 120 characters." })
			.optional(),
		fee: fields
			.text(20, { tooLong: 'Enter the fee per family in pounds, like 120 or 95.50.' })
			.optional(),
		reason: fields.text(500, { tooLong: 'Keep the reason under 500 characters.' }).optional()
	})
	.superRefine((v, ctx) => {
		const issue = (path: string, message: string) =>
			ctx.addIssue({ code: 'custom', path: [path], message });
		if (!v.venue && !v.video_link) issue('venue', 'Give a venue or a video-call link.');
		if (v.venue_postcode && !v.venue) issue('venue', 'Give the venue’s address with its postcode.');
		if (v.funding === 'funded' && !v.funder) issue('funder', 'Name the funder.');
		if (v.funding === 'self_funded' && !FEE.test((v.fee ?? '').replace(/^£/, '')))
			issue('fee', 'Enter the fee per family in pounds, like 120 or 95.50.');
	});

const Swap = z.object({
	old_facilitator_id: fields.id('Choose which facilitator to replace.'),
	new_facilitator_id: fields.id('Choose who takes their place.')
});

function groupId(params: { id: string }): string {
	if (!z.string().uuid().safeParse(params.id).success) error(404, 'No such group.');
	return params.id;
}

export const load = (async ({ locals, params }) => ({
	page: await view(locals.supabase, 'edit_group_page', { group_id: groupId(params) })
})) satisfies PageServerLoad;

/** "3 families and facilitators have been emailed." */
function emailed(n: number): string {
	if (n === 0) return '';
	return n === 1
		? ' One person has been emailed about it.'
		: ` ${n} people have been emailed about it.`;
}

export const actions = {
	save: async ({ request, locals, params }) => {
		const { values, data: v, failure } = await parseForm(request, Details, { form: 'save' });
		if (failure) return failure;
		// The lead's form sends the name; without it, this is the venue and video link only.
		const lead =
			v.name === undefined
				? {}
				: {
						name: v.name,
						capacity: v.capacity,
						funding: v.funding,
						funder: v.funding === 'funded' ? v.funder : null,
						fee_pence:
							v.funding === 'self_funded'
								? Math.round(Number((v.fee ?? '').replace(/^£/, '')) * 100)
								: null,
						reason: v.reason || null
					};
		const w = await write(
			locals.supabase,
			'edit_group',
			{
				group_id: groupId(params),
				venue: v.venue || null,
				venue_postcode: v.venue_postcode || null,
				video_link: v.video_link || null,
				...lead
			},
			values
		);
		if (w.failure) return w.failure;
		// The families and facilitators were told (and any offers made) in the same transaction.
		await deliverNotifications();
		const r = w.data;
		if (!r.changed.length)
			return {
				form: 'save',
				done: 'Nothing needed changing: the group already had these details.'
			};
		const offered =
			r.offered === 0
				? ''
				: r.offered === 1
					? ' The first family on the waitlist has been offered the new place.'
					: ` The first ${r.offered} families on the waitlist have been offered the new places.`;
		return { form: 'save', done: `Saved.${offered}${emailed(r.emailed)}` };
	},
	swap: async ({ request, locals, params }) => {
		const { values, data, failure } = await parseForm(request, Swap, { form: 'swap' });
		if (failure) return failure;
		const w = await write(
			locals.supabase,
			'swap_facilitator',
			{ group_id: groupId(params), ...data },
			values
		);
		if (w.failure) return w.failure;
		await deliverNotifications();
		return {
			form: 'swap',
			done: `The facilitator has been replaced.${emailed(w.data.emailed)}`
		};
	}
} satisfies Actions;
