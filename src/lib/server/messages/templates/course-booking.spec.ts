import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { templates } from './index';

const ctx: MessageContext = {
	recipient: { email: 'aisha@example.org', full_name: 'Aisha Rahman', role: null },
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

const course = {
	slug: 'reflective-fostering',
	title: 'Reflective Fostering',
	online: false,
	venue_name: 'The Kantor Centre of Excellence',
	venue_address: '4–8 Rodney Street, London',
	venue_postcode: 'N1 9JH',
	map_url: null,
	days: [
		{
			day: '2027-06-17',
			starts: '09:30',
			ends: '16:30',
			starts_at: '2027-06-17T08:30:00+00:00',
			ends_at: '2027-06-17T15:30:00+00:00'
		}
	]
};

const invitation = (role: string) => ({
	token: 'ab'.repeat(32),
	expires_at: '2027-06-01T10:00:00Z',
	role,
	invited_by: null,
	course: {
		...course,
		booked_by: 'Karen Lowe',
		organisation: 'Northfield Borough Council',
		reference: 'NBC4410'
	}
});

describe('course invitations (sent by the service, invited_by null)', () => {
	it('tells an attendee who booked them onto which course, in London time', () => {
		const mail = templates.invitation!(invitation('trainee'), ctx);
		expect(mail.subject).toBe('Karen Lowe booked you a place on Reflective Fostering');
		expect(mail.text).toContain(
			'Karen Lowe (Northfield Borough Council) booked you a place on Reflective Fostering'
		);
		expect(mail.text).toContain('Thu 17 Jun 2027, 09:30–16:30');
		expect(mail.text).toContain(`https://groups.example.org/welcome/${'ab'.repeat(32)}`);
	});

	it('tells the booker the account is for managing their booking', () => {
		const mail = templates.invitation!(invitation('booker'), ctx);
		expect(mail.subject).toBe('Set up your account to manage your booking NBC4410');
		expect(mail.text).toContain('name attendees and add a purchase-order number');
	});

	it('still renders a group invitation whose inviter is gone (invited_by null)', () => {
		const mail = templates.invitation!(
			{
				token: 'cd'.repeat(32),
				expires_at: '2027-06-01T10:00:00Z',
				role: 'parent',
				invited_by: null
			},
			ctx
		);
		expect(mail.subject).toBe(
			"Riverside Family Clinic has invited you to Riverside Family Clinic's parents' groups"
		);
	});
});

describe('booking confirmed', () => {
	it('gives the reference, places per fee, what happens next and the sign-in link', () => {
		const mail = templates.booking_confirmed!(
			{
				reference: 'NBC4410',
				status: 'booked',
				pay_by: 'invoice',
				po_number: null,
				held_until: null,
				course,
				tiers: [{ tier_id: crypto.randomUUID(), name: 'Without online training', count: 3 }],
				places: 3,
				named: 2,
				payment_due_days: 21
			},
			ctx
		);
		expect(mail.subject).toBe('Booking confirmed: Reflective Fostering (NBC4410)');
		expect(mail.text).toContain('3 places: Without online training');
		expect(mail.text).toContain('Please add your purchase-order number when you have it.');
		expect(mail.text).toContain('name the 1 place still to be named');
		expect(mail.text).toContain('https://groups.example.org/bookings');
	});
});

describe('waiting list', () => {
	it('an offer links to the booking form with its token and says until when', () => {
		const mail = templates.course_place_offered!(
			{
				token: 'ef'.repeat(32),
				places: 2,
				offered_until: '2027-06-01T16:00:00Z',
				course: { slug: 'reflective-fostering', title: 'Reflective Fostering' }
			},
			ctx
		);
		expect(mail.text).toContain(
			`https://groups.example.org/courses/reflective-fostering/book?offer=${'ef'.repeat(32)}`
		);
		expect(mail.text).toContain('until Tue 1 Jun 2027 at 17:00');
	});

	it('joining says what happens next', () => {
		const mail = templates.course_waitlisted!({ course, places: 1, offer_hours: 48 }, ctx);
		expect(mail.subject).toBe('You are on the waiting list for Reflective Fostering');
		expect(mail.text).toContain('kept for you for 48 hours');
	});
});
