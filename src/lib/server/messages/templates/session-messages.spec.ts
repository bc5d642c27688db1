import { describe, expect, it } from 'vitest';
import { templates } from './index';
import { when, type GroupFacts } from '../session-facts';
import type { MessageContext } from '../types';

const ctx = (role: 'parent' | 'facilitator' = 'parent'): MessageContext => ({
	recipient: { email: 'sam@example.org', full_name: 'Sam Taylor', role },
	clinic: {
		name: 'Northside Family Clinic',
		phone: '020 7946 0000',
		email: 'groups@northside.example.org',
		postal_address: null,
		reply_to: null,
		staff_contact: null
	},
	siteUrl: 'https://groups.example.org'
});
const group: GroupFacts = {
	id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
	name: 'Thursday evenings',
	venue: 'Oak Room, 12 Mill Lane',
	video_link: null,
	session_count: 8
};
const session = (n: number, starts: string, ends: string, revision = 1, status = 'scheduled') => ({
	id: `0000000${n}-0000-4000-8000-000000000000`,
	number: n,
	title: n === 4 ? 'Attention and curiosity' : `Topic ${n}`,
	starts_at: starts,
	ends_at: ends,
	status,
	revision
});
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
const field = (ics: string, name: string) =>
	unfold(ics)
		.split('\r\n')
		.filter((l) => l.startsWith(name + ':'))
		.map((l) => l.slice(name.length + 1));
/** The body's first lines after the greeting. */
const opening = (text: string, n = 2) => text.split('\n\n').slice(1, 1 + n);

describe('when', () => {
	it('says London times as people do', () => {
		expect(when('2026-12-03T18:00:00Z', '2026-12-03T20:00:00Z')).toBe('Thursday 3 December, 6–8pm');
		expect(when('2026-12-08T10:00:00Z', '2026-12-08T12:00:00Z')).toBe(
			'Tuesday 8 December, 10am–12pm'
		);
		// British Summer Time: 09:30Z is 10:30 in London.
		expect(when('2027-06-01T09:30:00Z', '2027-06-01T11:00:00Z')).toBe(
			'Tuesday 1 June, 10:30am–12pm'
		);
	});
});

describe('session_changed: moved', () => {
	const payload = (audience: 'parent' | 'facilitator') => ({
		change: 'moved',
		reason: null,
		cancelled: null,
		audience,
		group,
		moved: [
			{
				...session(4, '2026-12-08T10:00:00+00:00', '2026-12-08T12:00:00+00:00', 3),
				was_starts_at: '2026-12-03T18:00:00+00:00',
				was_ends_at: '2026-12-03T20:00:00+00:00'
			}
		]
	});

	it('puts the old and new times side by side and links a parent to their session page', () => {
		const m = templates.session_changed!(payload('parent'), ctx());
		expect(m.subject).toBe(
			'Thursday evenings: Session 4 of 8: Attention and curiosity has moved to Tuesday 8 December, 10am–12pm'
		);
		expect(m.text.split('\n\n')[0]).toBe('Dear Sam,');
		expect(opening(m.text)).toEqual([
			'Session 4 of 8: Attention and curiosity has moved to a new time.',
			'Was: Thursday 3 December, 6–8pm · Now: Tuesday 8 December, 10am–12pm'
		]);
		expect(m.text).toContain('At Oak Room, 12 Mill Lane');
		expect(m.text).toContain(`https://groups.example.org/my/sessions/${session(4, '', '').id}`);
		expect(m.text).toContain('Northside Family Clinic');
		expect(m.text).toContain('You get this because you have a place in Thursday evenings');
		expect(m.html).toContain(
			'Was: Thursday 3 December, 6–8pm · Now: Tuesday 8 December, 10am–12pm'
		);
	});

	it('carries one REQUEST calendar update with SEQUENCE = the revision', () => {
		const m = templates.session_changed!(payload('parent'), ctx());
		expect(m.attachments).toHaveLength(1);
		const [ics] = m.attachments!;
		expect(ics!.contentType).toContain('method=REQUEST');
		expect(field(ics!.content, 'METHOD')).toEqual(['REQUEST']);
		expect(field(ics!.content, 'UID')).toEqual([
			`session-${session(4, '', '').id}@reflective-groups`
		]);
		expect(field(ics!.content, 'SEQUENCE')).toEqual(['3']);
		expect(field(ics!.content, 'DTSTART')).toEqual(['20261208T100000Z']);
	});

	it('links a facilitator to the group’s session page instead', () => {
		const m = templates.session_changed!(payload('facilitator'), ctx('facilitator'));
		expect(m.text).toContain(`https://groups.example.org/groups/${group.id}/sessions/4`);
		expect(m.text).not.toContain('/my/sessions/');
		expect(m.text).toContain('You get this because you facilitate Thursday evenings.');
	});

	it('escapes every value in the html', () => {
		const m = templates.session_changed!(
			{ ...payload('parent'), group: { ...group, name: '<b>Tea & talk</b>' } },
			ctx()
		);
		expect(m.html).not.toContain('<b>Tea');
		expect(m.html).toContain('&#60;b&#62;Tea &#38; talk');
	});

	it('refuses a payload that is not complete', () => {
		expect(() => templates.session_changed!({ change: 'moved', group }, ctx())).toThrow();
	});
});

