import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { templates } from './index';

const ctx = (full_name: string): MessageContext => ({
	recipient: { email: 'someone@example.org', full_name, role: null },
	clinic: {
		name: 'Riverside Family Clinic',
		phone: null,
		email: 'training@riverside.example',
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
});

const reminder = {
	name: 'Aisha Rahman',
	course: 'Reflective Fostering',
	first_day: '2027-06-17',
	opens_on: '2027-05-17',
	link: '/training',
	days: 14,
	unpaid: false,
	state: 'open',
	copy: false
};

describe('the online training emails', () => {
	it('says the training is open, with the link and the first day', () => {
		const mail = templates.online_training_open!(reminder, ctx('Aisha Rahman'));
		expect(mail.subject).toBe('Your online training is open');
		expect(mail.text).toContain('https://groups.example.org/training');
		expect(mail.text).toContain('Thursday 17 June 2027');
	});

	it('reminds an attendee; an unpaid one is told to pay first', () => {
		const paid = templates.online_training_reminder!(reminder, ctx('Aisha Rahman'));
		expect(paid.subject).toBe('Your online training: 14 days to go');
		expect(paid.text).not.toContain('paid for first');
		const unpaid = templates.online_training_reminder!(
			{ ...reminder, days: 3, unpaid: true },
			ctx('Aisha Rahman')
		);
		expect(unpaid.subject).toBe('Your online training: 3 days to go');
		expect(unpaid.text).toContain('Your place must be paid for first');
	});

	it("gives the booker a copy about the attendee, without the attendee's link", () => {
		const mail = templates.online_training_reminder!(
			{ ...reminder, unpaid: true, copy: true },
			ctx('Karen Lowe')
		);
		expect(mail.subject).toBe('Aisha Rahman: online training not finished, 14 days to go');
		expect(mail.text).toContain("Aisha Rahman's place must be paid for first");
		expect(mail.text).toContain('You get a copy because you booked the place');
		expect(mail.text).not.toContain('/training');
	});

	it('lists for the trainers who has not finished, with counts', () => {
		const mail = templates.online_training_trainers!(
			{
				course: 'Reflective Fostering',
				not_done: ['Aisha Rahman', 'Ben <b>Carter</b>'],
				total: 5,
				done: 3,
				link: '/teaching/abc'
			},
			ctx('Priya Shah')
		);
		expect(mail.subject).toBe("Today's course: 2 not finished the online training");
		expect(mail.text).toContain('3 of 5 attendees have finished');
		expect(mail.text).toContain('Not finished yet: Aisha Rahman, Ben <b>Carter</b>.');
		expect(mail.html).toContain('<li>Ben &#60;b&#62;Carter&#60;/b&#62;</li>');
	});

	it('sends the certificate with its PDF and check address', () => {
		const mail = templates.certificate_issued!(
			{
				name: 'Esther Nowak',
				course: 'Reflective Fostering',
				first_day: '2026-09-01',
				last_day: '2026-09-02',
				cpd_hours: 14,
				code: 'RFAU-7K2P-9QXD',
				pdf_path: '/training/certificates/RFAU-7K2P-9QXD.pdf',
				check_path: '/certificates/RFAU-7K2P-9QXD',
				copy: false
			},
			ctx('Esther Nowak')
		);
		expect(mail.subject).toBe('Your certificate of attendance');
		expect(mail.text).toContain('14 CPD hours');
		expect(mail.text).toContain(
			'https://groups.example.org/training/certificates/RFAU-7K2P-9QXD.pdf'
		);
		expect(mail.text).toContain('https://groups.example.org/certificates/RFAU-7K2P-9QXD');
	});
});
