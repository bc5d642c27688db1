import { error } from '@sveltejs/kit';
import { csv } from '$lib/money/csv';
import { viewOrProblem } from '$lib/server/rpc';
import { revenuePeriod } from '$lib/server/revenue';
import type { RequestHandler } from './$types';

const pounds = (pence: number) => (pence / 100).toFixed(2);

/** The revenue report as CSV for finance: one row per course and month, amounts in pounds. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const period = revenuePeriod(url);
	if (!period) error(400, 'Give both dates as dates.');
	const r = await viewOrProblem(locals.supabase, 'revenue_report', period);
	if (r.problem) error(400, r.problem.message);
	const body = csv([
		[
			'Month',
			'Course',
			'Net (£)',
			'VAT (£)',
			'Gross invoiced (£)',
			'Received (£)',
			'Refunded (£)',
			'Outstanding (£)'
		],
		...r.view.rows.map((row) => [
			row.month,
			row.course_title,
			pounds(row.net_pence),
			pounds(row.vat_pence),
			pounds(row.gross_pence),
			pounds(row.received_pence),
			pounds(row.refunded_pence),
			pounds(row.outstanding_pence)
		])
	]);
	return new Response(body, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="revenue-${period.from_date}-to-${period.to_date}.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
