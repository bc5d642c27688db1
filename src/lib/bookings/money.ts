/**
 * Money as invoices show it: "£1,234.50", always with pence. (Helper "pages" writes the shared
 * formatter in $lib/courses/money.ts; this copy is merged into it.)
 */
const gbp = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export function money(pence: number): string {
	return gbp.format(pence / 100);
}