describe('session_changed: cancelled and rescheduled', () => {
	const moved = [4, 5, 6].map((n) => ({
		...session(
			n,
			`2026-12-${String(3 + 7 * (n - 3)).padStart(2, '0')}T18:00:00+00:00`,
			`2026-12-${String(3 + 7 * (n - 3)).padStart(2, '0')}T20:00:00+00:00`,
			2
		),
		was_starts_at: `2026-12-${String(3 + 7 * (n - 4)).padStart(2, '0')}T18:00:00+00:00`,
		was_ends_at: `2026-12-${String(3 + 7 * (n - 4)).padStart(2, '0')}T20:00:00+00:00`
	}));
	const payload = {
		change: 'rescheduled',
		reason: 'The room is flooded',
		audience: 'parent',
		group,
		cancelled: {
			...session(4, '2026-12-03T18:00:00+00:00', '2026-12-03T20:00:00+00:00', 5, 'cancelled'),
			id: '99999999-9999-4999-8999-999999999999'
		},
		moved
	};

	it('says which session is cancelled and why, then lists every session that moved', () => {
		const m = templates.session_changed!(payload, ctx());
		expect(m.subject).toBe(
			'Thursday evenings: Session 4 of 8: Attention and curiosity is cancelled and will run a week later'
		);
		expect(opening(m.text, 3)).toEqual([
			'Session 4 of 8: Attention and curiosity on Thursday 3 December, 6–8pm is cancelled: The room is flooded',
			'It will run a week later instead, and every later session moves back a week:',
			[
				'- Session 4 of 8: Attention and curiosity. Was: Thursday 3 December, 6–8pm · Now: Thursday 10 December, 6–8pm',
				'- Session 5 of 8: Topic 5. Was: Thursday 10 December, 6–8pm · Now: Thursday 17 December, 6–8pm',
				'- Session 6 of 8: Topic 6. Was: Thursday 17 December, 6–8pm · Now: Thursday 24 December, 6–8pm'
			].join('\n')
		]);
	});

	it('carries two calendar files: CANCEL for the cancelled session, REQUEST for those that moved', () => {
		const m = templates.session_changed!(payload, ctx());
		const [cancel, request] = m.attachments!;
		expect(field(cancel!.content, 'METHOD')).toEqual(['CANCEL']);
		expect(field(cancel!.content, 'STATUS')).toEqual(['CANCELLED']);
		expect(field(cancel!.content, 'UID')).toEqual([
			`session-${payload.cancelled.id}@reflective-groups`
		]);
		expect(field(cancel!.content, 'SEQUENCE')).toEqual(['5']);
		expect(field(request!.content, 'METHOD')).toEqual(['REQUEST']);
		expect(field(request!.content, 'UID')).toHaveLength(3);
		expect(field(request!.content, 'SEQUENCE')).toEqual(['2', '2', '2']);
	});
});

