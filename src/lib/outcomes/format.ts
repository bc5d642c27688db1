import type { Cell } from './results-types';

/** A mean or change with two decimals, a dash when there is none; changes carry their sign. */
export function score(n: number | null | undefined, signed = false): string {
	if (n === null || n === undefined) return '–';
	const text = n.toFixed(2);
	return signed && n > 0 ? `+${text}` : text;
}

/** A percentage, a dash when there is none. */
export function pct(n: number | null | undefined): string {
	return n === null || n === undefined ? '–' : `${n}%`;
}

/**
 * A funder-report cell as shown: 'fewer than 5' as it is (the database suppressed it), blank for
 * none, a number with `digits` decimals (and % when `percent`).
 */
export function reportCell(c: Cell, { digits = 0, percent = false } = {}): string {
	if (c === null) return '';
	if (typeof c === 'string') return c;
	const text = digits ? c.toFixed(digits) : String(c);
	return percent ? `${text}%` : text;
}

export const TIME_LABEL = { before: 'Before', after: 'After', follow_up: 'Follow-up' } as const;
