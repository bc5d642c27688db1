import { describe, expect, it } from 'vitest';
import { phaseLabel } from './labels';

describe('phaseLabel', () => {
	it('says an open group with every place taken is full, its waitlist open', () => {
		expect(phaseLabel({ phase: 'open', filled: 12, capacity: 12 })).toBe('Full — waitlist open');
		expect(phaseLabel({ phase: 'open', filled: 11, capacity: 12 })).toBe('Open for enrolment');
	});

	it('names the other phases as they are, full or not', () => {
		expect(phaseLabel({ phase: 'running', filled: 12, capacity: 12 })).toBe('Running (closed)');
		expect(phaseLabel({ phase: 'draft', filled: 0, capacity: 12 })).toBe('Draft');
		expect(phaseLabel({ phase: 'cancelled', filled: 12, capacity: 12 })).toBe('Cancelled');
	});
});
