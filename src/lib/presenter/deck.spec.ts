import { describe, expect, it } from 'vitest';
import {
	actionForKey,
	channelName,
	clampIndex,
	hashFor,
	hoursMinutes,
	indexFromHash,
	keyBelongsToTarget,
	parseDeckParams,
	readMessage,
	readTimer,
	step,
	swipeAction,
	timerSpan,
	type DeckAction
} from './deck';

const GROUP = '00000000-0000-4000-8000-000000001002';

describe('parseDeckParams', () => {
	it('accepts a uuid and a session number from 1 to 20', () => {
		expect(parseDeckParams({ id: GROUP, n: '1' })).toEqual({ groupId: GROUP, number: 1 });
		expect(parseDeckParams({ id: GROUP.toUpperCase(), n: '20' })).toEqual({
			groupId: GROUP,
			number: 20
		});
	});

	it.each(['0', '21', '01', '1.5', '-1', '1e1', ' 1', '', 'one'])('refuses session %j', (n) => {
		expect(parseDeckParams({ id: GROUP, n })).toBeNull();
	});

	it.each(['1002', 'not-a-uuid', `${GROUP}x`, ''])('refuses group %j', (id) => {
		expect(parseDeckParams({ id, n: '1' })).toBeNull();
	});
});

describe('step', () => {
	const at = (index: number, blank = false) => ({ index, blank });

	it('moves within the deck and stops at either end', () => {
		expect(step(at(0), 'next', 9)).toEqual(at(1));
		expect(step(at(8), 'next', 9)).toEqual(at(8));
		expect(step(at(1), 'previous', 9)).toEqual(at(0));
		expect(step(at(0), 'previous', 9)).toEqual(at(0));
		expect(step(at(4), 'first', 9)).toEqual(at(0));
		expect(step(at(4), 'last', 9)).toEqual(at(8));
	});

	it('toggles blank and keeps it while moving', () => {
		expect(step(at(3), 'blank', 9)).toEqual(at(3, true));
		expect(step(at(3, true), 'blank', 9)).toEqual(at(3, false));
		expect(step(at(3, true), 'next', 9)).toEqual(at(4, true));
	});

	it('copes with a one-slide deck', () => {
		for (const action of ['next', 'previous', 'first', 'last'] as DeckAction[]) {
			expect(step(at(0), action, 1)).toEqual(at(0));
		}
	});

	it('clamps any index into the deck', () => {
		expect(clampIndex(-3, 5)).toBe(0);
		expect(clampIndex(9, 5)).toBe(4);
		expect(clampIndex(Number.NaN, 5)).toBe(0);
		expect(clampIndex(2, 0)).toBe(0);
	});
});

describe('actionForKey', () => {
	it.each([
		['ArrowRight', 'next'],
		['ArrowDown', 'next'],
		[' ', 'next'],
		['PageDown', 'next'],
		['ArrowLeft', 'previous'],
		['ArrowUp', 'previous'],
		['PageUp', 'previous'],
		['Home', 'first'],
		['End', 'last'],
		['b', 'blank'],
		['B', 'blank'],
		['.', 'blank']
	])('%j → %s', (key, action) => {
		expect(actionForKey({ key })).toBe(action);
	});

	it('ignores other keys and key combinations', () => {
		expect(actionForKey({ key: 'Escape' })).toBeNull();
		expect(actionForKey({ key: 'Enter' })).toBeNull();
		expect(actionForKey({ key: 'ArrowRight', altKey: true })).toBeNull();
		expect(actionForKey({ key: 'b', ctrlKey: true })).toBeNull();
		expect(actionForKey({ key: 'End', metaKey: true })).toBeNull();
	});
});

describe('keyBelongsToTarget', () => {
	it('leaves typing in fields alone', () => {
		for (const tagName of ['input', 'TEXTAREA', 'SELECT']) {
			expect(keyBelongsToTarget('ArrowRight', { tagName })).toBe(true);
		}
		expect(keyBelongsToTarget('b', { tagName: 'DIV', isContentEditable: true })).toBe(true);
	});

	it('lets Space and Enter activate a focused button or link, but not arrows', () => {
		expect(keyBelongsToTarget(' ', { tagName: 'BUTTON' })).toBe(true);
		expect(keyBelongsToTarget(' ', { tagName: 'A' })).toBe(true);
		expect(keyBelongsToTarget('ArrowRight', { tagName: 'BUTTON' })).toBe(false);
		expect(keyBelongsToTarget(' ', { tagName: 'DIV' })).toBe(false);
	});

	it('lets a scrolling panel scroll, while Left, Right and B still drive the deck', () => {
		const panel = { tagName: 'DIV', ownsKeys: true };
		for (const key of ['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', ' ', 'Home', 'End']) {
			expect(keyBelongsToTarget(key, panel)).toBe(true);
		}
		for (const key of ['ArrowLeft', 'ArrowRight', 'b', '.']) {
			expect(keyBelongsToTarget(key, panel)).toBe(false);
		}
	});
});

