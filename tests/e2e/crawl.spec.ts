import { expect, test } from '@playwright/test';
import { HOMES, expectAccessible, signIn, waitForHydration } from './helpers';

/**
 * Every page a role can reach by following links (GET only, so nothing changes) opens without an
 * error, passes axe and fits a 360px screen; every other linked file (a calendar download, say)
 * answers 200. New pages are covered as soon as something links to them. Pages that
 * differ only by an id or a number are visited once each kind (up to a few of each).
 */
const SKIP = [/^\/signout/, /^\/dev\//];
const PER_KIND = 2;
const LIMIT = 60;

function kind(path: string): string {
	return path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id').replace(/\/\d+(?=\/|$)/g, '/:n');
}

// @js: both projects get the same HTML, so once is enough.
test.describe('every linked page @js', () => {
	test.setTimeout(180_000);
	// On a phone-sized screen, so the crawl also catches pages that scroll sideways (WCAG 1.4.10).
	test.use({ viewport: { width: 360, height: 740 } });

	for (const [role, home] of Object.entries(HOMES)) {
		test(`opens and passes axe for the ${role}`, async ({ page, baseURL }, testInfo) => {
			await signIn(page, testInfo, home.email, home);
			const queue: string[] = [home.path];
			const seen = new Set<string>(queue);
			const kinds = new Map<string, number>();
			const visited: string[] = [];
			while (queue.length && visited.length < LIMIT) {
				const path = queue.shift() as string;
				// Downloads (a calendar file, say) must answer, but are not pages to check.
				const head = await page.request.get(path);
				expect(head.status(), `status of ${path}`).toBe(200);
				if (!head.headers()['content-type']?.startsWith('text/html')) continue;
				const response = await page.goto(path);
				expect(response?.status(), `status of ${path}`).toBe(200);
				await waitForHydration(page, testInfo);
				await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
				// Soft: one run lists every page's problems, not just the first.
				await expectAccessible(page, { soft: true });
				const sideways = await page.evaluate(() => {
					const width = document.documentElement.clientWidth;
					return [...document.querySelectorAll('body *')]
						.filter((e) => e.getBoundingClientRect().right > width + 1)
						.filter((e) => !e.parentElement?.closest('.table-wrap'))
						.map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`)
						.slice(0, 5);
				});
				expect.soft(sideways, `${path} runs off a 360px screen`).toEqual([]);
				visited.push(path);
				const hrefs = await page
					.locator('a[href]')
					.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
				for (const href of hrefs) {
					const url = new URL(href);
					if (url.origin !== baseURL) continue;
					const next = url.pathname + url.search;
					if (seen.has(next) || SKIP.some((re) => re.test(url.pathname))) continue;
					seen.add(next);
					const k = kind(url.pathname);
					if ((kinds.get(k) ?? 0) >= PER_KIND) continue;
					kinds.set(k, (kinds.get(k) ?? 0) + 1);
					queue.push(next);
				}
			}
			testInfo.annotations.push({ type: 'visited', description: visited.join(' ') });
		});
	}
});
