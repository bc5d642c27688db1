import { expect, test } from '@playwright/test';
import { HOMES, arrived, expectAccessible, hasJs, signIn, visit } from './helpers';

/**
 * The trainee's online training on the demo data: Chloe Evans (trainee3, paid, granted early
 * access) goes from /training to the module list; with JavaScript the first stored film plays and
 * the page shows the percent the server counted; without it she says she watched module 4 (an
 * embedded film). Karen Lowe (the booker) sees her attendee's standing. Both projects share one
 * database, so nothing here pins what the other project (or another spec) may have watched.
 */
const CHLOE = { email: 'trainee3@example.org', path: '/training', heading: 'Your training' };
const BEN_BOOKING = '00000000-0000-4000-8000-000000003205'; // NBC4415: Ben Carter, paid

test('a trainee opens the online training and watches a film or says she watched one', async ({
	page
}, testInfo) => {
	await signIn(page, testInfo, CHLOE.email, CHLOE);
	await expect(page.getByText(/^Opened early for you — \d of 9 videos watched$/)).toBeVisible();
	await page
		.getByRole('link', { name: /^(Start|Continue) the online training$/ })
		.first()
		.click();
	await arrived(page, testInfo, /\/training\/online\/[0-9a-f-]+$/, 'MBT Online training');
	const list = page.url();

	if (hasJs(testInfo)) {
		await page.getByRole('link', { name: 'Welcome: how the online training works' }).click();
		await arrived(page, testInfo, /\/training\/online\/[0-9a-f-]+\/[0-9a-f-]+$/, /^Welcome/);
		const video = page.locator('video');
		await expect(video).toHaveAttribute('src', /\/supabase\/storage\/v1\/object\/sign\//);
		await video.evaluate(async (v: HTMLVideoElement) => {
			v.muted = true;
			await v.play();
		});
		await page.waitForTimeout(6000);
		await video.evaluate((v: HTMLVideoElement) => v.pause());
		const watched = page.getByText(/^\d+ % watched$|^Done/);
		await expect(async () => {
			const text = (await watched.textContent()) ?? '';
			expect(text.startsWith('Done') || parseInt(text, 10) > 0, text).toBe(true);
		}).toPass({ timeout: 10_000 });
		await expectAccessible(page);
	} else {
		await page.getByRole('link', { name: /^When mentalizing goes offline$/ }).click();
		await arrived(page, testInfo, /\/training\/online\/[0-9a-f-]+\/[0-9a-f-]+$/, /./);
		await expect(page.locator('iframe')).toHaveAttribute(
			'src',
			/^https:\/\/www\.youtube-nocookie\.com\/embed\//
		);
		await page.getByRole('button', { name: 'I have watched this' }).click();
		await expect(page.getByText('Done — you said you watched it')).toBeVisible();
		await expectAccessible(page);
		await page.goto(list);
		await expect(
			page.getByRole('listitem').filter({ hasText: 'When mentalizing goes offline' })
		).toContainText('Done (you said you watched it)');
	}
});

test('a booker sees her attendee’s online training', async ({ page }, testInfo) => {
	await signIn(page, testInfo, HOMES.booker.email, HOMES.booker);
	await expect(page.getByText(/^\d+ of \d+ (has|have) finished$/).first()).toBeVisible();
	await visit(page, testInfo, `/bookings/${BEN_BOOKING}`, /Reflective Fostering$/);
	await expect(page.getByText(/^Online training: Opens on \d{1,2} \w+ \d{4}$/)).toBeVisible();
});
