import { redirect } from '@sveltejs/kit';
import { reportCsv, reportParams } from '$lib/review/report';
import { viewOrProblem } from '$lib/server/rpc';
import type { RequestHandler } from './$types';

/**
 * The funder report as a CSV download: the same rpc and figures as the page, with every group's
 * row rather than one page, for the dates in the report form's fields (its Download CSV button
 * submits the form here). Dates that cannot be used send the person back to the report with
 * the same fields, where the page shows what is wrong beside them, rather than an error page or
 * a CSV for other dates.
 */
export const GET = (async ({ locals, url }) => {
	const { params, errors } = reportParams(url);
	const back = `/review/report${url.search}`;
	if (Object.keys(errors).length) redirect(303, back);
	// Every group's rows in one call (the page shows 50 at a time).
	const { view: report } = await viewOrProblem(locals.supabase, 'funder_report', {
		...params,
		every_row: true
	});
	if (!report) redirect(303, back);
	const name = `funder-report-${params.from_date}-to-${params.to_date}.csv`;
	return new Response(reportCsv(report), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
