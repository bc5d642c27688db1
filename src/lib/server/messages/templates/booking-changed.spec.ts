import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { templates } from './index';

const ctx: MessageContext = {
	recipient: { email: 'booker@example.org', full_name: 'Karen Lowe', role: 'booker' },
	clinic: {
		name: 'Riverside Family Clinic',
		phone: null,
		email: 'training@riverside.example',
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
};
const common = {
	booking: { id: 'b1', reference: 'NBC4410', booker_name: 'Karen Lowe' },
	course: { id: 'c1', title: 'Reflective Fostering', first_day: '2027-01-28' }
};
const render = (payload: Record<string, unknown>) =>
	templates.booking_changed!({ ...common, ...payload }, ctx);

describe('a booking changed under its terms (to the booker)', () => {
	it('a cancellation names the places, the band and the credit note', () => {
		const mail = render({
			change: 'cancel',
			places: ['Ben Carter'],
			refund_pence: 51300,
			band: "At least 28 days' notice: 90% of the price is refunded",
			credit_note_number: 7,
			reason: 'Left the team'
		});
		expect(mail.subject).toBe('Booking NBC4410: places cancelled');
		expect(mail.text).toContain('We have cancelled 1 place (Ben Carter) on Reflective Fostering');
		expect(mail.text).toContain('Credit note 7 takes £513.00 off the invoice');
		expect(mail.text).toContain('https://groups.example.org/bookings/b1');
	});

	it('a cancellation with nothing back says the invoice stays', () => {
		const mail = render({
			change: 'cancel',
			places: ['A', 'B'],
			refund_pence: 0,
			band: "Fewer than 14 days' notice: nothing is refunded",
			credit_note_number: null,
			reason: 'x'
		});
		expect(mail.text).toContain('2 places (A, B)');
		expect(mail.text).toContain('Nothing is refunded, so the invoice stays as it was.');
	});

	it('a transfer names the new course, the new booking and the fee, and links to it', () => {
		const mail = render({
			change: 'transfer',
			places: ['Aisha Rahman'],
			fee_pence: 5700,
			band: "At least 14 days' notice: the transfer fee is 10% of the price",
			to_course: { id: 'c2', title: 'Reflective Fostering (spring)', first_day: '2027-04-22' },
			new_booking: { id: 'b2', reference: 'A1B2C3' }
		});
		expect(mail.text).toContain(
			'to Reflective Fostering (spring), starting Thursday 22 April 2027'
		);
		expect(mail.text).toContain('The transfer costs £57.00, on a new invoice');
		expect(mail.html).toContain('href="https://groups.example.org/bookings/b2"');
	});

	it('a substitution is free and says the online training starts again', () => {
		const mail = render({
			change: 'substitute',
			places: ['Priya Shah'],
			replaced: 'Ben Carter',
			grants_online_training: true
		});
		expect(mail.subject).toBe('Booking NBC4410: attendee changed');
		expect(mail.text).toContain(
			'Priya Shah now has the place on Reflective Fostering instead of Ben Carter'
		);
		expect(mail.text).toContain('their own progress starts from the beginning');
	});

	it('refuses a payload without the change', () => {
		expect(() => render({ places: [] })).toThrow();
	});
});
