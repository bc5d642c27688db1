import { expect, test } from '@playwright/test';
import { arrived, HOMES, signIn, visit } from './helpers';

/**
 * Answering outcome measures (issue 17): a parent sets three goals and rates them on a phone with
 * JavaScript off, a screen at a time, and sees them on /my/measures; a facilitator types in a
 * paper form for another family, marked as entered by her. axe on every page (`arrived`).
 *
 * Demo families of their own: parent8 (Yvonne Clarke) answers, parent9 (Carol Mensah) is entered
 * from paper, both in Tuesday mornings (…1001), whose before window is open. The parent's journey
 * runs once (@nojs: the parents' pages ship no JavaScript anyway); the paper entry runs in both
 * projects, the second correcting what the first sent (staff may, while the window is open).
 */

const TUESDAY = '00000000-0000-4000-8000-000000001001';
const GOALS = [
	'Stay calm when bedtime gets difficult',
	'Talk with Jamie about how he feels',
	'Ask for help before things build up'
];

test.describe('a parent on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('sets three goals, rates them 0–10 and sees them on /my/measures @nojs', async ({
		page
	}, testInfo) => {
		await signIn(page, testInfo, 'parent8@example.org', { path: '/my', heading: 'Hello, Yvonne' });
		const due = page.getByRole('region', { name: 'Questions for you' });
		await expect(due).toContainText('due by');
		await due.getByRole('link', { name: 'Before the group: your goals' }).click();
		await arrived(page, testInfo, /\/my\/measures\/[0-9a-f-]{36}\/gbo\/before/, 'Your goals');
		await expect(page.getByText('Step 1 of 3')).toBeVisible();
		for (const [i, goal] of GOALS.entries()) {
			await page.getByLabel(new RegExp(`^Your ${['first', 'second', 'third'][i]} goal`)).fill(goal);
		}
		await page.getByRole('button', { name: 'Save and continue' }).click();
		await arrived(page, testInfo, /\/gbo\/before\?step=2$/, 'Your goals');
		// A rating left out is fine until the end: save and continue keeps what was chosen.
		const ratings = [3, null, 7] as const;
		for (const [i, value] of ratings.entries()) {
			const group = page.getByRole('group', { name: new RegExp(GOALS[i]!) });
			if (value === null) await group.getByLabel('Prefer not to say').check();
			else await group.getByLabel(String(value), { exact: true }).check();
		}
		await page.getByRole('button', { name: 'Save and continue' }).click();
		await arrived(page, testInfo, /\?step=3$/, 'Your goals');
		await expect(page.getByRole('heading', { name: 'Check your answers' })).toBeVisible();
		await expect(page.locator('dl.summary')).toContainText('Prefer not to say');
		await expect(page.locator('dl.summary')).toContainText('7');
		await page.getByRole('button', { name: 'Send' }).click();
		await arrived(page, testInfo, '/my/measures', 'Your goals and answers');
		await expect(page.getByRole('status')).toContainText('Your answers have been sent');
		const table = page.getByRole('table');
		for (const goal of GOALS) await expect(table).toContainText(goal);
		await expect(table.getByRole('row', { name: new RegExp(GOALS[0]!) })).toContainText(
			'3 out of 10'
		);
		await expect(table.getByRole('row', { name: new RegExp(GOALS[1]!) })).toContainText(
			'Prefer not to say'
		);
		// Sent: the link from /my is gone, and the page says so instead of showing a form.
		await visit(page, testInfo, '/my', 'Hello, Yvonne');
		await expect(page.getByRole('link', { name: 'Before the group: your goals' })).toHaveCount(0);
	});
});

test('a facilitator enters a paper form for a family', async ({ page }, testInfo) => {
	const f = HOMES.facilitator;
	await signIn(page, testInfo, f.email, { path: f.path, heading: f.heading });
	await visit(page, testInfo, `/groups/${TUESDAY}`, 'Tuesday mornings');
	await page.getByRole('link', { name: "Families' measures and paper forms" }).click();
	await arrived(page, testInfo, `/groups/${TUESDAY}/measures`, 'Measures and feedback');
	await page.getByRole('link', { name: /Carol Mensah, GBO, Before the group/ }).click();
	await arrived(page, testInfo, /\/measures\/[0-9a-f-]{36}\/gbo\/before$/, 'Goal-Based Outcomes');
	await expect(page.getByText('Entered from a paper form by Priya Shah')).toBeVisible();
	await page.getByLabel('Goal 1').fill('Get to school on time without a row');
	await page.getByLabel('Goal 2 (optional)').fill('More time playing together');
	await page.getByLabel('Goal 3 (optional)').fill('');
	await page
		.getByRole('group', { name: 'Rating of goal 1' })
		.getByLabel('4', { exact: true })
		.check();
	await page
		.getByRole('group', { name: 'Rating of goal 2' })
		.getByLabel('6', { exact: true })
		.check();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await arrived(page, testInfo, `/groups/${TUESDAY}/measures`, 'Measures and feedback');
	const row = page.getByRole('row', { name: /Carol Mensah/ });
	await expect(row).toContainText('Sent');
	await expect(row).toContainText('on paper');
	// Opened again, it says who entered it.
	await row.getByRole('link', { name: /GBO, Before the group/ }).click();
	await arrived(page, testInfo, /\/gbo\/before$/, 'Goal-Based Outcomes');
	await expect(page.getByRole('status')).toContainText('entered from paper by Priya Shah');
});
