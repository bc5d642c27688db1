import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { templates } from './index';

const ctx: MessageContext = {
	recipient: { email: 'ben@example.org', full_name: 'Ben Carter', role: 'trainee' },
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
	course: 'Reflective Fostering',
	state: 'open_early',
	first_day: '2027-06-17',
	place_id: '00000000-0000-4000-8000-000000003302'
};

describe('online_early_access', () => {
	it('says it is open now when the place is paid', () => {
		const mail = templates.online_early_access!({ ...payload, open: true }, ctx);
		expect(mail.subject).toBe('The online training for Reflective Fostering is open');
		expect(mail.text).toContain('It is open now');
		expect(mail.text).toContain('17 June 2027');
		expect(mail.text).toContain('https://groups.example.org/training');
	});

	it('says it opens once paid, never that it is open, while unpaid', () => {
		const mail = templates.online_early_access!({ ...payload, open: false, state: 'unpaid' }, ctx);
		expect(mail.text).toContain('as soon as your place is paid for');
		expect(mail.text).not.toContain('open now');
	});
});
