import { describe, expect, it } from 'vitest';
import { formatPence } from './money';

describe('formatPence', () => {
	it('writes pounds and pence with thousands separators', () => {
		expect(formatPence(123450)).toBe('£1,234.50');
		expect(formatPence(51300)).toBe('£513.00');
		expect(formatPence(0)).toBe('£0.00');
		expect(formatPence(5)).toBe('£0.05');
	});
});
