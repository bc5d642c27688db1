import { loadView } from '$lib/server/rpc';
import { reportParams, type FunderReport } from '$lib/review/report';
import type { PageServerLoad } from './$types';

export const load = (async ({ locals, url }) => {
	const params = reportParams(url);
	const report = await loadView<FunderReport>(locals.supabase, 'funder_report', params);
	return {
		report,
		query: new URLSearchParams(
			Object.entries(params).filter(([, v]) => v) as [string, string][]
		).toString()
	};
}) satisfies PageServerLoad;
