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
	enquiry_id: '00000000-0000-4000-8000-000000009999',
	organisation: 'Westshire <County> Council',
	contact_name: 'Maya Patel',
	email: 'maya.patel@westshire.example.org',
	phone: null,
	staff_count: 18,
	area: 'Westshire',
	message: 'Spring, ideally.\nTwo teams.',
	course_title: 'Reflective Fostering'
};

describe('a commissioning enquiry (to the training admins)', () => {
	it('carries the enquiry, so the admin can reply, and links to the list', () => {
		const mail = templates.course_enquiry!(payload, ctx);
		expect(mail.subject).toBe('Training enquiry from Westshire <County> Council');
		expect(mail.text.split('\n\n')[0]).toBe('Dear Ruth,');
		expect(mail.text).toContain(
			'Westshire <County> Council would like to commission “Reflective Fostering” locally.'
		);
		expect(mail.text).toContain('Email: maya.patel@westshire.example.org');
		expect(mail.text).toContain('Staff: 18');
		expect(mail.text).not.toContain('Phone:');
		expect(mail.text).toContain('See all enquiries: https://groups.example.org/admin/enquiries');
		// What the visitor typed is escaped in the html.
		expect(mail.html).toContain('Westshire &#60;County&#62; Council');
		expect(mail.html).not.toContain('<County>');
		expect(mail.html).toContain('Spring, ideally.<br>Two teams.');
	});

	it('refuses a payload without the enquiry', () => {
		expect(() => templates.course_enquiry!({ enquiry_id: 'x' }, ctx)).toThrow();
	});
});
