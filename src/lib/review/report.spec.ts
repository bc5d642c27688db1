import { describe, expect, it } from 'vitest';
import { currentQuarter, reportCsv, reportPeriods } from './report';
import type { FunderReport } from './types';
import type { ReportOutcomes } from '$lib/outcomes/results-types';

const noOutcomes: ReportOutcomes = {
	measures: [],
	feedback: { totals: { answered: 0, mean_helpful: null, recommend_pct: null }, rows: [] },
	quotes: []
};

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
			},
			outcomes: { funded: noOutcomes, self_funded: noOutcomes },
			paging: { page: 1, page_size: 2, total: 2 }
		};
		const lines = reportCsv(r).trimEnd().split('\r\n');
		// the outcomes' blank line, header, blank line, feedback header, blank line, quotes header
		expect(lines).toHaveLength(11);
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

	it('adds the outcomes as the database suppressed them, and the quotes without a name', () => {
		const figures = (n: number | 'fewer than 5') => ({
			families_started: 10,
			families_with_before: 10,
			families_paired: n,
			mean_before: n === 'fewer than 5' ? n : 2.8,
			mean_after: n === 'fewer than 5' ? n : 5.26,
			mean_change: n === 'fewer than 5' ? n : 2.46,
			improved_pct: n === 'fewer than 5' ? n : 77.8,
			reliable_improvement_pct: n === 'fewer than 5' ? n : 66.7,
			reliable_deterioration_pct: n === 'fewer than 5' ? n : 0,
			completeness_pct: n === 'fewer than 5' ? n : 90
		});
		const outcomes: ReportOutcomes = {
			measures: [
				{
					instrument_id: 'gbo',
					name: 'Goal-Based Outcomes',
					short_name: 'GBO',
					higher_is_better: true,
					reliable_change: 2.45,
					totals: figures(12),
					rows: [
						{ id: 'm', name: 'Monday mornings', quarter: '2026-Q3', figures: figures(9) },
						{
							id: 'f',
							name: 'Friday afternoons',
							quarter: '2026-Q3',
							figures: figures('fewer than 5')
						}
					]
				}
			],
			feedback: {
				totals: { answered: 11, mean_helpful: 4.18, recommend_pct: 81.8 },
				rows: [
					{
						id: 'm',
						name: 'Monday mornings',
						quarter: '2026-Q3',
						figures: { answered: 8, mean_helpful: 4.13, recommend_pct: 87.5 }
					},
					{
						id: 'f',
						name: 'Friday afternoons',
						quarter: '2026-Q3',
						figures: {
							answered: 'fewer than 5',
							mean_helpful: 'fewer than 5',
							recommend_pct: 'fewer than 5'
						}
					}
				]
			},
			quotes: [{ text: 'We stop and wonder now.', group: 'Monday mornings', quarter: '2026-Q3' }]
		};
		const emptySection = { ...empty, planned: [] };
		const csv = reportCsv({
			from_date: '2026-07-01',
			to_date: '2026-09-30',
			funder: null,
			funders: [],
			funded: emptySection,
			self_funded: emptySection,
			outcomes: { funded: outcomes, self_funded: noOutcomes },
			paging: { page: 1, page_size: 1, total: 0 }
		});
		const lines = csv.trimEnd().split('\r\n');
		expect(lines).toContain(
			'"Funded outcomes","GBO","Monday mornings","2026-Q3","10","10","9","2.80","5.26","2.46","77.8","66.7","0","90"'
		);
		expect(lines).toContain(
			'"Funded outcomes","GBO","Friday afternoons","2026-Q3","10","10","fewer than 5","fewer than 5","fewer than 5","fewer than 5","fewer than 5","fewer than 5","fewer than 5","fewer than 5"'
		);
		expect(lines).toContain(
			'"Funded outcomes total","GBO","All groups","","10","10","12","2.80","5.26","2.46","77.8","66.7","0","90"'
		);
		expect(lines).toContain(
			'"Funded feedback","End-of-group feedback","Friday afternoons","2026-Q3","fewer than 5","fewer than 5","fewer than 5"'
		);
		expect(lines).toContain('"Funded quote","We stop and wonder now.","Monday mornings","2026-Q3"');
	});
});

describe('reportPeriods', () => {
	it('offers this quarter, the last, the financial year and the last 12 months (London dates)', () => {
		expect(reportPeriods(new Date('2026-12-02T10:00:00Z'))).toEqual([
			{ label: 'This quarter', from: '2026-10-01', to: '2026-12-31' },
			{ label: 'Last quarter', from: '2026-07-01', to: '2026-09-30' },
			{ label: 'Financial year 2026–27', from: '2026-04-01', to: '2027-03-31' },
			{ label: 'Last 12 months', from: '2025-12-03', to: '2026-12-02' }
		]);
	});
	it('goes back a year for last quarter in January, and the financial year before April', () => {
		const p = reportPeriods(new Date('2027-01-15T10:00:00Z'));
		expect(p[1]).toEqual({ label: 'Last quarter', from: '2026-10-01', to: '2026-12-31' });
		expect(p[2]).toEqual({ label: 'Financial year 2026–27', from: '2026-04-01', to: '2027-03-31' });
		// 31 March 23:30 in London is still the old financial year (BST: 22:30 UTC)
		expect(reportPeriods(new Date('2027-03-31T22:30:00Z'))[2]!.from).toBe('2026-04-01');
		expect(reportPeriods(new Date('2027-03-31T23:30:00Z'))[2]!.from).toBe('2027-04-01');
	});
	it('a year back from 29 February starts on 2 March', () => {
		expect(reportPeriods(new Date('2028-02-29T12:00:00Z'))[3]).toEqual({
			label: 'Last 12 months',
			from: '2027-03-02',
			to: '2028-02-29'
		});
	});
});
