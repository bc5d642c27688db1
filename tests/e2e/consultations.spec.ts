import { expect, test } from '@playwright/test';
import { arrived, HOMES, signIn, signOut, visit } from './helpers';

/**
 * Consultations on the running "Thursday evenings" group, with JavaScript on and off, axe on every
 * page: the lead opens them from the group page, is told what is missing, records one on sessions
 * 1 and 3, and a facilitator of the group reads it (but has no form to record one).
 *
 * Both projects share one database: each records a consultation with themes of its own, and
 * looks only for those (and for the seed's, which nothing deletes).
 */

test.describe.configure({ mode: 'serial' });

const THURSDAY = '00000000-0000-4000-8000-000000001002';
const PAGE = `/groups/${THURSDAY}/consultations`;
const HEADING = 'Consultations: Thursday evenings';
const themesFor = (project: string) => `Staying with the carers' worry about contact (${project})`;

test('the lead records a consultation from the group page', async ({ page }, testInfo) => {
	const themes = themesFor(testInfo.project.name);
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, `/groups/${THURSDAY}`, 'Thursday evenings');
	await page.getByRole('link', { name: /^Consultations \(\d+\)$/ }).click();
	await arrived(page, testInfo, PAGE, HEADING);
	// The seed's consultation, with its themes.
	await expect(
		page.getByRole('definition').filter({ hasText: /holding the carers' grief alongside/i })
	).toBeVisible();

	const record = page.getByRole('region', { name: 'Record a consultation' });
	await record.getByRole('checkbox', { name: /^Session 1\b/ }).check();
	await record.getByRole('button', { name: 'Record consultation' }).click();
	await arrived(page, testInfo, PAGE, HEADING);
	await expect(
		page.getByText('Write down the moments reviewed, the themes or the actions.')
	).toBeVisible();
	// What was ticked is still ticked.
	await expect(record.getByRole('checkbox', { name: /^Session 1\b/ })).toBeChecked();

	await record.getByRole('checkbox', { name: /^Session 3\b/ }).check();
	await record.getByLabel(/^Themes/).fill(themes);
	await record.getByLabel(/^Actions/).fill('Slow the round down before offering ideas.');
	await record.getByRole('button', { name: 'Record consultation' }).click();
	await arrived(page, testInfo, PAGE, HEADING);
	await expect(page.getByRole('status')).toHaveText('Consultation recorded.');
	const mine = page.getByRole('article').filter({ hasText: themes });
	await expect(mine).toHaveCount(1);
	await expect(mine.getByText('Sessions 1 and 3')).toBeVisible();
	await expect(mine.getByRole('heading', { level: 3 })).toContainText('with Helen Marsh');
	await signOut(page, testInfo);
});

test("the group's facilitator reads it, and cannot record one", async ({ page }, testInfo) => {
	const themes = themesFor(testInfo.project.name);
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await visit(page, testInfo, PAGE, HEADING);
	const mine = page.getByRole('article').filter({ hasText: themes });
	await expect(mine).toHaveCount(1);
	await expect(mine.getByText('Slow the round down before offering ideas.')).toBeVisible();
	await expect(page.getByRole('region', { name: 'Record a consultation' })).toHaveCount(0);
	await expect(page.getByText('Change or delete this consultation')).toHaveCount(0);
	await signOut(page, testInfo);
});

test('a parent of the group cannot open them', async ({ page }, testInfo) => {
	await signIn(page, testInfo, HOMES.parent.email, HOMES.parent);
	const res = await page.goto(PAGE);
	expect(res?.status()).toBe(403);
	await expect(page.getByText(themesFor(testInfo.project.name))).toHaveCount(0);
});
