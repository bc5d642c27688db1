import { error } from '@sveltejs/kit';
import { reportCsv, reportParams } from '$lib/review/report';
import { view } from '$lib/server/rpc';
import type { RequestHandler } from './$types';

/** The funder report as a CSV download: the same rpc and figures as the page. */
export const GET = (async ({ locals, url }) => {
	const { params, errors } = reportParams(url);
	const problem = Object.values(errors)[0];
	if (problem) error(400, `The report could not be made: ${problem}`);
	const report = await view(locals.supabase, 'funder_report', params);
	const name = `funder-report-${params.from_date}-to-${params.to_date}.csv`;
	return new Response(reportCsv(report), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
