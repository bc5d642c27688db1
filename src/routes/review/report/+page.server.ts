import { viewOrProblem } from '$lib/server/rpc';
import { listParams } from '$lib/paging/paging';
import { reportParams } from '$lib/review/report';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const { params, errors } = reportParams(url);
	// A date that does not exist (or a funder not from the list) never reaches the database: the
	// form stays on screen with what was entered and a message beside it.
	if (Object.keys(errors).length) return { report: null, problem: null, errors, params };
	// A period that ends before it starts is refused by funder_report; the form stays on screen
	// with the dates as entered and the function's message beside them. The totals are over the
	// whole period, the groups' rows one page (?page=, kept with the period by the page links).
	const { view: report, problem } = await viewOrProblem(locals.supabase, 'funder_report', {
		...params,
		page: listParams(url).page
	});
	return {
		report,
		problem,
		errors,
		params
	};
}) satisfies PageServerLoad;
