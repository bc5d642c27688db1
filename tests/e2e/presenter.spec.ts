import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { parseSessionFile } from '../../src/lib/curriculum/parse.js';
import { HOMES, expectAccessible, signIn, waitForHydration } from './helpers';

/**
 * Presenting session 1 of the running demo group: the presenter and the audience window stay in
 * step both ways, B blanks the projector, changing slides makes no request at all, and with the
 * network gone both windows keep working and the audience window reloads from the service
 * worker's cache.
 */

const GROUP = '00000000-0000-4000-8000-000000001002';
const PRESENT = `/groups/${GROUP}/sessions/1/present`;
const AUDIENCE = `/groups/${GROUP}/sessions/1/audience`;

// The deck comes from the curriculum files (loaded by a migration): read the same file.
const dir = new URL('../../curriculum/reflective-parenting/', import.meta.url);
const file = readdirSync(dir).find((name) => name.startsWith('01-'));
const session = parseSessionFile(readFileSync(new URL(file ?? '', dir), 'utf8'), 1);
const COUNT = session.slides.length;
/** The heading each slide opens with ("### Welcome" → "Welcome"). */
const HEADINGS = session.slides.map((s) => /^#{1,6}\s+(.+)$/m.exec(s)?.[1]?.trim() ?? '');

/** The presenter shows slide n (1-based). */
async function presenterAt(page: Page, n: number): Promise<void> {
	await expect(page.locator('.counter')).toHaveText(`Slide ${n} / ${COUNT}`);
	await expect(page.locator('.current-slide')).toContainText(HEADINGS[n - 1] ?? '');
}

/** The audience window shows slide n (1-based) and nothing blanks it. */
async function audienceAt(audience: Page, n: number): Promise<void> {
	const screen = audience.locator('.audience-screen');
	await expect(screen).toHaveAttribute('data-slide', String(n));
	await expect(screen).toHaveAttribute('data-blank', 'false');
	await expect(screen.getByRole('heading', { name: HEADINGS[n - 1] ?? '' })).toBeVisible();
}

async function openPresenter(page: Page, testInfo: TestInfo): Promise<void> {
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await page.goto(PRESENT);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(session.title);
	await waitForHydration(page, testInfo);
	await presenterAt(page, 1);
}

// @js: presenter mode is inherently JavaScript (slides, keys, window sync and offline cache all
// run in the browser; the page says so when JavaScript is off).
test.describe('presenting a session @js', () => {
	test('presenter and audience window stay in step, offline too', async ({
		page,
		context
	}, testInfo) => {
		test.setTimeout(60_000);
		expect(COUNT, 'session 1 needs enough slides to change 10 times').toBeGreaterThanOrEqual(6);

		await openPresenter(page, testInfo);
		await expectAccessible(page);
		// The presenter has stored the audience page for offline use.
		await expect(page.getByRole('status')).toContainText('Saved for offline use');

		const [audience] = await Promise.all([
			context.waitForEvent('page'),
			page.getByRole('button', { name: 'Open audience window' }).click()
		]);
		await audience.waitForLoadState();
		expect(new URL(audience.url()).pathname).toBe(AUDIENCE);
		await waitForHydration(audience, testInfo);
		await audienceAt(audience, 1);
		// Nothing but the slide: no site header, no navigation, no skip link.
		await expect(audience.getByRole('banner')).toBeHidden();
		await expect(audience.getByRole('link', { name: 'Skip to main content' })).toHaveCount(0);
		await expectAccessible(audience);
		await expect(page.getByRole('status')).toContainText('Audience window open');

		// Keys in either window drive both.
		await page.keyboard.press('ArrowRight');
		await audienceAt(audience, 2);
		await presenterAt(page, 2);
		await audience.keyboard.press('ArrowLeft');
		await presenterAt(page, 1);
		await audienceAt(audience, 1);

		// B blanks the projector; the presenter still sees the slide and says it is blank.
		await page.keyboard.press('b');
		const screen = audience.locator('.audience-screen');
		await expect(screen).toHaveAttribute('data-blank', 'true');
		await expect(screen.getByRole('heading')).toHaveCount(1); // only the hidden page title
		await expect(screen.locator('.frame')).toHaveCSS('background-color', 'rgb(0, 0, 0)');
		await expect(page.getByText('The audience screen is blank')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Blank screen' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await audience.keyboard.press('B');
		await audienceAt(audience, 1);
		await expect(page.getByText('The audience screen is blank')).toHaveCount(0);

		// The venue's Wi-Fi drops. From here on, changing slides must not make a single request.
		const requests: string[] = [];
		context.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));
		await context.setOffline(true);
		await expect(page.getByRole('status')).toContainText('Offline: the slides keep working');

		const next = page.getByRole('button', { name: 'Next' });
		const previous = page.getByRole('button', { name: 'Previous' });
		let at = 1;
		let changes = 0;
		const plan: Locator[] = [
			...Array.from({ length: COUNT - 1 }, () => next),
			...Array.from({ length: Math.max(0, 10 - (COUNT - 1)) }, () => previous)
		].slice(0, 10);
		for (const button of plan) {
			await button.click();
			at += button === next ? 1 : -1;
			changes += 1;
			await presenterAt(page, at);
			await audienceAt(audience, at);
		}
		expect(changes).toBe(10);
		// The slide is in both windows' URL hash (so a reload keeps it), without any navigation.
		await expect(page).toHaveURL(new RegExp(`${PRESENT}#slide-${at}$`));
		await expect(audience).toHaveURL(new RegExp(`${AUDIENCE}#slide-${at}$`));
		expect(requests, 'requests made while changing 10 slides').toEqual([]);
		testInfo.annotations.push({
			type: 'requests while changing 10 slides',
			description: String(requests.length)
		});

		// Still offline: reloading the audience window brings the deck back from the cache.
		const reloaded = await audience.reload();
		expect(reloaded?.status()).toBe(200);
		expect(reloaded?.fromServiceWorker()).toBe(true);
		await waitForHydration(audience, testInfo);
		await audienceAt(audience, at);
		// ... and it still follows the presenter.
		await page.keyboard.press('Home');
		await audienceAt(audience, 1);

		await context.setOffline(false);

		// Signing out forgets every page the worker stored: the server's answer to the sign-out
		// carries Clear-Site-Data. (The sign-in page then installs the worker again, which stores
		// the app's own build files; no deck page may be among what is stored.)
		const deckPages = () =>
			page.evaluate(async () => {
				const urls: string[] = [];
				for (const name of await caches.keys()) {
					for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
				}
				return urls.filter((url) => /\/(present|audience)$/.test(url));
			});
		await page.goto('/groups');
		expect((await deckPages()).length).toBeGreaterThan(0);
		await page.getByRole('button', { name: 'Sign out' }).click();
		await expect(page).toHaveURL(/\/signin/);
		expect(await deckPages()).toEqual([]);
	});

	test('single-screen mode shows the slide full-window, with the same keys', async ({
		page
	}, testInfo) => {
		await openPresenter(page, testInfo);
		await page.getByRole('button', { name: 'Single-screen mode' }).click();
		const single = page.getByRole('dialog', { name: 'Slides, single screen' });
		await expect(single).toBeVisible();
		await expect(single.getByRole('heading', { name: HEADINGS[0] ?? '' })).toBeVisible();
		const box = await single.boundingBox();
		expect(box?.width).toBe(page.viewportSize()?.width);
		await page.keyboard.press('ArrowRight');
		await expect(single.getByRole('heading', { name: HEADINGS[1] ?? '' })).toBeVisible();
		await page.keyboard.press('.');
		await expect(single.getByRole('heading')).toHaveCount(0);
		await page.keyboard.press('.');
		await page.keyboard.press('End');
		await expect(single.getByRole('heading', { name: HEADINGS[COUNT - 1] ?? '' })).toBeVisible();
		await expectAccessible(page);
		await page.keyboard.press('Escape');
		await expect(single).toBeHidden();
		await presenterAt(page, COUNT);
		await expect(page.getByRole('button', { name: 'Single-screen mode' })).toBeFocused();
	});
});