describe('the slide in the URL hash', () => {
	it('round-trips', () => {
		expect(hashFor(0)).toBe('#slide-1');
		expect(indexFromHash(hashFor(6), 9)).toBe(6);
	});

	it.each(['', '#', '#slide-0', '#slide-10', '#slide-x', '#3', '#slide-3x', '#slide-0003'])(
		'ignores %j in a nine-slide deck',
		(hash) => {
			expect(indexFromHash(hash, 9)).toBeNull();
		}
	);
});

describe('messages between windows', () => {
	it('names one channel per group and session', () => {
		expect(channelName(GROUP, 1)).not.toBe(channelName(GROUP, 2));
		expect(channelName(GROUP, 1)).toContain(GROUP);
	});

	it('accepts well-formed messages', () => {
		expect(readMessage({ type: 'hello', from: 'audience' }, 9)).toEqual({
			type: 'hello',
			from: 'audience'
		});
		expect(
			readMessage({ type: 'state', from: 'presenter', index: 8, blank: true, x: 1 }, 9)
		).toEqual({ type: 'state', from: 'presenter', index: 8, blank: true });
	});

	it.each([
		null,
		'next',
		{ type: 'hello' },
		{ type: 'hello', from: 'someone' },
		{ type: 'state', from: 'presenter', index: 9, blank: false },
		{ type: 'state', from: 'presenter', index: -1, blank: false },
		{ type: 'state', from: 'presenter', index: 1.5, blank: false },
		{ type: 'state', from: 'presenter', index: 1, blank: 'yes' },
		{ type: 'jump', from: 'presenter', index: 1 }
	])('refuses %j', (data) => {
		expect(readMessage(data, 9)).toBeNull();
	});
});

describe('swipeAction', () => {
	it('swiping left goes forward, right goes back', () => {
		expect(swipeAction(-120, 10)).toBe('next');
		expect(swipeAction(120, -10)).toBe('previous');
	});

	it('ignores taps and mostly vertical movement', () => {
		expect(swipeAction(-30, 0)).toBeNull();
		expect(swipeAction(-80, 100)).toBeNull();
	});
});

describe('the session timer', () => {
	const starts = '2026-11-26T18:30:00Z';
	const ends = '2026-11-26T20:30:00Z';
	const t = (iso: string) => Date.parse(iso);

	it('follows the booked time while the session is on', () => {
		const now = t('2026-11-26T19:12:30Z');
		const span = timerSpan(starts, ends, null, now);
		expect(span).toEqual({ start: t(starts), end: t(ends), source: 'schedule' });
		expect(readTimer(span!, now)).toEqual({
			elapsed: '0:42',
			remaining: '1:18',
			over: false,
			fraction: 42.5 / 120
		});
	});

	it('has nothing to time before the session or after it, until Start is pressed', () => {
		expect(timerSpan(starts, ends, null, t('2026-11-26T18:29:59Z'))).toBeNull();
		expect(timerSpan(starts, ends, null, t(ends))).toBeNull();
	});

	it('after Start, times the booked length from that moment', () => {
		const pressed = t('2026-11-26T18:40:00Z');
		const span = timerSpan(starts, ends, pressed, t('2026-11-26T18:41:00Z'));
		expect(span).toEqual({ start: pressed, end: t('2026-11-26T20:40:00Z'), source: 'started' });
		// Even on another day: a session run early or late still gets its two hours.
		expect(
			timerSpan(starts, ends, t('2026-11-20T10:00:00Z'), t('2026-11-20T10:05:00Z'))?.source
		).toBe('started');
	});

	it('forgets a Start from long ago', () => {
		expect(timerSpan(starts, ends, t('2026-11-01T10:00:00Z'), t('2026-11-26T19:00:00Z'))).toEqual({
			start: t(starts),
			end: t(ends),
			source: 'schedule'
		});
	});

	it('shows how far over the session has run', () => {
		const span = { start: t(starts), end: t(ends), source: 'schedule' as const };
		expect(readTimer(span, t('2026-11-26T20:37:10Z'))).toMatchObject({
			elapsed: '2:07',
			remaining: '0:07',
			over: true,
			fraction: 1
		});
	});

	it('starts at 0:00 and 2:00', () => {
		const span = { start: t(starts), end: t(ends), source: 'started' as const };
		expect(readTimer(span, t(starts))).toMatchObject({ elapsed: '0:00', remaining: '2:00' });
	});

	it('formats whole minutes as hours:minutes', () => {
		expect(hoursMinutes(0)).toBe('0:00');
		expect(hoursMinutes(65)).toBe('1:05');
		expect(hoursMinutes(-3)).toBe('0:00');
	});
});
