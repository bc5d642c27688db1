import { expect, test } from '@playwright/test';
import { arrived, submitSignIn, visit } from './helpers';

/**
 * The training admin creates a course with the form (no JavaScript needed: the "add another"
 * buttons post the form back), is told what publishing needs, publishes it, and finds it on the
 * public pages. Each project makes its own course (its own slug).
 */

/** A date about ten weeks ahead, `yyyy-MM-dd`. */
function weeksAhead(n: number): string {
	return new Date(Date.now() + n * 7 * 86_400_000).toISOString().slice(0, 10);
}

test('the training admin creates a course, is told what publishing needs, publishes it and sees it public', async ({
	page
}, testInfo) => {
	const slug = `e2e-supervision-${testInfo.project.name}-${Date.now().toString(36)}`;
	const title = `Reflective Supervision (${testInfo.project.name})`;
	await visit(page, testInfo, '/signin', 'Sign in');
	await submitSignIn(page, 'training@example.org', 'reflective-demo');
	await expect(page).not.toHaveURL(/\/signin/);

	await visit(page, testInfo, '/admin/courses/new', 'New course');
	await page.locator('#field-title').fill(title);
	await page.getByLabel('Web address').fill(slug);
	await page.locator('#field-summary').fill('One day on supervising with curiosity.');
	await page.locator('#field-aims').fill('- Notice\n- Pause\n- Wonder');
	await page.getByLabel('Status').selectOption('open');
	await page.locator('#field-capacity').fill('10');
	await page.locator('#day_0').fill(weeksAhead(10));
	await page.locator('#starts_0').fill('09:30');
	await page.locator('#ends_0').fill('16:30');
	await page.locator('#field-venue_name').fill('Northfield Town Hall');
	await page.locator('#field-venue_postcode').fill('NF1 1AA');
	await page.getByLabel('Priya Shah (facilitator)').check();

	// A fourth day row, posted back without saving: what was typed is kept.
	await expect(page.getByLabel(/^Day \d+$/)).toHaveCount(3);
	await page.getByRole('button', { name: 'Add another day' }).click();
	await expect(page.getByLabel(/^Day \d+$/)).toHaveCount(4);
	await expect(page.locator('#field-title')).toHaveValue(title);

	// No fee tier yet: publishing is refused, and the form says where.
	await page.getByRole('button', { name: 'Save the course' }).click();
	await expect(
		page.getByText('Add at least one fee tier before publishing the course.')
	).toBeVisible();
	await expect(page.locator('#field-title')).toHaveValue(title);

	await page.locator('#tier_name_0').fill('Standard');
	await page.locator('#tier_description_0').fill('The day, with lunch.');
	await page.locator('#tier_price_0').fill('250');
	await page.getByRole('button', { name: 'Save the course' }).click();
	await arrived(
		page,
		testInfo,
		/\/admin\/courses\/[0-9a-f-]{36}\/edit\?saved=1$/,
		'Edit the course'
	);
	await expect(page.getByRole('status')).toContainText('Saved.');

	await page.getByRole('link', { name: 'See the public page' }).click();
	await arrived(page, testInfo, `/courses/${slug}`, title);
	const main = page.getByRole('main');
	await expect(main).toContainText('10 places left');
	await expect(main).toContainText('£250 + VAT');
	await expect(main).toContainText('Northfield Town Hall');
	await expect(main).toContainText('Priya Shah');
	await expect(main.getByRole('link', { name: /^Book/ })).toHaveAttribute(
		'href',
		`/courses/${slug}/book`
	);

	await visit(page, testInfo, '/courses', 'Training courses');
	await expect(
		page.getByRole('main').getByRole('link', { name: title, exact: true })
	).toBeVisible();
});

test('the training admin reads the commissioning enquiries', async ({ page }, testInfo) => {
	await visit(page, testInfo, '/signin', 'Sign in');
	await submitSignIn(page, 'training@example.org', 'reflective-demo');
	await expect(page).not.toHaveURL(/\/signin/);
	await visit(page, testInfo, '/admin/enquiries', 'Training enquiries');
});
