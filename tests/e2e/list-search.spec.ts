import { expect, test, type Page } from '@playwright/test';
import { HOMES, arrived, signIn, visit } from './helpers';

/**
 * A list longer than a page: 56 open concerns raised here (low urgency, so the demo's and other
 * specs' more urgent ones stay at the top of the lead's list), searched and paged through, with
 * JavaScript and without. The search and the filter stay in every page link; the lead reviews
 * the concerns again at the end, so no other spec sees them.
 */
const GROUP = '00000000-0000-4000-8000-000000001002';
const COUNT = 56;

function marker(project: string): string {
	return `paging-check-${project}-${Date.now().toString(36)}`;
}

/** Raise the concerns through the session page's own form action, as the facilitator. */
async function raiseConcerns(page: Page, tag: string): Promise<void> {
	await page.goto(`/groups/${GROUP}/sessions/3`);
	const sessionId = await page
		.getByRole('region', { name: 'Raise a concern' })
		.locator('input[name="session_id"]')
		.inputValue();
	const origin = new URL(page.url()).origin;
	for (let n = 1; n <= COUNT; n++) {
		const res = await page.request.post(`/groups/${GROUP}/sessions/3?/concern`, {
			form: {
				session_id: sessionId,
				enrolment_id: '',
				kind: 'wellbeing',
				urgency: 'low',
				description: `${tag} number ${String(n).padStart(2, '0')}: the group seemed tired.`
			},
			headers: { origin, 'x-sveltekit-action': 'true' }
		});
		expect(res.status(), await res.text()).toBe(200);
	}
}

test('the lead searches the open concerns and pages through them', async ({
	page,
	browser
}, testInfo) => {
	test.setTimeout(120_000);
	const tag = marker(testInfo.project.name);
	const facilitator = await browser.newPage();
	await signIn(facilitator, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await raiseConcerns(facilitator, tag);
	await facilitator.context().close();

	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, '/review/concerns', 'Open concerns');
	const search = page.getByRole('search', { name: 'Search open concerns' });
	await search.getByLabel('Search open concerns').fill(tag);
	await search.getByLabel('Urgency').selectOption({ label: 'Low' });
	await search.getByRole('button', { name: 'Search' }).click();
	await arrived(page, testInfo, '/review/concerns', 'Open concerns');
	await expect(page).toHaveURL(new RegExp(`[?&]q=${tag}(&|$)`));

	const listed = page.locator('main .concerns > li');
	await expect(page.getByText(`Showing 1–50 of ${COUNT} open concerns`)).toBeVisible();
	await expect(listed).toHaveCount(50);
	await expect(listed.first()).toContainText(`${tag} number 01`);

	// The page links keep the search and the filter.
	const pages = page.getByRole('navigation', { name: 'Pages of open concerns', exact: true });
	await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
	await pages.getByRole('link', { name: 'Next page' }).click();
	await arrived(page, testInfo, '/review/concerns', 'Open concerns');
	await expect(page).toHaveURL(/[?&]page=2(&|$)/);
	await expect(page).toHaveURL(/[?&]urgency=low(&|$)/);
	await expect(page).toHaveURL(new RegExp(`[?&]q=${tag}(&|$)`));
	await expect(page.getByText(`Showing 51–${COUNT} of ${COUNT} open concerns`)).toBeVisible();
	await expect(listed).toHaveCount(COUNT - 50);
	await expect(listed.last()).toContainText(`${tag} number ${COUNT}`);
	await expect(search.getByLabel('Search open concerns')).toHaveValue(tag);

	// A filter that none match: nothing, said plainly.
	await search.getByLabel('Urgency').selectOption({ label: 'High' });
	await search.getByRole('button', { name: 'Search' }).click();
	await arrived(page, testInfo, '/review/concerns', 'Open concerns');
	await expect(page).not.toHaveURL(/[?&]page=/);
	await expect(page.getByText('No open concerns match.')).toBeVisible();

	await page.getByRole('link', { name: 'Clear the search and filters' }).click();
	await arrived(page, testInfo, '/review/concerns', 'Open concerns');
	await expect(search.getByLabel('Search open concerns')).toHaveValue('');

	// Clean up: review them (the lead's own action on the group's review page), so no other
	// spec sees them.
	await page.goto(`/review/groups/${GROUP}`);
	const ids = await page
		.getByRole('region', { name: 'Concerns' })
		.getByRole('article')
		.filter({ hasText: tag })
		.locator('input[name="concern_id"]')
		.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
	expect(ids).toHaveLength(COUNT);
	const origin = new URL(page.url()).origin;
	for (const id of ids) {
		const res = await page.request.post(`/review/groups/${GROUP}?/review`, {
			form: { concern_id: id, note: 'Checked as part of a paging test.' },
			headers: { origin, 'x-sveltekit-action': 'true' }
		});
		expect(res.status()).toBe(200);
	}
	await visit(page, testInfo, `/review/concerns?q=${tag}`, 'Open concerns');
	await expect(page.getByText('No open concerns match.')).toBeVisible();
});
