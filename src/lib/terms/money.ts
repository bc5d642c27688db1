/**
 * Pence as pounds, £1,234.50. A temporary copy for the booking-terms pages: helper "pages" owns
 * $lib/courses/money.ts, and the lead merges the two into that one at merge time.
 */
const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });

export function formatPence(pence: number): string {
	return pounds.format(pence / 100);
}
