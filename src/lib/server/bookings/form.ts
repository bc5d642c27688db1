import { z } from 'zod';
import { fields } from '../form';
import type { BookingForm } from '$lib/bookings/types';

/** How many attendee rows a form may post: one booking is for at most 50 places. */
export const MAX_ROWS = 50;

const email = (message: string) =>
	z
		.string()
		.trim()
		.toLowerCase()
		.max(254, 'That email address is too long.')
		.refine((v) => z.email().safeParse(v).success, { message });

const optionalEmail = (message: string) =>
	z
		.string()
		.trim()
		.toLowerCase()
		.max(254, 'That email address is too long.')
		.refine((v) => v === '' || z.email().safeParse(v).success, { message });

/** The booker and payment fields of the form (the places and attendees are read per tier and row). */
export const Booker = z.object({
	booker_name: fields.text(120, { required: 'Enter your name.' }),
	booker_email: email('Enter your email address, like name@example.org.'),
	booker_organisation: fields.text(200),
	pay_by: z.enum(['invoice', 'card'], { message: 'Choose how you will pay.' }),
	po_number: fields.text(60, { tooLong: 'Keep the purchase-order number under 60 characters.' }),
	finance_name: fields.text(120),
	finance_email: optionalEmail(
		'Enter the email address invoices go to, like invoices@example.org.'
	),
	finance_address: fields.multiLine(500, { tooLong: 'Keep the address under 500 characters.' }),
	offer: z.string().max(200).default('')
});
export type Booker = z.infer<typeof Booker>;

/** The places per tier from the number fields `places_<tier id>`, with a message when wrong. */
export function readPlaces(
	course: BookingForm,
	values: Record<string, string>
): { places: { tier_id: string; count: number }[]; total: number; error: string | null } {
	const places: { tier_id: string; count: number }[] = [];
	let error: string | null = null;
	for (const t of course.tiers) {
		const raw = (values[`places_${t.id}`] ?? '').trim();
		if (raw === '') continue;
		if (!/^[0-9]{1,2}$/.test(raw)) {
			error = 'Enter a whole number of places, from 0 to 50.';
			continue;
		}
		places.push({ tier_id: t.id, count: Number(raw) });
	}
	const total = places.reduce((n, p) => n + p.count, 0);
	if (!error && total < 1) error = 'Choose at least one place.';
	if (!error && total > 50) error = 'One booking can be for up to 50 places.';
	if (!error && course.offer && total > course.offer.places)
		error = `Your offer is for ${course.offer.places === 1 ? '1 place' : `${course.offer.places} places`}.`;
	return { places: places.filter((p) => p.count > 0), total, error };
}

export interface Attendee {
	name: string;
	email: string;
	role: string;
	organisation: string;
}

const Row = z.object({
	name: fields.text(120, { tooLong: 'Keep the name under 120 characters.' }),
	email: optionalEmail('Enter an email address like name@example.org.'),
	role: fields.text(120, { tooLong: 'Keep the role under 120 characters.' }),
	organisation: fields.text(200, { tooLong: 'Keep the organisation under 200 characters.' })
});

/**
 * The attendees named now from rows `attendee_<field>_<n>`: a row with neither name nor email is
 * a place to name later; one with only one of them is a mistake beside that row.
 */
export function readAttendees(values: Record<string, string>): {
	attendees: Attendee[];
	errors: Record<string, string>;
} {
	const attendees: Attendee[] = [];
	const errors: Record<string, string> = {};
	const seen = new Set<string>();
	for (let i = 0; i < MAX_ROWS; i++) {
		const row = Row.safeParse({
			name: values[`attendee_name_${i}`] ?? '',
			email: values[`attendee_email_${i}`] ?? '',
			role: values[`attendee_role_${i}`] ?? '',
			organisation: values[`attendee_organisation_${i}`] ?? ''
		});
		if (!row.success) {
			const issue = row.error.issues[0]!;
			errors[`attendee_${String(issue.path[0])}_${i}`] = issue.message;
			continue;
		}
		const a = row.data;
		if (!a.name && !a.email) continue;
		if (!a.name) errors[`attendee_name_${i}`] = 'Enter the attendee’s name, or clear the row.';
		else if (!a.email)
			errors[`attendee_email_${i}`] = 'Enter the attendee’s email, or clear the row.';
		else if (seen.has(a.email))
			errors[`attendee_email_${i}`] = 'Each attendee needs their own email address.';
		else {
			seen.add(a.email);
			attendees.push(a);
		}
	}
	return { attendees, errors };
}

/** The payment fields' own rules, beyond each field's: what invoice payment needs. */
export function paymentErrors(
	b: Booker,
	course: BookingForm,
	cardAvailable: boolean
): Record<string, string> {
	const errors: Record<string, string> = {};
	if (b.pay_by === 'card') {
		if (!cardAvailable) errors.pay_by = 'Card payment is not available. Please pay by invoice.';
		return errors;
	}
	if (course.terms.po_required && !b.po_number)
		errors.po_number = 'This course needs a purchase-order number to book.';
	if (!b.finance_name) errors.finance_name = 'Enter who pays invoices (a person or a team).';
	if (!b.finance_email) errors.finance_email = 'Enter the email address invoices go to.';
	if (!b.finance_address) errors.finance_address = 'Enter the postal address for the invoice.';
	return errors;
}

/** Which form field a database refusal's hint belongs beside (its message goes there). */
export function fieldFor(hint: string | null): string | null {
	if (hint === 'course_full' || hint === 'places') return 'places';
	if (hint === 'course' || hint === 'offer') return null;
	return hint;
}
