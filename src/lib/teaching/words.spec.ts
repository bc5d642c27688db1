import { describe, expect, it } from 'vitest';
import type { OnlineAccess, ProgressSummary } from './types';
import { attendanceWords, onlineWords, paymentWords, summaryLine } from './words';

const access = (state: OnlineAccess['state'], over: Partial<OnlineAccess> = {}): OnlineAccess => ({
	state,
	open: state === 'open' || state === 'open_early',
	opens_on: '2026-05-18',
	first_day: '2026-06-18',
	money_state: 'paid',
	training_id: null,
	early_granted_at: null,
	...over
});
const progress = (done: number, modules = 9, complete = done === modules): ProgressSummary => ({
	modules,
	done,
	declared: 0,
	seconds_watched: 0,
	seconds_total: 100,
	marked_by_staff: false,
	complete
});

describe('onlineWords', () => {
	it.each([
		[{ access: access('open'), progress: progress(6), marked: null }, '6 of 9'],
		[
			{ access: access('open_early'), progress: progress(0), marked: null },
			'0 of 9 (early access)'
		],
		[{ access: access('open'), progress: progress(9), marked: null }, 'Finished'],
		[
			{
				access: access('open'),
				progress: progress(4, 9, true),
				marked: { by: 'Ruth Okafor', reason: 'Did it on paper', at: '2026-05-01T10:00:00+00:00' }
			},
			'Marked finished by Ruth Okafor: Did it on paper'
		],
		[
			{ access: access('before_opening'), progress: progress(0), marked: null },
			'Opens on 18 May 2026'
		],
		[{ access: access('unpaid'), progress: progress(0), marked: null }, 'Unpaid'],
		[{ access: access('withdrawn'), progress: null, marked: null }, 'Withdrawn'],
		[{ access: access('not_included'), progress: null, marked: null }, 'Not included'],
		[{ access: access('open'), progress: null, marked: null }, 'Open: no account yet']
	])('%#: %s', (a, words) => expect(onlineWords(a)).toBe(words));
});

describe('the other cells', () => {
	it('attendance', () => {
		expect(attendanceWords({ status: 'late', at_time: '09:50' })).toBe('Late 09:50');
		expect(attendanceWords({ status: 'left_early', at_time: '15:10' })).toBe('Left 15:10');
		expect(attendanceWords({ status: 'present', at_time: null })).toBe('Present');
		expect(attendanceWords({ status: 'absent', at_time: null })).toBe('Absent');
		expect(attendanceWords({ status: null, at_time: null })).toBe('—');
	});

	it('payment', () => {
		expect(paymentWords('awaiting payment')).toBe('Awaiting payment');
		expect(paymentWords('part paid')).toBe('Part paid');
		expect(paymentWords(null)).toBe('—');
	});

	it('the summary line counts only places that include the online training', () => {
		const rows = [
			{ access: access('open'), progress: progress(9), marked: null },
			{ access: access('open'), progress: progress(3), marked: null },
			{ access: access('not_included'), progress: null, marked: null }
		];
		expect(summaryLine(rows)).toBe('1 of 2 have finished the online training');
		expect(summaryLine(rows.slice(2))).toBe('No attendee’s place includes the online training.');
	});
});
