import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeTree } from '../tests/e2e/route-tree';

// The fuzz and crawl specs cover every form action the route tree finds; an action it misses
// is never fuzzed, silently. These pin the reader to the source.
describe('the e2e route tree', () => {
	const routes = routeTree();
	const actions = (pattern: string) =>
		routes.find((r) => r.pattern === pattern)?.actions.map((a) => a.name) ?? [];

	it("finds actions written after a comment with an apostrophe (the group page's resend)", () => {
		expect(actions('/groups/[id]')).toEqual(expect.arrayContaining(['enrol', 'move', 'resend']));
		expect(actions('/groups/[id]/sessions/[n]/register')).toContain('rest');
	});

	it('takes only real keys of each actions object, never words of a comment', () => {
		for (const route of routes.filter((r) => r.actions.length)) {
			const file = join('src/routes', route.pattern, '+page.server.ts');
			const source = readFileSync(file, 'utf8');
			for (const a of route.actions)
				expect(source, `${route.pattern} ?/${a.name}`).toMatch(
					new RegExp(`(^|[\\s{,])${a.name}\\s*[:(]`, 'm')
				);
		}
	});

	it('reads fields from lists written `as const`, two lists naming items alike, and names made from a value', () => {
		const save = routes
			.find((r) => r.pattern === '/admin/courses/new')
			?.actions.find((a) => a.name === 'save');
		// The Markdown sections and the booking terms are two `{#each [...] as const as [name, …]}`.
		expect(save?.fields).toEqual(
			expect.arrayContaining(['summary', 'aims', 'payment_due_days', 'refund_part_percent'])
		);
		// `name="day_{i}"` and `name="trainer_{t.id}"`: sent as day_0, matched as a pattern.
		expect(save?.fields).toEqual(expect.arrayContaining(['day_0', 'tier_price_0']));
		expect(save?.patterns).toEqual(expect.arrayContaining(['^day_.+$', '^trainer_.+$']));
	});
});
