import { describe, expect, it } from 'vitest';
import { percent, termsInWords } from './words';

describe('booking terms in words', () => {
	it('writes percentages without needless decimals', () => {
		expect(percent(10)).toBe('10%');
		expect(percent(12.5)).toBe('12.5%');
		expect(percent(90.0)).toBe('90%');
	});

	it('says the default terms', () => {
		const [cancel, transfer] = termsInWords({
			refund_full_percent: 90,
			refund_full_notice_days: 28,
			refund_part_percent: 50,
			refund_part_notice_days: 14,
			transfer_fee_percent: 10,
			late_transfer_fee_percent: 50,
			late_notice_days: 14
		});
		expect(cancel).toContain('90% of a place’s price back with at least 28 days’ notice');
		expect(transfer).toContain('50% with fewer than 14 days’ notice');
	});
});
