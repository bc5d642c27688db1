import { loadViewOrProblem } from '$lib/server/rpc';
import { reportParams, type FunderReport } from '$lib/review/report';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const params = reportParams(url);
	// A period that ends before it starts is refused by funder_report; the form stays on screen
	// with the dates as entered and the function's message beside them.
	const { view: report, problem } = await loadViewOrProblem<FunderReport>(
		locals.supabase,
		'funder_report',
		params
	);
	return {
		report,
		problem,
		params,
		query: new URLSearchParams(
			Object.entries(params).filter(([, v]) => v) as [string, string][]
		).toString()
	};
}) satisfies PageServerLoad;
