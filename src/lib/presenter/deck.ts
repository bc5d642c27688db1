/**
 * The presenter's pure logic: which key does what, moving through the deck, the slide in the
 * URL hash, the messages the two windows exchange, swipes and the session timer. No DOM here,
 * so all of it is unit-tested (deck.spec.ts).
 */

export type DeckAction = 'next' | 'previous' | 'first' | 'last' | 'blank';

/** Where the deck is: the slide shown (0-based) and whether the audience screen is blanked. */
export interface DeckState {
	index: number;
	blank: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The route's [id] and [n]: a uuid and a session number 1–20, or null (a 404). */
export function parseDeckParams(params: {
	id: string;
	n: string;
}): { groupId: string; number: number } | null {
	if (!UUID.test(params.id) || !/^(?:[1-9]|1\d|20)$/.test(params.n)) return null;
	return { groupId: params.id.toLowerCase(), number: Number(params.n) };
}

export function clampIndex(index: number, count: number): number {
	if (count <= 0 || !Number.isFinite(index)) return 0;
	return Math.min(Math.max(Math.trunc(index), 0), count - 1);
}

/** The state after an action. Moving to another slide keeps the screen blanked or not. */
export function step(state: DeckState, action: DeckAction, count: number): DeckState {
	switch (action) {
		case 'next':
			return { ...state, index: clampIndex(state.index + 1, count) };
		case 'previous':
			return { ...state, index: clampIndex(state.index - 1, count) };
		case 'first':
			return { ...state, index: 0 };
		case 'last':
			return { ...state, index: clampIndex(count - 1, count) };
		case 'blank':
			return { ...state, blank: !state.blank };
	}
}

const KEYS: Record<string, DeckAction> = {
	ArrowRight: 'next',
	ArrowDown: 'next',
	' ': 'next',
	PageDown: 'next',
	ArrowLeft: 'previous',
	ArrowUp: 'previous',
	PageUp: 'previous',
	Home: 'first',
	End: 'last',
	b: 'blank',
	B: 'blank',
	'.': 'blank'
};

/**
 * The deck action for a key press, or null. Presentation remotes send PageDown/PageUp (and
 * "." or B for their blank button). Key combinations belong to the browser, so they are left
 * alone.
 */
export function actionForKey(event: {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	altKey?: boolean;
}): DeckAction | null {
	if (event.ctrlKey || event.metaKey || event.altKey) return null;
	return KEYS[event.key] ?? null;
}

/**
 * Whether a key press belongs to the element it was pressed in rather than to the deck: typing
 * in a field, Space or Enter on a button or link (they activate it; taking them too would move
 * twice), and scrolling keys inside a panel that scrolls (marked data-deck-keys="own").
 */
export function keyBelongsToTarget(
	key: string,
	target: { tagName: string; isContentEditable?: boolean; ownsKeys?: boolean }
): boolean {
	const tag = target.tagName.toUpperCase();
	if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) {
		return true;
	}
	if ((key === ' ' || key === 'Enter') && (tag === 'BUTTON' || tag === 'A' || tag === 'SUMMARY')) {
		return true;
	}
	return !!target.ownsKeys && SCROLL_KEYS.has(key);
}

/** Keys a scrolling panel needs; Left and Right still move the deck from inside it. */
const SCROLL_KEYS = new Set(['ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', ' ', 'Home', 'End']);

/** "#slide-3" for the third slide: reloading either window keeps its place. */
export function hashFor(index: number): string {
	return `#slide-${index + 1}`;
}

/** The slide index in a hash like "#slide-3", or null if there is none or it is out of range. */
export function indexFromHash(hash: string, count: number): number | null {
	const match = /^#slide-(\d{1,3})$/.exec(hash);
	if (!match) return null;
	const n = Number(match[1]);
	return n >= 1 && n <= count ? n - 1 : null;
}

/** One BroadcastChannel per group and session: two decks open at once never cross. */
export function channelName(groupId: string, number: number): string {
	return `reflective-groups:deck:${groupId}:${number}`;
}

export type DeckRole = 'presenter' | 'audience';

/**
 * What the windows say to each other. A window that opens says hello and the others answer
 * with their state; any change is sent as the whole state (last one wins); a window that
 * closes says goodbye, so the presenter knows whether the audience screen is up.
 */
export type DeckMessage =
	| { type: 'hello'; from: DeckRole }
	| { type: 'bye'; from: DeckRole }
	| { type: 'state'; from: DeckRole; index: number; blank: boolean };

/** A message from another window, checked before it is trusted. */
export function readMessage(data: unknown, count: number): DeckMessage | null {
	if (typeof data !== 'object' || data === null) return null;
	const m = data as Record<string, unknown>;
	if (m.from !== 'presenter' && m.from !== 'audience') return null;
	if (m.type === 'hello' || m.type === 'bye') return { type: m.type, from: m.from };
	if (
		m.type === 'state' &&
		typeof m.index === 'number' &&
		Number.isInteger(m.index) &&
		m.index >= 0 &&
		m.index < count &&
		typeof m.blank === 'boolean'
	) {
		return { type: 'state', from: m.from, index: m.index, blank: m.blank };
	}
	return null;
}

/** A horizontal swipe of at least 50px: left shows the next slide, right the previous one. */
export function swipeAction(dx: number, dy: number): 'next' | 'previous' | null {
	if (Math.abs(dx) < 50 || Math.abs(dx) < Math.abs(dy) * 1.5) return null;
	return dx < 0 ? 'next' : 'previous';
}

/** The session timer counts from `start` to `end` (epoch milliseconds). */
export interface TimerSpan {
	start: number;
	end: number;
	/** 'schedule': the session's booked time; 'started': from when the presenter pressed Start. */
	source: 'schedule' | 'started';
}

/**
 * Which span the timer shows. Once the presenter presses Start, the session runs for its
 * booked length from that moment (groups rarely begin on the dot). Until then, if now falls
 * within the booked time, the timer follows the booked time; otherwise there is nothing to
 * time yet and the page offers Start.
 */
export function timerSpan(
	startsAt: string,
	endsAt: string,
	startedAt: number | null,
	now: number
): TimerSpan | null {
	const start = Date.parse(startsAt);
	const end = Date.parse(endsAt);
	const length = end - start;
	if (startedAt !== null && startedAt <= now && now - startedAt < length + 12 * 3600_000) {
		return { start: startedAt, end: startedAt + length, source: 'started' };
	}
	if (now >= start && now < end) return { start, end, source: 'schedule' };
	return null;
}

export interface TimerReading {
	elapsed: string;
	remaining: string;
	over: boolean;
	/** 0–1, how much of the session has gone. */
	fraction: number;
}

/** Whole minutes as "1:05" (hours:minutes). */
export function hoursMinutes(minutes: number): string {
	const m = Math.max(0, minutes);
	return `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Elapsed rounds down and remaining rounds up, so the two always add up to the session's
 * length; past the end, remaining shows how far over it is.
 */
export function readTimer(span: TimerSpan, now: number): TimerReading {
	const elapsed = Math.max(0, now - span.start);
	const left = span.end - now;
	const over = left < 0;
	return {
		elapsed: hoursMinutes(Math.floor(elapsed / 60_000)),
		remaining: hoursMinutes(over ? Math.floor(-left / 60_000) : Math.ceil(left / 60_000)),
		over,
		fraction: Math.min(1, elapsed / Math.max(1, span.end - span.start))
	};
}
