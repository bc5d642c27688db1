import { describe, expect, it } from 'vitest';
import type { MessageContext } from '../types';
import { templates } from './index';

/** Issue 12's people emails: subject and first lines of each kind, as the worker renders them. */

const ctx = (full_name: string, role = 'parent'): MessageContext => ({
	recipient: { email: 'x@example.org', full_name, role },
	clinic: {
		name: 'Riverside Family Clinic',
		phone: '0191 496 0000',
		email: 'groups@riverside.example',
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
});

const session = (n: number, day: number) => ({
	id: `00000000-0000-4000-8000-0000000030${String(n).padStart(2, '0')}`,
	number: n,
	title: n === 1 ? 'Welcome & <getting started>' : `Session title ${n}`,
	starts_at: `2027-03-${String(day).padStart(2, '0')}T18:00:00.000Z`,
	ends_at: `2027-03-${String(day).padStart(2, '0')}T20:00:00.000Z`,
	revision: 0
});
const place = (status: 'enrolled' | 'offered' | 'waitlisted', extra: object = {}) => ({
	enrolment_id: '00000000-0000-4000-8000-000000004001',
	status,
	offer_expires_at: null,
	position: status === 'waitlisted' ? 3 : null,
	group: {
		id: '00000000-0000-4000-8000-000000001002',
		name: 'Thursday evenings',
		programme: 'Reflective Parenting',
		venue: 'Family Centre, Room 2',
		venue_postcode: 'NE1 4ST',
		video_link: null
	},
	facilitators: ['Priya', 'Tom'],
	sessions: [session(1, 4), session(2, 11), session(3, 18)],
	...extra
});
const render = (kind: string, payload: unknown, c = ctx('Nina Family')) => {
	const r = templates[kind];
	if (!r) throw new Error(`no template for ${kind}`);
	return r(payload, c);
};
const lines = (text: string) => text.split('\n\n');

describe('the invitation', () => {
	const payload = {
		token: 'a'.repeat(64),
		expires_at: '2027-03-08T12:00:00.000Z',
		role: 'parent',
		invited_by: { full_name: 'Priya Shah', first_name: 'Priya', role: 'facilitator' },
		place: place('enrolled')
	};

	it('from an enrolment: names the clinic, the group, its dates, the facilitators and the inviter', () => {
		const mail = render('invitation', payload);
		expect(mail.subject).toBe('Your place in Thursday evenings at Riverside Family Clinic');
		const t = lines(mail.text);
		expect(t[0]).toBe('Dear Nina,');
		expect(t[1]).toBe(
			'Priya Shah at Riverside Family Clinic has given you a place in Thursday evenings, a Reflective Parenting group.'
		);
		expect(t[2]).toBe('The group meets 3 times, starting Thu 4 Mar 2027 at 18:00:');
		expect(t[3]).toContain('Session 1, Thu 4 Mar 2027, 18:00–20:00: Welcome & <getting started>');
		expect(mail.text).toContain('Where: Family Centre, Room 2, NE1 4ST');
		expect(mail.text).toContain(
			'https://www.openstreetmap.org/search?query=Family%20Centre%2C%20Room%202%2C%20NE1%204ST'
		);
		expect(mail.text).toContain('Your facilitators: Priya and Tom.');
		expect(mail.text).toContain(`https://groups.example.org/welcome/${'a'.repeat(64)}`);
		expect(mail.text).toContain('It works once, until Mon 8 Mar 2027 at 12:00.');
		expect(mail.html).toContain('Welcome &#38; &#60;getting started&#62;');
		expect(mail.html).not.toContain('<getting started>');
		const ics = mail.attachments?.[0];
		expect(ics?.filename).toBe('sessions.ics');
		// A REQUEST with the sessions' own UIDs and titles, so a later change email updates it.
		expect(ics?.contentType).toContain('method=REQUEST');
		const content = String(ics?.content);
		expect(content).toContain('METHOD:REQUEST');
		expect(content).toContain('SUMMARY:Session 1 of');
		expect(content).toMatch(/UID:session-[^@]+@reflective-groups/);
	});

	it('for a waitlist spot says which number; for a facilitator, what they will do', () => {
		const waiting = render('invitation', { ...payload, place: place('waitlisted') });
		expect(waiting.subject).toBe(
			'You are on the waiting list for Thursday evenings at Riverside Family Clinic'
		);
		expect(waiting.text).toContain('you are number 3');
		expect(waiting.attachments).toBeUndefined();
		const staff = render(
			'invitation',
			{ ...payload, role: 'facilitator', place: null, invited_by: { full_name: 'Helen Marsh' } },
			ctx('Fay Newcomer', 'facilitator')
		);
		expect(staff.subject).toBe(
			'Helen Marsh has invited you to run groups at Riverside Family Clinic'
		);
		expect(lines(staff.text)[1]).toMatch(
			/^Helen Marsh has invited you to join Riverside Family Clinic/
		);
	});
});

describe('a place given', () => {
	it('lists every session, where and who, the clinic’s contact, with an .ics of all sessions', () => {
		const mail = render('place_given', place('enrolled'));
		expect(mail.subject).toBe('Your place in Thursday evenings');
		const t = lines(mail.text);
		expect(t[1]).toBe(
			'You have a place in Thursday evenings, a Reflective Parenting group starting Thu 4 Mar 2027 at 18:00.'
		);
		expect(t[2]).toBe('These are the dates of all 3 sessions:');
		expect(t[3]!.split('\n')).toHaveLength(3);
		expect(mail.text).toContain('call 0191 496 0000 or email groups@riverside.example');
		const ics = mail.attachments?.[0];
		expect(ics?.contentType).toMatch(/^text\/calendar/);
		expect(ics?.content.match(/BEGIN:VEVENT/g)).toHaveLength(3);
		expect(ics?.content).toContain('NE1 4ST');
	});

	it('for an online group gives the video link instead of a venue', () => {
		const online = place('enrolled', {
			group: {
				id: '00000000-0000-4000-8000-000000001003',
				name: 'Online evenings',
				venue: null,
				venue_postcode: null,
				video_link: 'https://video.example/room'
			}
		});
		const mail = render('place_given', online);
		expect(mail.text).toContain('Where: online, by video call: https://video.example/room');
	});
});

describe('a waitlist place', () => {
	it('says where they are on the list and what happens next', () => {
		const mail = render('waitlisted', place('waitlisted'));
		expect(mail.subject).toBe('You are on the waiting list for Thursday evenings');
		const t = lines(mail.text);
		expect(t[1]).toBe(
			'You are number 3 on the waiting list for Thursday evenings, a Reflective Parenting group starting Thu 4 Mar 2027 at 18:00. The group is full for now.'
		);
		expect(t[2]).toMatch(/^If a place comes up, we will email you to offer it\./);
	});
});

describe('an offer to a family who has not set a password', () => {
	it('links through the welcome page, which then opens the offer', () => {
		const mail = render('place_offered', {
			...place('offered'),
			welcome_token: 'b'.repeat(64)
		});
		expect(mail.text).toContain(
			`https://groups.example.org/welcome/${'b'.repeat(64)}?next=%2Fmy%2Foffers%2F00000000-0000-4000-8000-000000004001`
		);
		expect(mail.text).toContain(
			'A place has come up in Thursday evenings, which starts on Thu 4 Mar 2027'
		);
	});
});

describe('concerns', () => {
	const concern = '00000000-0000-4000-8000-000000005001';

	it('the lead’s email links to the concern itself, with no details', () => {
		const mail = render(
			'concern_raised',
			{ concern_id: concern, group_id: 'g', urgency: 'high', kind: 'safeguarding' },
			ctx('Helen Marsh', 'clinical_lead')
		);
		expect(mail.subject).toBe('Urgent: a safeguarding concern has been raised');
		expect(mail.text).toContain(`https://groups.example.org/concerns/${concern}`);
	});

	it('the deputy’s escalation says it is a day old and unreviewed, urgent, and links to it', () => {
		const mail = render(
			'concern_escalated',
			{
				concern_id: concern,
				kind: 'safeguarding',
				urgency: 'high',
				raised_at: '2027-03-04T19:30:00.000Z'
			},
			ctx('Tom Ellis', 'facilitator')
		);
		expect(mail.subject).toBe('Urgent: a safeguarding concern has not been reviewed');
		expect(lines(mail.text)[1]).toBe(
			'A high-urgency safeguarding concern raised on Thu 4 Mar 2027 at 19:30 has not been reviewed in 24 hours. Please read it and review it today.'
		);
		expect(mail.text).toContain(`https://groups.example.org/concerns/${concern}`);
		expect(mail.headers?.Importance).toBe('high');
		expect(mail.text).toContain("Riverside Family Clinic's deputy for concerns");
	});
});

describe('absences', () => {
	it('names the parent and the two sessions, and links to the group', () => {
		const mail = render(
			'absent_twice',
			{
				group: { id: '00000000-0000-4000-8000-000000001002', name: 'Thursday evenings' },
				enrolment_id: 'e',
				parent_name: 'Margaret Doyle',
				sessions: [session(2, 11), session(3, 18)]
			},
			ctx('Priya Shah', 'facilitator')
		);
		expect(mail.subject).toBe('Margaret Doyle has missed two sessions in a row');
		expect(lines(mail.text)[1]).toBe(
			'Margaret Doyle was marked absent from session 2 (Thu 11 Mar 2027) and session 3 (Thu 18 Mar 2027) of Thursday evenings.'
		);
		expect(mail.text).toContain(
			'https://groups.example.org/groups/00000000-0000-4000-8000-000000001002'
		);
	});
});
