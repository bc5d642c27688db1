import { z } from 'zod';
import { loadView } from '$lib/server/rpc';
import type { Dashboard } from '$lib/review/types';
import type { PageServerLoad } from './$types';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Filters come from the query string: the dashboard is a plain GET form that works without JS. */
const Filters = z.object({
	from_date: isoDate.optional().catch(undefined),
	to_date: isoDate.optional().catch(undefined),
	programme_id: z.string().max(60).optional().catch(undefined),
	funding: z.enum(['funded', 'self_funded']).optional().catch(undefined),
	facilitator_id: z.string().uuid().optional().catch(undefined)
});

/** Which page of the list of groups; anything odd is the first (the rpc also clamps it). */
const Page = z.coerce.number().int().min(1).max(100_000).catch(1);

export const load = (async ({ locals, url }) => {
	const { page, ...raw } = Object.fromEntries(
		[...url.searchParams].filter(([, v]) => v !== '')
	) as Record<string, string>;
	const f = Filters.parse(raw);
	const dashboard = await loadView<Dashboard>(locals.supabase, 'review_dashboard', {
		from_date: f.from_date ?? null,
		to_date: f.to_date ?? null,
		programme_id: f.programme_id ?? null,
		funding: f.funding ?? null,
		facilitator_id: f.facilitator_id ?? null,
		page: Page.parse(page ?? 1)
	});
	return { dashboard, filtered: Object.values(f).some(Boolean) };
}) satisfies PageServerLoad;
