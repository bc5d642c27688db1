import { dateAndTime } from '$lib/groups/format';
import { REPORTING_YEARS } from '$lib/input/dates';
import { queryDate, queryErrors, queryText, type QueryValue } from '$lib/input/query';
import { reportCell } from '$lib/outcomes/format';
import { londonDate } from '$lib/schedule/london';
import type { Cell } from '$lib/outcomes/results-types';
import type { FunderReport } from './types';

/** The current calendar quarter in London, as the default report range. */
export function currentQuarter(now = new Date()): { from: string; to: string } {
	const [y, m] = londonDate(now).split('-').map(Number);
	const first = Math.floor((m! - 1) / 3) * 3 + 1;
	const last = first + 2;
	const lastDay = new Date(Date.UTC(y!, last, 0)).getUTCDate();
	const pad = (n: number) => String(n).padStart(2, '0');
	return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay)}` };
}

/** A London calendar date `days` after a yyyy-MM-dd date (negative: before). */
function addDays(date: string, days: number): string {
	const d = new Date(`${date}T12:00:00Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** The same day a year earlier (29 February: 1 March). */
function yearBefore(date: string): string {
	const d = new Date(`${date}T12:00:00Z`);
	d.setUTCFullYear(d.getUTCFullYear() - 1);
	return d.toISOString().slice(0, 10);
}

/**
 * The periods a funder usually asks about, as quick choices beside the dates: this quarter, the
 * last one, the UK financial year so far (from 1 April) and the last 12 months, each ending on
 * its last day.
 */
export function reportPeriods(now = new Date()): { label: string; from: string; to: string }[] {
	const q = currentQuarter(now);
	const last = currentQuarter(new Date(`${addDays(q.from, -1)}T12:00:00Z`));
	const today = londonDate(now);
	const [y, m] = today.split('-').map(Number) as [number, number];
	const fy = m >= 4 ? y : y - 1;
	return [
		{ label: 'This quarter', ...q },
		{ label: 'Last quarter', ...last },
		{
			label: `Financial year ${fy}–${String(fy + 1).slice(2)}`,
			from: `${fy}-04-01`,
			to: `${fy + 1}-03-31`
		},
		{ label: 'Last 12 months', from: addDays(yearBefore(today), 1), to: today }
	];
}

export type ReportParams = {
	from_date: string;
	to_date: string;
	funder: string | null;
};

/**
 * Report parameters from a query string, defaulting to the current quarter, and what is wrong
 * with any of them (by field). A bad value is kept as entered, so the form can show it again.
 */
export function reportParams(url: URL): { params: ReportParams; errors: Record<string, string> } {
	const q = currentQuarter();
	const from = queryDate(url, 'from_date', REPORTING_YEARS);
	const to = queryDate(url, 'to_date', REPORTING_YEARS);
	// Funders are chosen from a list of names of at most 120 characters.
	const funder = queryText(url, 'funder', 120, 'Choose a funder from the list.');
	const entered = (name: string, v: QueryValue, fallback: string) =>
		v.error ? (url.searchParams.get(name) ?? '') : (v.value ?? fallback);
	return {
		params: {
			from_date: entered('from_date', from, q.from),
			to_date: entered('to_date', to, q.to),
			funder: funder.value
		},
		errors: queryErrors({ from_date: from, to_date: to, funder })
	};
}

const HEADER = [
	'Section',
	'Group',
	'Funder',
	'Fee per family (GBP)',
	'First session',
	'Status',
	'Families started',
	'Families completed',
	'Attendance rate (%)',
	'Sessions held',
	'Places taken'
];

function cell(value: string | number | null): string {
	const text = value === null ? '' : String(value);
	// Quote every cell and neutralise spreadsheet formulas (=, +, -, @ at the start).
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return `"${safe.replace(/"/g, '""')}"`;
}

const OUTCOMES_HEADER = [
	'Section',
	'Measure',
	'Group',
	'Quarter',
	'Families started',
	'Families with before',
	'Families with before and after',
	'Mean before',
	'Mean after',
	'Mean change',
	'Improved (%)',
	'Reliably improved (%)',
	'Reliably worse (%)',
	'Completeness (%)'
];
const FEEDBACK_HEADER = [
	'Section',
	'Feedback',
	'Group',
	'Quarter',
	'Answered',
	'Mean helpfulness (1-5)',
	'Would recommend (%)'
];
const QUOTES_HEADER = ['Section', 'Quote', 'Group', 'Quarter'];

