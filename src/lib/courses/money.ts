// Money on course pages, invoices and admin screens. Amounts are whole pence everywhere (as in
// the database); this is the one place they become words, so every page says "£1,234.50" alike.

const poundsAndPence = new Intl.NumberFormat('en-GB', {
	style: 'currency',
	currency: 'GBP',
	minimumFractionDigits: 2,
	maximumFractionDigits: 2
});
const wholePounds = new Intl.NumberFormat('en-GB', {
	style: 'currency',
	currency: 'GBP',
	minimumFractionDigits: 0,
	maximumFractionDigits: 0
});

/** "£1,234.50", "£0.00", "−£12.00": always with pence, for invoices and totals. */
export function money(pence: number): string {
	if (!Number.isInteger(pence)) throw new RangeError(`money() takes whole pence, not ${pence}`);
	const text = poundsAndPence.format(Math.abs(pence) / 100);
	return pence < 0 ? `−${text}` : text;
}

/** "£395" or "£395.50": drops ".00" — for prices in running text, never for invoice lines. */
export function price(pence: number): string {
	if (!Number.isInteger(pence)) throw new RangeError(`price() takes whole pence, not ${pence}`);
	const text = (pence % 100 === 0 ? wholePounds : poundsAndPence).format(Math.abs(pence) / 100);
	return pence < 0 ? `−${text}` : text;
}

/**
 * VAT on a net amount, rounded to the penny as the database rounds it (half away from zero,
 * like PostgreSQL's round() on numeric), so a page and its invoice never differ by a penny.
 */
export function vatOn(netPence: number, vatPercent: number): number {
	// In whole hundredths of a per cent (the column is numeric(5, 2)) so halves are exact.
	const scaled = Math.abs(netPence) * Math.round(vatPercent * 100);
	const whole = Math.floor(scaled / 10000);
	const rounded = scaled - whole * 10000 >= 5000 ? whole + 1 : whole;
	return netPence < 0 ? -rounded : rounded;
}

/** Net plus VAT, in pence. */
export function gross(netPence: number, vatPercent: number): number {
	return netPence + vatOn(netPence, vatPercent);
}

/** "20%", "5%", "17.5%", "0%". */
export function percent(rate: number): string {
	return `${Number(rate.toFixed(2))}%`;
}

/** "£395 + VAT" (or "£395, no VAT" when the rate is 0): a tier's price as buyers expect it. */
export function plusVat(netPence: number, vatPercent: number): string {
	return vatPercent === 0 ? `${price(netPence)}, no VAT` : `${price(netPence)} + VAT`;
}

/** "£395 + VAT (£474 in total)": the net price and what the buyer actually pays. */
export function plusVatWithTotal(netPence: number, vatPercent: number): string {
	if (vatPercent === 0) return plusVat(netPence, vatPercent);
	return `${plusVat(netPence, vatPercent)} (${price(gross(netPence, vatPercent))} in total)`;
}

/** "£395 + VAT" or "£395–£495 + VAT": a course's fee range for a listing. */
export function priceRange(minNetPence: number, maxNetPence: number, vat = true): string {
	const range =
		minNetPence === maxNetPence
			? price(minNetPence)
			: `${price(minNetPence)}–${price(maxNetPence)}`;
	return vat ? `${range} + VAT` : range;
}

/** Parses "395", "£1,234.50", "1 234.5" into pence; null for anything else (form input). */
export function parsePounds(text: string): number | null {
	const cleaned = text.replace(/[£,\s]/g, '');
	if (!/^\d{1,7}(\.\d{1,2})?$/.test(cleaned)) return null;
	const [whole, fraction = ''] = cleaned.split('.') as [string, string?];
	return Number(whole) * 100 + Number((fraction ?? '').padEnd(2, '0'));
}

/** Pence as the plain number a form field shows: 39500 → "395.00". */
export function poundsField(pence: number): string {
	return (pence / 100).toFixed(2);
}
