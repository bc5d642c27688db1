import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { templates } from './index';

const ctx: MessageContext = {
	recipient: { email: 'training@example.org', full_name: 'Ruth Okafor', role: 'training_admin' },
	clinic: {
		name: 'Riverside Family Clinic',
		phone: null,
		email: null,
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
};

const payload = {
	request_id: '00000000-0000-4000-8000-000000009999',
	course_id: '00000000-0000-4000-8000-000000003001',
	course_title: 'Reflective <Fostering>',
	trainee_name: 'Ben Carter',
	trainee_email: 'trainee2@example.org',
	opens_on: '2027-01-18',
	paid: true,
	message: 'I am away in January.\nCould I start now?'
};

describe('an early-access request (to the training admins)', () => {
	it('says who, which course, when it would open, their message, and links to the course', () => {
		const mail = templates.online_access_requested!(payload, ctx);
		expect(mail.subject).toBe('Early access asked for: Ben Carter');
		expect(mail.text).toContain(
			'Ben Carter asked to start the online training for “Reflective <Fostering>” early.'
		);
		expect(mail.text).toContain('It opens for them on 18 January 2027. Their place is paid for.');
		expect(mail.text).toContain('Their message:\nI am away in January.\nCould I start now?');
		expect(mail.text).toContain(
			'Grant or decline it: https://groups.example.org/teaching/00000000-0000-4000-8000-000000003001'
		);
		expect(mail.html).toContain('Reflective &#60;Fostering&#62;');
		expect(mail.html).not.toContain('<Fostering>');
	});

	it('warns when the place is not paid for, and leaves out an empty message', () => {
		const mail = templates.online_access_requested!({ ...payload, paid: false, message: ' ' }, ctx);
		expect(mail.text).toContain('Their place is not paid for yet, so it cannot open until it is');
		expect(mail.text).not.toContain('Their message');
	});
});