/** A suppressed cell as the CSV shows it: the words 'fewer than 5', blank, or the figure. */
const csvCell = (c: Cell, digits = 0) => reportCell(c, { digits });

/**
 * The outcomes part of the CSV, after a blank line: per section and measure a row per group
 * and a total row, then the feedback likewise, then the quotes (words only, never a name). Every
 * cell is as the database suppressed it. Their Section column names what they are ("Funded
 * outcomes", "Funded feedback total", "Funded quote"), so that filtering the sheet by section
 * never mixes them with the groups delivered ("Funded", "Funded total").
 */
function outcomeRows(r: FunderReport): (string | number | null)[][] {
	const sections = [
		['Funded', r.outcomes.funded],
		['Self-funded', r.outcomes.self_funded]
	] as const;
	const rows: (string | number | null)[][] = [[], OUTCOMES_HEADER];
	for (const [label, o] of sections)
		for (const m of o.measures)
			for (const g of [
				...m.rows.map((x) => ({ ...x, total: false })),
				{ name: 'All groups', quarter: null, figures: m.totals, total: true }
			]) {
				const f = g.figures;
				rows.push([
					g.total ? `${label} outcomes total` : `${label} outcomes`,
					m.short_name,
					g.name,
					g.quarter,
					csvCell(f.families_started),
					csvCell(f.families_with_before),
					csvCell(f.families_paired),
					csvCell(f.mean_before, 2),
					csvCell(f.mean_after, 2),
					csvCell(f.mean_change, 2),
					csvCell(f.improved_pct),
					csvCell(f.reliable_improvement_pct),
					csvCell(f.reliable_deterioration_pct),
					csvCell(f.completeness_pct)
				]);
			}
	rows.push([], FEEDBACK_HEADER);
	for (const [label, o] of sections) {
		if (!o.feedback.rows.length) continue;
		for (const g of [
			...o.feedback.rows.map((x) => ({ ...x, total: false })),
			{ name: 'All groups', quarter: null, figures: o.feedback.totals, total: true }
		])
			rows.push([
				g.total ? `${label} feedback total` : `${label} feedback`,
				'End-of-group feedback',
				g.name,
				g.quarter,
				csvCell(g.figures.answered),
				csvCell(g.figures.mean_helpful, 2),
				csvCell(g.figures.recommend_pct)
			]);
	}
	rows.push([], QUOTES_HEADER);
	for (const [label, o] of sections)
		for (const q of o.quotes) rows.push([`${label} quote`, q.text, q.group, q.quarter]);
	return rows;
}

/**
 * The report as CSV: per section, one row per group delivered (first session happened), a total
 * row for those, then one row per group planned (still to start) with its places taken; then
 * the outcomes (outcomeRows).
 */
export function reportCsv(r: FunderReport): string {
	const rows: (string | number | null)[][] = [HEADER];
	for (const [label, s] of [
		['Funded', r.funded],
		['Self-funded', r.self_funded]
	] as const) {
		for (const g of s.rows) {
			rows.push([
				label,
				g.name,
				g.funder,
				g.fee_pence === null ? null : (g.fee_pence / 100).toFixed(2),
				dateAndTime(g.first_start)[0],
				g.phase,
				g.families_started,
				g.families_completed,
				g.attendance_rate,
				g.sessions_held,
				null
			]);
		}
		rows.push([
			`${label} total`,
			`${s.groups} groups delivered`,
			label === 'Funded' ? r.funder : null,
			label === 'Self-funded' ? (s.fees_pence / 100).toFixed(2) : null,
			null,
			null,
			s.families_started,
			s.families_completed,
			s.attendance_rate,
			s.sessions_held,
			null
		]);
		for (const g of s.planned) {
			rows.push([
				`${label}, planned`,
				g.name,
				g.funder,
				g.fee_pence === null ? null : (g.fee_pence / 100).toFixed(2),
				dateAndTime(g.first_start)[0],
				'planned',
				null,
				null,
				null,
				null,
				`${g.places_taken} of ${g.capacity}`
			]);
		}
	}
	rows.push(...outcomeRows(r));
	return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
