import { expect, test, type Page } from '@playwright/test';
import {
	HOMES,
	arrived,
	expectAccessible,
	moveClockForward,
	resetClock,
	signIn,
	signOut,
	visit
} from './helpers';

/**
 * From locked to certificate, in Chromium, on the demo data (this spec runs in the journeys
 * project, after every other spec, because it moves the demo clock weeks ahead):
 *   Aisha Rahman (trainee1) sees her online training locked — her employer's invoice (NBC4410) is
 *   unpaid; the training admin records the payment; the opening date (a month before the course)
 *   passes on the demo clock; the first film plays and counts; the admin marks the rest finished
 *   with a reason; the course's two days pass and are registered; the certificate is issued, its
 *   PDF downloads and anyone can check its code.
 */
const NEXT_RF = '00000000-0000-4000-8000-000000003001';
const NBC4410 = '00000000-0000-4000-8000-000000003201';
const AISHA = HOMES.trainee;
const MONTHS = [
	'January',
	'February',
	'March',
	'April',
	'May',
	'June',
	'July',
	'August',
	'September',
	'October',
	'November',
	'December'
];

/** "28 January 2027" (or "28 Jan 2027") → a UTC midnight, for counting calendar days. */
function dateOf(text: string): Date {
	const m = /(\d{1,2}) ([A-Z][a-z]+) (\d{4})/.exec(text);
	const month = MONTHS.findIndex((name) => m && name.startsWith(m[2]!));
	if (!m || month < 0) throw new Error(`no date in "${text}"`);
	return new Date(Date.UTC(Number(m[3]), month, Number(m[1])));
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Today in London, as a UTC midnight. */
function londonToday(): Date {
	const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
		.format(new Date())
		.split('-')
		.map(Number);
	return new Date(Date.UTC(y!, m! - 1, d!));
}

const daysBetween = (a: Date, b: Date) => Math.round((b.getTime() - a.getTime()) / 86_400_000);

async function standing(page: Page) {
	return page.locator('.online .standing').first();
}

test('a trainee goes from locked to certificate', async ({ page }, testInfo) => {
	test.setTimeout(240_000);
	const today = londonToday();
	let opensOn = today;
	let days: Date[] = [];

	try {
		await test.step('locked: her employer’s invoice is unpaid', async () => {
			await signIn(page, testInfo, AISHA.email, AISHA);
			const line = await standing(page);
			await expect(line).toHaveText(/^Opens on \d{1,2} \w+ \d{4}, once your place is paid for$/);
			opensOn = dateOf((await line.textContent()) ?? '');
			days = (await page.locator('.places .days li').allTextContents()).map(dateOf);
			expect(days).toHaveLength(2);
			expect(daysBetween(today, opensOn)).toBeGreaterThan(0);
			await expectAccessible(page);
			await signOut(page, testInfo);
		});

		await test.step('the training admin records the payment', async () => {
			await signIn(page, testInfo, HOMES.training.email, HOMES.training);
			await visit(page, testInfo, `/admin/bookings/${NBC4410}`, 'Booking NBC4410');
			const hint = await page.getByText(/at most the balance, £[\d,.]+\./).textContent();
			const owed = /£([\d,.]+)\./.exec(hint ?? '')![1]!.replace(/,/g, '');
			const form = page.locator('form[action="?/pay"]');
			await form.getByLabel('Amount (£)').fill(owed);
			await form.getByLabel('Bank reference').fill('BACS NBC4410 JOURNEY');
			await form.getByRole('button', { name: 'Record payment' }).click();
			await expect(page.getByRole('status')).toHaveText(
				'Payment recorded. The booking is now paid.'
			);
			await signOut(page, testInfo);
		});

		await test.step('paid, but before the opening date', async () => {
			await signIn(page, testInfo, AISHA.email, AISHA);
			await expect(await standing(page)).toHaveText(`Opens on ${opensOnText(opensOn)}`);
			await expect(page.getByRole('link', { name: 'Start the online training' })).toHaveCount(0);
		});

		await test.step('the opening date passes: the first film plays and counts', async () => {
			await moveClockForward(page, testInfo, daysBetween(today, opensOn), 'days');
			await visit(page, testInfo, '/training', 'Your training');
			await expect(await standing(page)).toHaveText('Open — 0 of 9 videos watched');
			await page.getByRole('link', { name: 'Start the online training' }).click();
			await arrived(page, testInfo, /\/training\/online\/[0-9a-f-]+$/, 'MBT Online training');
			await page.getByRole('link', { name: 'Welcome: how the online training works' }).click();
			await arrived(page, testInfo, /\/training\/online\/[0-9a-f-]+\/[0-9a-f-]+$/, /^Welcome/);
			const video = page.locator('video');
			await video.evaluate(async (v: HTMLVideoElement) => {
				v.muted = true;
				await v.play();
			});
			await page.waitForTimeout(6000);
			await video.evaluate((v: HTMLVideoElement) => v.pause());
			await expect(async () => {
				const text = (await page.getByText(/^\d+ % watched$/).textContent()) ?? '';
				expect(parseInt(text, 10)).toBeGreaterThan(0);
			}).toPass({ timeout: 10_000 });
			await signOut(page, testInfo);
		});

		await test.step('the admin marks the rest finished, with a reason', async () => {
			await signIn(page, testInfo, HOMES.training.email, HOMES.training);
			await visit(page, testInfo, `/teaching/${NEXT_RF}`, /Reflective Fostering/);
			const box = page.locator('details').filter({ hasText: /^Aisha Rahman:/ });
			await box.locator('summary').click();
			await box
				.getByLabel('Reason for marking Aisha Rahman’s online training finished')
				.fill('Watched the rest at the team’s training afternoon');
			await box.getByRole('button', { name: 'Mark finished' }).click();
			await expect(page.getByRole('status')).toContainText('Marked as finished.');
		});

		await test.step('both course days pass and are registered', async () => {
			await moveClockForward(page, testInfo, daysBetween(opensOn, days[1]!) + 1, 'days');
			for (const day of days) {
				await visit(page, testInfo, `/teaching/${NEXT_RF}/days/${iso(day)}`, /^Register/);
				await page.getByRole('button', { name: /^Mark the \d+ attendees? not yet marked/ }).click();
				await expect(page.getByRole('status')).toContainText('marked as present');
			}
			await expectAccessible(page);
		});

		let code = '';
		await test.step('the certificate is issued', async () => {
			await visit(page, testInfo, `/teaching/${NEXT_RF}/certificates`, /Certificates/);
			const issue = page.getByRole('button', { name: 'Issue all earned certificates' });
			// The worker may have issued it already (it does for courses that have ended).
			if (await issue.isEnabled()) await issue.click();
			const row = page.getByRole('listitem').filter({ hasText: 'Aisha Rahman' });
			code = (await row.locator('.code').textContent())?.trim() ?? '';
			expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
			await signOut(page, testInfo);
		});

		await test.step('she downloads it; anyone can check it', async () => {
			await signIn(page, testInfo, AISHA.email, AISHA);
			await expect(await standing(page)).toHaveText(
				'Complete — marked complete by the training team'
			);
			const pdf = page.getByRole('link', { name: 'Download your certificate (PDF)' });
			const response = await page.request.get((await pdf.getAttribute('href'))!);
			expect(response.status()).toBe(200);
			expect(response.headers()['content-type']).toBe('application/pdf');
			expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
			await signOut(page, testInfo);
			await visit(page, testInfo, `/certificates/${code}`, 'This certificate is genuine');
			await expect(page.getByRole('main')).toContainText('Aisha Rahman');
			await expectAccessible(page);
		});
	} finally {
		await resetClock(page, testInfo);
	}
});

function opensOnText(d: Date): string {
	return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
