import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { templates } from './index';

const ctx: MessageContext = {
	recipient: { email: 'lead@example.org', full_name: 'Helen Marsh', role: 'clinical_lead' },
	clinic: {
		name: 'Riverside Family Clinic',
		phone: '0191 496 0000',
		email: 'groups@riverside.example',
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
};

describe('someone asked about the next group (to the lead)', () => {
	it('says someone asked and links to the interest list, with no one’s details', () => {
		const mail = templates.interest_signup!({ asked_at: '2027-03-04T10:00:00Z' }, ctx);
		expect(mail.subject).toBe('Someone asked about the next group');
		expect(mail.text.split('\n\n')[0]).toBe('Dear Helen,');
		expect(mail.text).toContain(
			'See the interest list: https://groups.example.org/review/interest'
		);
		expect(mail.html).toContain('href="https://groups.example.org/review/interest"');
	});

	it('refuses a payload without the time asked', () => {
		expect(() => templates.interest_signup!({}, ctx)).toThrow();
	});
});
