import { describe, expect, it } from 'vitest';
import { sessionsLabel } from './format';

describe('sessionsLabel', () => {
	it('says which sessions were reviewed, in plain English', () => {
		expect(sessionsLabel([])).toBeNull();
		expect(sessionsLabel([2])).toBe('Session 2');
		expect(sessionsLabel([2, 3])).toBe('Sessions 2 and 3');
		expect(sessionsLabel([1, 2, 4])).toBe('Sessions 1, 2 and 4');
	});
});
