import { z } from 'zod';
import { dateAndTime } from '$lib/groups/format';

/** The view model of public.funder_report. */
export interface FunderReport {
	from_date: string;
	to_date: string;
	funder: string | null;
	funders: string[];
	funded: ReportSection;
	self_funded: ReportSection;
}

export interface ReportSection {
	groups: number;
	families_started: number;
	families_completed: number;
	attendance_rate: number | null;
	sessions_held: number;
	fees_pence: number;
	rows: {
		id: string;
		name: string;
		funder: string | null;
		fee_pence: number | null;
		first_start: string;
		phase: string;
		families_started: number;
		families_completed: number;
		attendance_rate: number | null;
		sessions_held: number;
	}[];
}

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The current calendar quarter in London, as the default report range. */
export function currentQuarter(now = new Date()): { from: string; to: string } {
	const [y, m] = new Intl.DateTimeFormat('en-CA', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit'
	})
		.format(now)
		.split('-')
		.map(Number);
	const first = Math.floor((m! - 1) / 3) * 3 + 1;
	const last = first + 2;
	const lastDay = new Date(Date.UTC(y!, last, 0)).getUTCDate();
	const pad = (n: number) => String(n).padStart(2, '0');
	return { from: `${y}-${pad(first)}-01`, to: `${y}-${pad(last)}-${pad(lastDay)}` };
}

/** Report parameters from a query string, defaulting to the current quarter. */
export function reportParams(url: URL) {
	const q = currentQuarter();
	const from = isoDate.safeParse(url.searchParams.get('from_date'));
	const to = isoDate.safeParse(url.searchParams.get('to_date'));
	const funder = url.searchParams.get('funder')?.trim().slice(0, 120) || null;
	return {
		from_date: from.success ? from.data : q.from,
		to_date: to.success ? to.data : q.to,
		funder
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
	'Sessions held'
];

function cell(value: string | number | null): string {
	const text = value === null ? '' : String(value);
	// Quote every cell and neutralise spreadsheet formulas (=, +, -, @ at the start).
	const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
	return `"${safe.replace(/"/g, '""')}"`;
}

/** The report as CSV: one row per group, then a total row per section. */
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
				g.sessions_held
			]);
		}
		rows.push([
			`${label} total`,
			`${s.groups} groups`,
			label === 'Funded' ? r.funder : null,
			label === 'Self-funded' ? (s.fees_pence / 100).toFixed(2) : null,
			null,
			null,
			s.families_started,
			s.families_completed,
			s.attendance_rate,
			s.sessions_held
		]);
	}
	return rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
