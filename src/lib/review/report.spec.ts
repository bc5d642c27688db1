import { describe, expect, it } from 'vitest';
import { currentQuarter, reportCsv } from './report';
import type { FunderReport } from './types';

const empty = {
	groups: 0,
	families_started: 0,
	families_completed: 0,
	attendance_rate: null,
	sessions_held: 0,
	fees_pence: 0,
	rows: [],
	planned: []
};

describe('currentQuarter', () => {
	it('is the London calendar quarter', () => {
		expect(currentQuarter(new Date('2026-11-22T12:00:00Z'))).toEqual({
			from: '2026-10-01',
			to: '2026-12-31'
		});
		expect(currentQuarter(new Date('2027-03-31T23:30:00Z'))).toEqual({
			from: '2027-04-01',
			to: '2027-06-30'
		});
		expect(currentQuarter(new Date('2027-02-10T00:00:00Z'))).toEqual({
			from: '2027-01-01',
			to: '2027-03-31'
		});
	});
});

describe('reportCsv', () => {
	it('has a header, a row per group and a total per section, with formulas neutralised', () => {
		const r: FunderReport = {
			from_date: '2026-10-01',
			to_date: '2026-12-31',
			funder: 'Trust',
			funders: ['Trust'],
			funded: {
				...empty,
				groups: 1,
				families_started: 10,
				families_completed: 7,
				attendance_rate: 81.5,
				sessions_held: 8,
				rows: [
					{
						id: 'x',
						name: '=HYPERLINK("evil")',
						funder: 'Trust',
						fee_pence: null,
						first_start: '2026-10-06T09:00:00Z',
						phase: 'completed',
						families_started: 10,
						families_completed: 7,
						attendance_rate: 81.5,
						sessions_held: 8
					}
				]
			},
			self_funded: {
				...empty,
				fees_pence: 24000,
				planned: [
					{
						id: 'y',
						name: 'Spring online',
						funder: null,
						fee_pence: 12000,
						first_start: '2027-01-06T19:00:00Z',
						phase: 'open',
						places_taken: 3,
						capacity: 10
					}
				]
			}
		};
		const lines = reportCsv(r).trimEnd().split('\r\n');
		expect(lines).toHaveLength(5);
		expect(lines[0]).toContain('"Families completed"');
		expect(lines[0]).toMatch(/"Places taken"$/);
		expect(lines[1]).toBe(
			'"Funded","\'=HYPERLINK(""evil"")","Trust","","2026-10-06","completed","10","7","81.5","8",""'
		);
		expect(lines[2]).toContain('"Funded total","1 groups delivered"');
		expect(lines[3]).toContain('"Self-funded total","0 groups delivered","","240.00"');
		// A group still to start is listed apart, with its places taken, and counts in no total.
		expect(lines[4]).toBe(
			'"Self-funded, planned","Spring online","","120.00","2027-01-06","planned","","","","","3 of 10"'
		);
	});
});
