import { error, redirect, type RequestEvent } from '@sveltejs/kit';
import { z } from 'zod';
import { failWith, fields, parseForm, type FieldErrors } from '$lib/server/form';
import { deliverNotifications } from '$lib/server/notifications';
import { view, write } from '$lib/server/rpc';
import { BookingChangeQuote, CHANGE_KINDS, type ChangeKind } from '$lib/terms/types';

/**
 * The booking change pages (`/bookings/[id]/change` for the booker, `/admin/bookings/[id]/change`
 * for training staff) share one load and two actions: `quote` asks the database what the change
 * would cost (nothing changes) and shows it with a Confirm button; `confirm` makes the change
 * with the same choices, which the database prices again under its locks.
 */

const uuid = z.uuid();

function bookingId(params: Partial<Record<string, string>>): string {
	if (!uuid.safeParse(params.id).success) error(404, 'No such booking.');
	return params.id!;
}

export async function loadChangePage({ locals, params }: Pick<RequestEvent, 'locals' | 'params'>) {
	return {
		page: await view(locals.supabase, 'booking_change_page', { booking: bookingId(params) })
	};
}

const optionalId = z
	.string()
	.optional()
	.transform((v) => v || undefined)
	.pipe(uuid.optional());

const Choice = z
	.object({
		kind: z.enum(CHANGE_KINDS, 'Choose whether to cancel, transfer or change the attendee.'),
		to_course: z.string().optional(),
		to_tier: z.string().optional(),
		reason: fields.text(500, { tooLong: 'Keep the reason under 500 characters.' }).optional(),
		name: fields.text(120, { tooLong: 'Keep the name under 120 characters.' }).optional(),
		email: z.string().optional(),
		role: fields.text(120, { tooLong: 'Keep the role under 120 characters.' }).optional(),
		organisation: fields
			.text(200, { tooLong: 'Keep the organisation under 200 characters.' })
			.optional()
	})
	.superRefine((v, ctx) => {
		const issue = (path: string, message: string) =>
			ctx.addIssue({ code: 'custom', path: [path], message });
		if (v.kind === 'transfer' && !uuid.safeParse(v.to_course).success)
			issue('to_course', 'Choose the course to move the places to.');
		if (v.kind === 'transfer' && !optionalId.safeParse(v.to_tier).success)
			issue('to_tier', 'Choose one of the new course’s tiers.');
		if (v.kind === 'cancel' && !v.reason) issue('reason', 'Say why the places are cancelled.');
		if (v.kind === 'substitute') {
			if (!v.name) issue('name', 'Enter the new attendee’s name.');
			if (!fields.email.safeParse(v.email ?? '').success)
				issue('email', 'Enter the new attendee’s email address, like name@example.org.');
		}
	});
type Choice = z.infer<typeof Choice>;

/** The ticked places: one checkbox per place, named `place:<id>`. */
function chosenPlaces(values: Record<string, string>): string[] {
	return Object.keys(values)
		.filter((k) => k.startsWith('place:') && uuid.safeParse(k.slice(6)).success)
		.map((k) => k.slice(6));
}

async function readChoice(request: Request) {
	const parsed = await parseForm(request, Choice);
	const places = chosenPlaces(parsed.values);
	const errors: FieldErrors = { ...(parsed.errors ?? {}) };
	if (!places.length) errors.places ??= 'Choose at least one place.';
	else if (parsed.data?.kind === 'substitute' && places.length !== 1)
		errors.places ??= 'Choose the one place whose attendee is changing.';
	if (parsed.failure || Object.keys(errors).length)
		return { failure: failWith(parsed.values, errors), values: parsed.values } as const;
	return { choice: parsed.data as Choice, places, values: parsed.values } as const;
}

const quoteArgs = (booking: string, c: Choice, places: string[]) => ({
	booking,
	kind: c.kind,
	places,
	to_course: c.kind === 'transfer' ? c.to_course : undefined,
	to_tier: c.kind === 'transfer' ? c.to_tier || undefined : undefined
});

export function changeActions(base: '/bookings' | '/admin/bookings') {
	return {
		/** Step one: what the change would cost. Nothing changes. */
		quote: async ({ request, locals, params }: RequestEvent) => {
			const booking = bookingId(params);
			const r = await readChoice(request);
			if (r.failure) return r.failure;
			const { data, error: e } = await locals.supabase.rpc(
				'quote_booking_change',
				quoteArgs(booking, r.choice, r.places)
			);
			if (e) {
				if (e.code === '42501')
					return failWith(r.values, {}, 'You are not allowed to do that.', 403);
				return failWith(r.values, {}, 'Those choices could not be priced. Please check them.');
			}
			const quote = BookingChangeQuote.parse(data);
			if (quote.refusal) {
				const field = quote.refusal.field;
				return field
					? failWith(r.values, { [field]: quote.refusal.message })
					: failWith(r.values, {}, quote.refusal.message);
			}
			return { quote, values: r.values, places: r.places };
		},
		/** Step two: make the change the person saw priced. */
		confirm: async ({ request, locals, params }: RequestEvent) => {
			const booking = bookingId(params);
			const r = await readChoice(request);
			if (r.failure) return r.failure;
			const c = r.choice;
			const kind: ChangeKind = c.kind;
			let w;
			if (kind === 'cancel') {
				w = await write(
					locals.supabase,
					'cancel_booking_places',
					{ booking, places: r.places, reason: c.reason ?? '' },
					r.values
				);
			} else if (kind === 'transfer') {
				w = await write(
					locals.supabase,
					'transfer_booking_places',
					{
						booking,
						places: r.places,
						to_course: c.to_course!,
						reason: c.reason ?? '',
						to_tier: c.to_tier || undefined
					},
					r.values
				);
			} else {
				w = await write(
					locals.supabase,
					'substitute_attendee',
					{
						place: r.places[0]!,
						name: c.name ?? '',
						email: (c.email ?? '').trim().toLowerCase(),
						role: c.role ?? '',
						organisation: c.organisation ?? ''
					},
					r.values
				);
			}
			if (w.failure) return w.failure;
			await deliverNotifications();
			redirect(303, `${base}/${booking}/change?done=${kind}`);
		}
	};
}
