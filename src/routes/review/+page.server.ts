import { z } from 'zod';
import { REPORTING_YEARS } from '$lib/input/dates';
import { fields } from '$lib/server/form';
import { queryDate, queryErrors } from '$lib/input/query';
import { view } from '$lib/server/rpc';
import { fundingKind } from '$lib/view-fields';
import type { PageServerLoad } from './$types';

/**
 * Filters come from the query string: the dashboard is a plain GET form that works without JS.
 * A choice that is not on the menus is ignored; a date that cannot be used is shown beside its
 * field and left out of the figures.
 */
const Filters = z.object({
	programme_id: fields.text(60).optional().catch(undefined),
	funding: fundingKind.optional().catch(undefined),
	facilitator_id: z.string().uuid().optional().catch(undefined)
});

/** Which page of the list of groups; anything odd is the first (the rpc also clamps it). */
const Page = z.coerce.number().int().min(1).max(100_000).catch(1);

export const load = (async ({ locals, url }) => {
	const { page, ...raw } = Object.fromEntries(
		[...url.searchParams].filter(([, v]) => v !== '')
	) as Record<string, string>;
	const f = Filters.parse(raw);
	const dates = {
		from_date: queryDate(url, 'from_date', REPORTING_YEARS),
		to_date: queryDate(url, 'to_date', REPORTING_YEARS)
	};
	const dashboard = await view(locals.supabase, 'review_dashboard', {
		from_date: dates.from_date.value,
		to_date: dates.to_date.value,
		programme_id: f.programme_id ?? null,
		funding: f.funding ?? null,
		facilitator_id: f.facilitator_id ?? null,
		page: Page.parse(page ?? 1)
	});
	const errors = queryErrors(dates);
	const filtered =
		Object.values(f).some(Boolean) || !!(dates.from_date.value ?? dates.to_date.value);
	return { dashboard, filtered, errors };
}) satisfies PageServerLoad;
