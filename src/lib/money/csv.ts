/**
 * CSV for finance: every cell quoted, and a cell a spreadsheet would run as a formula
 * (starting with = + - @, or a tab or carriage return) prefixed with an apostrophe, so a
 * course title like "=HYPERLINK(…)" stays text (OWASP's CSV injection advice).
 */
export function csvCell(value: string | number): string {
	let text = String(value);
	if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
	return `"${text.replace(/"/g, '""')}"`;
}

export function csv(rows: (string | number)[][]): string {
	return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
