import { expect, test, type Page } from '@playwright/test';
import { HOMES, arrived, signIn, visit } from './helpers';

/**
 * The training admin's course list longer than a page: 26 draft courses made here through the
 * new-course form's own action, with no days yet (so they sort after every dated upcoming
 * course and other specs' first page of upcoming courses is unchanged; drafts are never shown
 * publicly), searched and paged through with JavaScript and without. The search and the status
 * filter stay in every page link and in the Upcoming/Past tabs.
 */
const COUNT = 26;

/** Make the drafts through /admin/courses/new's save action, as the training admin. */
async function makeDrafts(page: Page, tag: string): Promise<void> {
	await page.goto('/admin/courses/new');
	const origin = new URL(page.url()).origin;
	for (let n = 1; n <= COUNT; n++) {
		const res = await page.request.post('/admin/courses/new?/save', {
			form: {
				title: `${tag} course ${String(n).padStart(2, '0')}`,
				slug: `${tag}-${n}`,
				summary: '',
				about: '',
				suitable_for: '',
				aims: '',
				status: 'draft',
				capacity: '12',
				venue_name: '',
				venue_address: '',
				venue_postcode: '',
				map_url: '',
				day_rows: '0',
				tier_rows: '0',
				// The booking terms as the new-course form fills them in.
				opens_date: '',
				opens_time: '',
				closes_date: '',
				closes_time: '',
				payment_due_days: '21',
				card_hold_minutes: '30',
				waitlist_offer_hours: '48',
				transfer_fee_percent: '10',
				late_transfer_fee_percent: '50',
				late_notice_days: '14',
				refund_full_notice_days: '28',
				refund_full_percent: '90',
				refund_part_notice_days: '14',
				refund_part_percent: '50'
			},
			headers: { origin, 'x-sveltekit-action': 'true' }
		});
		const body = await res.text();
		expect(res.status(), body).toBe(200);
		expect(body, body).toContain('"type":"redirect"');
	}
}

test('the training admin searches the courses and pages through them', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	const tag = `paging-${testInfo.project.name}-${Date.now().toString(36)}`;
	await signIn(page, testInfo, HOMES.training.email, HOMES.training);
	await makeDrafts(page, tag);

	await visit(page, testInfo, '/admin/courses', 'Courses');
	const search = page.getByRole('search', { name: 'Search courses' });
	await search.getByLabel('Search courses').fill(tag);
	await search.getByLabel('Status').selectOption({ label: 'Draft' });
	await search.getByRole('button', { name: 'Search' }).click();
	await arrived(page, testInfo, '/admin/courses', 'Courses');
	await expect(page).toHaveURL(new RegExp(`[?&]q=${tag}(&|$)`));

	const rows = page.getByRole('region', { name: 'Upcoming courses' }).locator('tbody tr');
	await expect(page.getByText(`Showing 1–25 of ${COUNT} upcoming courses`)).toBeVisible();
	await expect(rows).toHaveCount(25);
	await expect(rows.first()).toContainText(`${tag} course 01`);
	await expect(page.getByRole('link', { name: `Upcoming (${COUNT})` })).toHaveAttribute(
		'aria-current',
		'page'
	);

	// The page links keep the search and the filter.
	const pages = page.getByRole('navigation', { name: 'Pages of upcoming courses', exact: true });
	await expect(pages.getByRole('link', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
	await pages.getByRole('link', { name: 'Next page' }).click();
	await arrived(page, testInfo, '/admin/courses', 'Courses');
	await expect(page).toHaveURL(/[?&]page=2(&|$)/);
	await expect(page).toHaveURL(/[?&]status=draft(&|$)/);
	await expect(page).toHaveURL(new RegExp(`[?&]q=${tag}(&|$)`));
	await expect(page.getByText(`Showing 26–26 of ${COUNT} upcoming courses`)).toBeVisible();
	await expect(rows).toHaveCount(1);
	await expect(rows.first()).toContainText(`${tag} course 26`);
	await expect(search.getByLabel('Search courses')).toHaveValue(tag);

	// The Past tab keeps the search and starts from its first page: none of these are past.
	await page.getByRole('link', { name: 'Past (0)' }).click();
	await arrived(page, testInfo, '/admin/courses', 'Courses');
	await expect(page).toHaveURL(/[?&]list=past(&|$)/);
	await expect(page).not.toHaveURL(/[?&]page=/);
	await expect(page.getByText('No past courses match.')).toBeVisible();

	// Another status that none of them have: nothing, said plainly.
	await page.goto(`/admin/courses?q=${tag}`);
	await search.getByLabel('Status').selectOption({ label: 'Open' });
	await search.getByRole('button', { name: 'Search' }).click();
	await arrived(page, testInfo, '/admin/courses', 'Courses');
	await expect(page.getByText('No upcoming courses match.')).toBeVisible();

	await page.getByRole('link', { name: 'Clear the search and filters' }).click();
	await arrived(page, testInfo, '/admin/courses', 'Courses');
	await expect(search.getByLabel('Search courses')).toHaveValue('');
	await expect(page).toHaveURL(/\/admin\/courses$/);
});
