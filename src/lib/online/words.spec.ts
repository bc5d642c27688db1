import { describe, expect, it } from 'vitest';
import type { AttendeeOnlineStatus } from './status';
import { filmLength, onlineWords, requestWords, teamProgress } from './words';

const base: AttendeeOnlineStatus = {
	state: 'before_opening',
	open: false,
	opens_on: '2026-05-18',
	date_reached: false,
	money_state: 'paid',
	modules: 9,
	done: 0,
	complete: false
};
const trainee = { reader: 'trainee' as const, bookedBySomeoneElse: false };
const employee = { reader: 'trainee' as const, bookedBySomeoneElse: true };
const booker = { reader: 'booker' as const };
type Case = [string, Partial<AttendeeOnlineStatus>, string, string];

describe('the online training in words', () => {
	const cases: Case[] = [
		[
			'unpaid, before the date',
			{ state: 'unpaid' },
			'Opens on 18 May 2026, once your place is paid for',
			'Opens on 18 May 2026, once the place is paid for'
		],
		[
			'part paid, before the date',
			{ state: 'unpaid', money_state: 'part paid' },
			'Opens on 18 May 2026, once your place is paid in full',
			'Opens on 18 May 2026, once the place is paid in full'
		],
		['paid, before the date', {}, 'Opens on 18 May 2026', 'Opens on 18 May 2026'],
		[
			'open',
			{ state: 'open', open: true, date_reached: true, done: 3 },
			'Open — 3 of 9 videos watched',
			'3 of 9 videos watched'
		],
		[
			'open early',
			{ state: 'open_early', open: true },
			'Opened early for you — 0 of 9 videos watched',
			'0 of 9 videos watched'
		],
		[
			'complete',
			{ state: 'open', open: true, done: 9, complete: true },
			'Complete — all 9 videos watched',
			'Finished'
		],
		[
			'marked complete by the staff',
			{ state: 'open', open: true, done: 2, complete: true },
			'Complete — marked complete by the training team',
			'Finished'
		],
		[
			'not in the tier',
			{ state: 'not_included' },
			'Not included in your place',
			'Not included in this place'
		],
		[
			'cancelled',
			{ state: 'withdrawn', money_state: 'unpaid' },
			'Closed: this place was cancelled',
			'Closed: the place was cancelled'
		],
		[
			'refunded',
			{ state: 'withdrawn', money_state: 'refunded' },
			'Closed: this place was refunded',
			'Closed: the place was refunded'
		],
		[
			'no dates yet',
			{ state: 'not_ready', opens_on: null, date_reached: null },
			'Opens a month before the course, once its dates are set',
			'Opens a month before the course, once its dates are set'
		]
	];
	it.each(cases)('%s', (_, facts, forTrainee, forBooker) => {
		const s = { ...base, ...facts } as AttendeeOnlineStatus;
		expect(onlineWords(s, trainee)).toBe(forTrainee);
		expect(onlineWords(s, booker)).toBe(forBooker);
	});

	it('says whose invoice waits once the date has come and the place is not paid', () => {
		const unpaid = { ...base, state: 'unpaid' as const, date_reached: true };
		expect(onlineWords(unpaid, employee)).toBe('Your employer’s invoice is awaiting payment');
		expect(onlineWords(unpaid, trainee)).toBe('Your invoice is awaiting payment');
		expect(onlineWords(unpaid, booker)).toBe('Waiting for payment');
		const part = { ...unpaid, money_state: 'part paid' } as AttendeeOnlineStatus;
		expect(onlineWords(part, employee)).toBe('Your employer’s invoice is part paid');
		expect(onlineWords(part, trainee)).toBe('Your invoice is part paid');
		expect(onlineWords(part, booker)).toBe('Waiting for the rest of the payment');
	});

	it('counts one video in the singular', () => {
		const one = { ...base, state: 'open' as const, open: true, modules: 1, done: 1 };
		expect(onlineWords(one, trainee)).toBe('Open — 1 of 1 video watched');
		expect(onlineWords({ ...one, complete: true }, trainee)).toBe('Complete — all 1 video watched');
	});
});

describe('an early-access request in words', () => {
	it('says when they asked (London date) while it is open, and a refusal', () => {
		// 23:30 UTC on 2 June is 00:30 on 3 June in London (summer time).
		const asked = '2026-06-02T23:30:00+00:00';
		expect(requestWords({ requested_at: asked, answer: null })).toBe(
			'You asked on 3 June; the training team will reply by email.'
		);
		expect(requestWords({ requested_at: asked, answer: 'declined' })).toBe(
			'You asked on 3 June; the training team could not open it early.'
		);
		expect(requestWords({ requested_at: asked, answer: 'granted' })).toBeNull();
		expect(requestWords(null)).toBeNull();
	});
});

describe('a film’s length', () => {
	it.each([
		[1, '1 second'],
		[20, '20 seconds'],
		[89, '1 minute'],
		[2280, '38 minutes'],
		[3600, '1 hour'],
		[3900, '1 hour 5 minutes'],
		[7260, '2 hours 1 minute']
	])('%i s is %s', (s, words) => expect(filmLength(s)).toBe(words));
});

describe('a team’s online training', () => {
	it('counts who has finished', () => {
		expect(teamProgress({ finished: 1, places: 3 })).toBe('1 of 3 have finished');
		expect(teamProgress({ finished: 0, places: 1 })).toBe('0 of 1 has finished');
	});
});
