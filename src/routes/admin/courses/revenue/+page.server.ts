import { viewOrProblem } from '$lib/server/rpc';
import { revenuePeriod } from '$lib/server/revenue';
import type { PageServerLoad } from './$types';

/** Revenue by course and month for a period (this year unless the form says otherwise). */
export const load = (async ({ locals, url }) => {
	const period = revenuePeriod(url);
	if (!period)
		return {
			period: { from_date: '', to_date: '' },
			report: null,
			problem: { message: 'Give both dates as dates.', field: 'from' }
		};
	const r = await viewOrProblem(locals.supabase, 'revenue_report', period);
	return { period, report: r.view, problem: r.problem };
}) satisfies PageServerLoad;
