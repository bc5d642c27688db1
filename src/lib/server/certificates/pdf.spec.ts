import { describe, expect, it } from 'vitest';
import { certificateDates, certificatePdf, cpdHours } from './pdf';

describe('the certificate PDF', () => {
	it('says the hours and dates in words', () => {
		expect(cpdHours(14)).toBe('14 CPD hours');
		expect(cpdHours(6.5)).toBe('6.5 CPD hours');
		expect(cpdHours(1)).toBe('1 CPD hour');
		expect(certificateDates({ first_day: '2026-09-01', last_day: '2026-09-02' })).toBe(
			'1 September 2026 to 2 September 2026'
		);
		expect(certificateDates({ first_day: '2026-09-01', last_day: '2026-09-01' })).toBe(
			'1 September 2026'
		);
	});

	it('is an A4 landscape PDF', async () => {
		const pdf = await certificatePdf(
			{
				organisation: 'Riverside Family Clinic',
				name: 'Esther Nowak',
				course: 'Reflective Fostering',
				first_day: '2026-09-01',
				last_day: '2026-09-02',
				cpd_hours: 14,
				code: 'RFAU-7K2P-9QXD',
				issued_at: '2026-09-03T10:00:00+00:00'
			},
			'https://groups.example.org/certificates/RFAU-7K2P-9QXD'
		);
		const text = Buffer.from(pdf).toString('latin1');
		expect(text.startsWith('%PDF-')).toBe(true);
		// A4 landscape: 841.89 × 595.28 points.
		expect(text).toMatch(/\/MediaBox \[0 0 841\.89 595\.28\]/);
	});
});
