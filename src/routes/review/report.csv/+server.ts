import { error } from '@sveltejs/kit';
import { reportCsv, reportParams, type FunderReport } from '$lib/review/report';
import { isBadInput } from '$lib/server/rpc';
import type { RequestHandler } from './$types';

/** The funder report as a CSV download: the same rpc and figures as the page. */
export const GET = (async ({ locals, url }) => {
	const { params, errors } = reportParams(url);
	const problem = Object.values(errors)[0];
	if (problem) error(400, `The report could not be made: ${problem}`);
	const { data, error: e } = await locals.supabase.rpc('funder_report', params);
	if (e) {
		if (e.code === '42501') error(403, 'You do not have access to this report.');
		if (e.code === 'P0001') error(400, e.message);
		if (isBadInput(e.code)) {
			console.warn('[funder_report csv] rejected input', e);
			error(400, 'The report could not be made from those details.');
		}
		console.error('[funder_report csv]', e);
		error(500, 'The report could not be made.');
	}
	const name = `funder-report-${params.from_date}-to-${params.to_date}.csv`;
	return new Response(reportCsv(data as unknown as FunderReport), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'private, no-store'
		}
	});
}) satisfies RequestHandler;
