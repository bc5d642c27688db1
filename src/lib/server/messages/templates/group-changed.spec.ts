import { describe, expect, it } from 'vitest';
import { templates } from './index';
import type { MessageContext } from '../types';

const ctx: MessageContext = {
	recipient: { email: 'sam@example.org', full_name: 'Sam Taylor', role: 'parent' },
	clinic: {
		name: 'Northside Family Clinic',
		phone: null,
		email: null,
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
};
const group = {
	id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
	name: 'Thursday evenings',
	venue: 'Elm Room',
	video_link: null,
	session_count: 8
};
const render = (payload: object) => templates.group_changed!(payload, ctx);

describe('group_changed', () => {
	it('tells a family each change, old and new, with a link to their page', () => {
		const mail = render({
			group,
			audience: 'parent',
			status: 'enrolled',
			changes: {
				venue: { was: 'Oak Room', now: 'Elm Room' },
				venue_postcode: { was: null, now: 'NE1 4ST' },
				facilitators: { was: ['Priya', 'Tom'], now: ['Priya', 'Sam'] },
				cost: {
					was: { funding: 'funded', fee_pence: null },
					now: { funding: 'self_funded', fee_pence: 9550 }
				}
			}
		});
		expect(mail.subject).toBe('Thursday evenings: a change to the group');
		expect(mail.text).toContain('Where it meets: was Oak Room, now Elm Room.');
		expect(mail.text).toContain("The venue's postcode: was none, now NE1 4ST.");
		expect(mail.text).toContain('The facilitators: were Priya and Tom, now Priya and Sam.');
		expect(mail.text).toContain(
			'The cost: was no cost to families (funded), now £95.50 per family.'
		);
		expect(mail.text).toContain('Your page: https://groups.example.org/my');
		expect(mail.html).toContain('<a href="https://groups.example.org/my">Your page</a>');
	});

	it('carries a calendar update when it says so, with the new venue', () => {
		const session = {
			id: '00000001-0000-4000-8000-000000000000',
			number: 1,
			title: 'Getting started',
			starts_at: '2027-03-04T10:00:00Z',
			ends_at: '2027-03-04T12:00:00Z',
			status: 'scheduled',
			revision: 2
		};
		const mail = render({
			group,
			audience: 'parent',
			status: 'enrolled',
			changes: { venue: { was: 'Oak Room', now: 'Elm Room' } },
			sessions: [session]
		});
		expect(mail.attachments).toHaveLength(1);
		const ics = mail.attachments![0]!.content.replace(/\r\n[ \t]/g, '');
		expect(ics).toContain('METHOD:REQUEST');
		expect(ics).toContain('SEQUENCE:2');
		expect(ics).toContain('Elm Room');
		expect(mail.text).toContain(
			'The calendar file attached updates the sessions in your calendar.'
		);
		// Without sessions (the waitlist, or a change calendars do not show), no file.
		expect(
			render({
				group,
				audience: 'parent',
				status: 'waitlisted',
				changes: { venue: { was: 'a', now: 'b' } }
			}).attachments
		).toEqual([]);
	});

	it('escapes what was typed, in the html', () => {
		const mail = render({
			group,
			audience: 'parent',
			status: 'waitlisted',
			changes: { name: { was: 'Old <b>name</b>', now: 'New & improved' } }
		});
		expect(mail.html).toContain('Old &#60;b&#62;name&#60;/b&#62;');
		expect(mail.html).toContain('New &#38; improved');
		expect(mail.html).not.toContain('<b>name</b>');
	});

	it('tells the facilitator who was replaced that they no longer run the group', () => {
		const mail = render({
			group,
			audience: 'former_facilitator',
			status: null,
			changes: { facilitators: { was: ['Priya', 'Tom'], now: ['Priya', 'Sam'] } }
		});
		expect(mail.subject).toBe('You no longer facilitate Thursday evenings');
		expect(mail.text).toContain('https://groups.example.org/groups');
		expect(mail.text).not.toContain(`/groups/${group.id}`);
	});

	it('refuses a payload it does not know (the worker marks it failed, never sends nonsense)', () => {
		expect(() =>
			render({ group, audience: 'parent', status: null, changes: { venue: 'x' } })
		).toThrow();
	});
});
