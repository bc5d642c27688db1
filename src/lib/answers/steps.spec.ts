import { describe, expect, it } from 'vitest';
import { measureSteps, questionFor, stepIndex } from './steps';

const gbo = (at: 'before' | 'after', goals: number) => ({
	at,
	instrument: {
		id: 'gbo',
		name: 'GBO',
		short_name: 'GBO',
		description: '',
		kind: 'goals' as const,
		options: []
	},
	items: [1, 2, 3].map((number) => ({ number, wording: `Goal ${number}?` })),
	goals: Array.from({ length: goals }, (_, i) => ({ number: i + 1, goal: `Goal text ${i + 1}` }))
});

describe('measureSteps', () => {
	it('GBO before: goals, then how close, then check', () => {
		expect(measureSteps(gbo('before', 2)).map((s) => s.kind)).toEqual(['goals', 'items', 'check']);
		expect(measureSteps(gbo('before', 2))[1]).toEqual({ kind: 'items', numbers: [1, 2] });
	});
	it('GBO after: only how close to the goals set before', () => {
		expect(measureSteps(gbo('after', 3)).map((s) => s.kind)).toEqual(['items', 'check']);
		expect(measureSteps(gbo('after', 0)).map((s) => s.kind)).toEqual(['check']);
	});
	it('a questionnaire: five items a screen', () => {
		const q = {
			...gbo('before', 0),
			instrument: { ...gbo('before', 0).instrument, kind: 'questionnaire' as const },
			items: Array.from({ length: 12 }, (_, i) => ({ number: i + 1, wording: `Item ${i + 1}` }))
		};
		expect(measureSteps(q)).toEqual([
			{ kind: 'items', numbers: [1, 2, 3, 4, 5] },
			{ kind: 'items', numbers: [6, 7, 8, 9, 10] },
			{ kind: 'items', numbers: [11, 12] },
			{ kind: 'check' }
		]);
	});
	it('stepIndex keeps ?step within range', () => {
		expect(stepIndex(null, 3)).toBe(0);
		expect(stepIndex('3', 3)).toBe(2);
		expect(stepIndex('4', 3)).toBe(0);
		expect(stepIndex('x', 3)).toBe(0);
	});
	it('a goal is asked about in the family’s own words', () => {
		expect(questionFor(gbo('after', 2), 2)).toBe('How close are you to this goal: “Goal text 2”?');
	});
});
