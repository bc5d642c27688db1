import { parse } from 'csv-parse/sync';

/** A statement line as the database matches it: money in only. */
export type BankLine = {
	date: string;
	reference: string;
	amount_pence: number;
};

export type BankCsv = { lines: BankLine[]; skipped: number } | { problem: string };

export const MAX_BANK_LINES = 500;

const DATE = /^(date|transaction date|posted date|posting date|value date)$/;
const TEXT = /^(description|reference|details|memo|narrative|transaction description|payee|name)$/;
const AMOUNT = /^(amount|value|amount \(gbp\)|amount gbp)$/;
const PAID_IN = /^(paid in|money in|credit|credit amount|in)$/;

/** "£1,234.50", "1234.5", "-20.00", "(20.00)" as pence; null when it is not an amount. */
export function statementPence(text: string): number | null {
	let t = text.replace(/[£,\s]/g, '').replace(/GBP/i, '');
	if (t === '') return null;
	let sign = 1;
	if (/^\(.*\)$/.test(t)) {
		sign = -1;
		t = t.slice(1, -1);
	}
	if (t.startsWith('-')) {
		sign = -sign;
		t = t.slice(1);
	} else if (t.startsWith('+')) t = t.slice(1);
	if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null;
	const [whole, frac = ''] = t.split('.');
	return sign * (Number(whole) * 100 + Number(frac.padEnd(2, '0')));
}

/** "31/12/2026", "31-12-2026", "31 Dec 2026" or "2026-12-31" as yyyy-MM-dd; null otherwise. */
export function statementDate(text: string): string | null {
	const t = text.trim();
	const pad = (n: number) => String(n).padStart(2, '0');
	const valid = (y: number, m: number, d: number) => {
		const dt = new Date(Date.UTC(y, m - 1, d));
		return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d
			? `${y}-${pad(m)}-${pad(d)}`
			: null;
	};
	let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
	if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
	m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
	if (m) return valid(+m[3]!, +m[2]!, +m[1]!);
	m = /^(\d{1,2})[ -]([A-Za-z]{3})[a-z]*[ -](\d{4})$/.exec(t);
	if (m) {
		const month = 'janfebmaraprmayjunjulaugsepoctnovdec'.indexOf(m[2]!.toLowerCase()) / 3 + 1;
		return month >= 1 && Number.isInteger(month) ? valid(+m[3]!, month, +m[1]!) : null;
	}
	return null;
}

/**
 * A bank statement export (CSV) to the money-in lines, by shape only: a header row naming a
 * date, a description or reference, and an amount (or a "paid in" column); money out (negative
 * amounts, or lines with nothing paid in) is skipped. Matching is the database's job.
 */
export function parseBankCsv(text: string): BankCsv {
	let rows: string[][];
	try {
		rows = parse(text.replace(/^\uFEFF/, ''), {
			relax_column_count: true,
			skip_empty_lines: true,
			trim: true
		});
	} catch {
		return {
			problem: 'The file could not be read as CSV. Export the statement as CSV and try again.'
		};
	}
	const headerAt = rows.findIndex((r) => r.some((c) => DATE.test(c.toLowerCase())));
	if (headerAt < 0) return { problem: 'The file has no header row with a Date column.' };
	const header = rows[headerAt]!.map((c) => c.toLowerCase());
	const col = (re: RegExp) => header.findIndex((c) => re.test(c));
	const date = col(DATE);
	const texts = header.flatMap((c, n) => (TEXT.test(c) ? [n] : []));
	const amount = col(AMOUNT);
	const paidIn = col(PAID_IN);
	if (texts.length === 0) return { problem: 'The file has no Description or Reference column.' };
	if (amount < 0 && paidIn < 0) return { problem: 'The file has no Amount (or Paid in) column.' };
	const lines: BankLine[] = [];
	let skipped = 0;
	for (const row of rows.slice(headerAt + 1)) {
		const d = statementDate(row[date] ?? '');
		const pence = statementPence(row[amount >= 0 ? amount : paidIn] ?? '');
		const reference = texts
			.map((n) => row[n] ?? '')
			.filter(Boolean)
			.join(' ')
			.replace(/\s+/g, ' ')
			.slice(0, 140);
		if (!d || pence === null || pence <= 0 || reference === '') {
			skipped += 1;
			continue;
		}
		lines.push({ date: d, reference, amount_pence: pence });
	}
	if (lines.length > MAX_BANK_LINES)
		return {
			problem: `The file has ${lines.length} payments in; upload at most ${MAX_BANK_LINES} at a time.`
		};
	return { lines, skipped };
}
