import type { MeasurePage } from './types';

/** Questionnaire items on one screen. */
export const ITEMS_PER_STEP = 5;

export type Step = { kind: 'goals' } | { kind: 'items'; numbers: number[] } | { kind: 'check' };

/**
 * The screens a parent goes through for one measure: GBO before the group first asks for the
 * goals, then how close they are to each; later, only how close. A questionnaire shows up to
 * five items a screen. The last screen checks the answers and sends them.
 */
export function measureSteps(
	p: Pick<MeasurePage, 'instrument' | 'items' | 'goals' | 'at'>
): Step[] {
	const steps: Step[] = [];
	if (p.instrument.kind === 'goals') {
		if (p.at === 'before') steps.push({ kind: 'goals' });
		const numbers = p.goals.map((g) => g.number);
		// Before, the goals are set on the screen before; the ratings follow whatever was saved.
		if (numbers.length > 0 || p.at === 'before') steps.push({ kind: 'items', numbers });
	} else {
		for (let i = 0; i < p.items.length; i += ITEMS_PER_STEP)
			steps.push({
				kind: 'items',
				numbers: p.items.slice(i, i + ITEMS_PER_STEP).map((x) => x.number)
			});
	}
	steps.push({ kind: 'check' });
	return steps;
}

/** The step asked for in `?step=N` (1-based), kept within the measure's steps. */
export function stepIndex(raw: string | null, count: number): number {
	const n = Number(raw ?? '1');
	return Number.isInteger(n) && n >= 1 && n <= count ? n - 1 : 0;
}

/** Each item or goal's wording as the parent reads it: a goal's own words for GBO. */
export function questionFor(
	p: Pick<MeasurePage, 'instrument' | 'items' | 'goals'>,
	n: number
): string {
	if (p.instrument.kind === 'goals') {
		const goal = p.goals.find((g) => g.number === n)?.goal ?? '';
		return `How close are you to this goal: “${goal}”?`;
	}
	return p.items.find((i) => i.number === n)?.wording ?? `Question ${n}`;
}

/** The number of things to answer: the goals set, or the items. */
export function questionNumbers(p: Pick<MeasurePage, 'instrument' | 'items' | 'goals'>): number[] {
	return p.instrument.kind === 'goals'
		? p.goals.map((g) => g.number)
		: p.items.map((i) => i.number);
}