describe('group_cancelled', () => {
	const payload = (audience: 'parent' | 'facilitator') => ({
		audience,
		group,
		reason: 'Too few families could come',
		cancelled: [
			session(3, '2026-12-03T18:00:00+00:00', '2026-12-03T20:00:00+00:00', 1, 'cancelled'),
			session(4, '2026-12-10T18:00:00+00:00', '2026-12-10T20:00:00+00:00', 1, 'cancelled')
		]
	});

	it('says so with the reason, lists the sessions and cancels them all in calendars', () => {
		const m = templates.group_cancelled!(payload('parent'), ctx());
		expect(m.subject).toBe('Thursday evenings is cancelled');
		expect(opening(m.text, 3)).toEqual([
			'We are sorry to tell you that Thursday evenings has been cancelled. The reason: Too few families could come',
			'These sessions will not now take place:',
			'- Session 3 of 8: Topic 3, Thursday 3 December, 6–8pm\n- Session 4 of 8: Attention and curiosity, Thursday 10 December, 6–8pm'
		]);
		expect(m.text).toContain('https://groups.example.org/my');
		const [ics] = m.attachments!;
		expect(field(ics!.content, 'METHOD')).toEqual(['CANCEL']);
		expect(field(ics!.content, 'STATUS')).toEqual(['CANCELLED', 'CANCELLED']);
	});

	it('links a facilitator to the group page', () => {
		const m = templates.group_cancelled!(payload('facilitator'), ctx('facilitator'));
		expect(m.text).toContain(`https://groups.example.org/groups/${group.id}`);
	});
});

describe('session_reminder', () => {
	const payload = (days_before: number, g = group) => ({
		group: g,
		session: session(4, '2026-12-08T10:00:00+00:00', '2026-12-08T12:00:00+00:00'),
		days_before,
		unsubscribe_token: 'tok_abc-123'
	});

	it('two days before: when, where and the I-can’t-make-it link', () => {
		const m = templates.session_reminder!(payload(2), ctx());
		expect(m.subject).toBe(
			'Reminder: Session 4 of 8: Attention and curiosity, Tuesday 8 December, 10am–12pm'
		);
		expect(opening(m.text, 3)).toEqual([
			'A reminder that Thursday evenings meets in 2 days.',
			'Session 4 of 8: Attention and curiosity\nTuesday 8 December, 10am–12pm\nAt Oak Room, 12 Mill Lane',
			`If you can't make it, please let the facilitators know: https://groups.example.org/my/sessions/${session(4, '', '').id}`
		]);
	});

	it('on the morning: says today, and gives the video link for an online group', () => {
		const online = { ...group, venue: null, video_link: 'https://meet.example/abc' };
		const m = templates.session_reminder!(payload(0, online), ctx());
		expect(m.subject).toBe('Today at 10am: Session 4 of 8: Attention and curiosity');
		expect(opening(m.text)[0]).toBe('A reminder that Thursday evenings meets today.');
		expect(m.text).toContain('Online, by video call: https://meet.example/abc');
		expect(m.html).toContain('href="https://meet.example/abc"');
	});

	it('carries RFC 8058 one-click unsubscribe headers and the link in its footer', () => {
		const m = templates.session_reminder!(payload(1), ctx());
		expect(opening(m.text)[0]).toBe('A reminder that Thursday evenings meets tomorrow.');
		expect(m.headers).toEqual({
			'List-Unsubscribe': '<https://groups.example.org/unsubscribe/tok_abc-123>',
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		});
		expect(m.text).toContain(
			'Rather not have reminders? Stop them with one click: https://groups.example.org/unsubscribe/tok_abc-123'
		);
		expect(m.html).toContain('href="https://groups.example.org/unsubscribe/tok_abc-123"');
		expect(m.text).toContain('https://groups.example.org/account/messages');
	});

	it('needs its unsubscribe token', () => {
		expect(() =>
			templates.session_reminder!({ ...payload(2), unsubscribe_token: undefined }, ctx())
		).toThrow();
	});
});
