import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { HOMES, arrived, navigate, signIn, visit } from './helpers';

/**
 * The lead's settings page, with JavaScript on and off: editing the clinic's details (and a bad
 * address refused beside its field, changing nothing); a message the mail provider refuses is
 * listed with the provider's answer, and Send again delivers it once the address is accepted;
 * the delivered test email shows its headers and its calendar attachment on /dev/mail.
 */

const LEAD = HOMES.lead.email;

async function openSettings(page: Page, testInfo: TestInfo) {
	await signIn(page, testInfo, LEAD, HOMES.lead);
	await navigate(page, testInfo, 'Settings', '/review/settings', 'Settings');
}

test('the lead edits the settings, and a bad address changes nothing', async ({
	page
}, testInfo) => {
	await openSettings(page, testInfo);
	const contact = `Facilitators (${testInfo.project.name}): 020 7946 0322`;
	await page.getByLabel('Phone (optional)').fill('020 7946 0400');
	await page.getByLabel("The facilitators' shared contact (optional)").fill(contact);
	await page.getByLabel('Days before').fill('7, 2');
	await page.getByLabel('Also send one on the morning of the session').check();
	await page.getByLabel('Morning reminder time').fill('07:45');
	await page.getByLabel('Deputy for concerns').selectOption({ label: 'Tom Ellis' });
	await page.getByRole('button', { name: 'Save the settings' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'The settings are saved.' })
	).toBeVisible();
	await arrived(page, testInfo, '/review/settings', 'Settings');

	// Saved: a fresh load shows it.
	await visit(page, testInfo, '/review/settings', 'Settings');
	await expect(page.getByLabel('Phone (optional)')).toHaveValue('020 7946 0400');
	await expect(page.getByLabel("The facilitators' shared contact (optional)")).toHaveValue(contact);
	await expect(page.getByLabel('Days before')).toHaveValue('7, 2');
	await expect(page.getByLabel('Morning reminder time')).toHaveValue('07:45');
	await expect(page.getByLabel('Deputy for concerns')).toHaveValue(/^[0-9a-f-]{36}$/);

	// A bad reply-to: refused beside the field, what was typed kept, nothing saved.
	await page.getByLabel('Phone (optional)').fill('020 7946 0999');
	await page.getByLabel('Replies go to (optional)').fill('groups@clinic');
	await page.getByRole('button', { name: 'Save the settings' }).click();
	await expect(page.getByText('Enter an email address like name@example.org.')).toBeVisible();
	await expect(page.getByLabel('Replies go to (optional)')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Phone (optional)')).toHaveValue('020 7946 0999');
	await arrived(page, testInfo, '/review/settings', 'Settings');
	await visit(page, testInfo, '/review/settings', 'Settings');
	await expect(page.getByLabel('Phone (optional)')).toHaveValue('020 7946 0400');

	// Back to the demo's own settings, which the parents' and reminder specs read.
	await page.getByLabel('Phone (optional)').fill('0191 496 0123');
	await page.getByLabel('Replies go to (optional)').fill('groups@riverside-clinic.example');
	await page
		.getByLabel("The facilitators' shared contact (optional)")
		.fill('Priya and Tom: 07700 900123 (call or text, weekdays 9am to 5pm)');
	await page.getByLabel('Days before').fill('2');
	await page.getByLabel('Morning reminder time').fill('08:00');
	await page.getByRole('button', { name: 'Save the settings' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: 'The settings are saved.' })
	).toBeVisible();
});

test('a refused message is listed with the answer, and Send again delivers it with its attachment', async ({
	page
}, testInfo) => {
	// The demo's mail server refuses the lead's address, as a provider refuses one it does not know.
	await visit(page, testInfo, '/dev/mail', 'Mail outbox');
	await page.getByLabel('Refuse mail to').fill(LEAD);
	await page.getByRole('button', { name: 'Refuse this address' }).click();
	await expect(page.getByText(`Refused: ${LEAD}`)).toBeVisible();

	try {
		await openSettings(page, testInfo);
		await page.getByRole('button', { name: 'Send me a test email' }).click();
		await expect(page.getByText('A test email is on its way to you')).toBeVisible();

		// The worker has tried it (right after the action, or at its next tick) and recorded the 550.
		const failure = page.getByRole('listitem').filter({ hasText: 'Test email to' }).first();
		await expect(async () => {
			await page.goto('/review/settings');
			await expect(failure).toContainText('550 5.1.1', { timeout: 1000 });
		}).toPass({ timeout: 30_000 });
		await arrived(page, testInfo, '/review/settings', 'Settings');
		await expect(failure).toContainText('Not sent');
		await expect(failure).toContainText(LEAD);
	} finally {
		await visit(page, testInfo, '/dev/mail', 'Mail outbox');
		await page.getByRole('button', { name: 'Accept again' }).first().click();
		await expect(page.getByText(`Refused: ${LEAD}`)).toHaveCount(0);
	}

	// Accepted again: Send again queues it, and it arrives.
	await visit(page, testInfo, '/review/settings', 'Settings');
	const before = await page.getByRole('listitem').filter({ hasText: 'Test email to' }).count();
	await page
		.getByRole('listitem')
		.filter({ hasText: 'Test email to' })
		.first()
		.getByRole('button', { name: /Send again/ })
		.click();
	await expect(page.getByText('The message is queued to be sent again.')).toBeVisible();
	await arrived(page, testInfo, '/review/settings', 'Settings');
	await expect(page.getByRole('listitem').filter({ hasText: 'Test email to' })).toHaveCount(
		before - 1
	);

	// In the outbox: the headers, and the calendar file as text with a download link.
	const subject = 'Test email from Riverside Family Clinic';
	await expect(async () => {
		await page.goto('/dev/mail');
		await expect(
			page
				.getByRole('listitem')
				.filter({ hasText: `To ${LEAD} ·` })
				.filter({ hasText: subject })
		).not.toHaveCount(0, { timeout: 1000 });
	}).toPass({ timeout: 30_000 });
	await arrived(page, testInfo, '/dev/mail', 'Mail outbox');
	await page
		.getByRole('listitem')
		.filter({ hasText: `To ${LEAD} ·` })
		.filter({ hasText: '1 attachment' })
		.getByRole('link', { name: subject })
		.first()
		.click();
	await arrived(page, testInfo, /\/dev\/mail\/\d+$/, subject);
	const headers = page.getByRole('region', { name: 'Headers' });
	await expect(headers).toContainText('Auto-Submitted');
	await expect(headers).toContainText('auto-generated');
	await expect(headers).toContainText(/Message-ID\s*<message-\d+@/);
	await expect(headers).toContainText('Reply-To');
	const attachments = page.getByRole('region', { name: 'Attachments' });
	await expect(attachments).toContainText('text/calendar');
	await expect(attachments).toContainText('BEGIN:VCALENDAR');
	const href = await attachments.getByRole('link', { name: 'test.ics' }).getAttribute('href');
	const file = await page.request.get(href!);
	expect(file.status()).toBe(200);
	expect(file.headers()['content-type']).toContain('text/calendar');
	expect(file.headers()['content-disposition']).toContain('attachment; filename="test.ics"');
	expect(await file.text()).toContain('SUMMARY:Test entry (Reflective Groups)');
});

test('only the lead may open the settings', async ({ page }, testInfo) => {
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await expect(
		page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' })
	).toHaveCount(0);
	const res = await page.goto('/review/settings');
	expect(res?.status()).toBe(403);
});

for (const [device, size] of [
	['a phone', { width: 390, height: 844 }],
	['a tablet', { width: 820, height: 1180 }]
] as const) {
	test(`the settings page fits ${device} and passes axe`, async ({ page }, testInfo) => {
		await page.setViewportSize(size);
		await signIn(page, testInfo, LEAD, HOMES.lead);
		await visit(page, testInfo, '/review/settings', 'Settings');
		await expect(page.getByRole('button', { name: 'Save the settings' })).toBeVisible();
		// Nothing wider than the screen (the failures' long provider answers wrap).
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(0);
	});
}

test('with the mail server down a message waits, and moving the demo clock sends it', async ({
	page
}, testInfo) => {
	const subject = 'Test email from Riverside Family Clinic';
	const testMails = page
		.getByRole('listitem')
		.filter({ hasText: `To ${LEAD} ·` })
		.filter({ hasText: subject });
	// Counted among the lead's own mail: the whole outbox lists only its newest 200.
	const leadsMail = `/dev/mail?to=${LEAD}`;
	await visit(page, testInfo, leadsMail, 'Mail outbox');
	const listed = page.locator('.messages > li');
	await expect(listed.first()).toBeVisible();
	expect(await listed.filter({ hasNotText: `To ${LEAD} ·` }).count()).toBe(0);
	const before = await testMails.count();
	await page.getByRole('button', { name: 'Switch it off' }).click();
	await expect(page.getByText('The demo mail server is off')).toBeVisible();
	try {
		await openSettings(page, testInfo);
		await page.getByRole('button', { name: 'Send me a test email' }).click();
		await expect(page.getByText('A test email is on its way to you')).toBeVisible();
		// Tried, refused by the switched-off server, and waiting a minute for its next try.
		await expect(async () => {
			await page.goto('/review/settings');
			await expect(page.getByText(/failed once and will be tried again/)).toBeVisible({
				timeout: 1000
			});
		}).toPass({ timeout: 30_000 });
		await arrived(page, testInfo, '/review/settings', 'Settings');
	} finally {
		await visit(page, testInfo, '/dev/mail', 'Mail outbox');
		await page.getByRole('button', { name: 'Switch it on' }).click();
		await expect(page.getByText('The demo mail server is on.')).toBeVisible();
	}
	await visit(page, testInfo, leadsMail, 'Mail outbox');
	expect(await testMails.count()).toBe(before);

	// Two minutes on, by the demo clock: the retry is due, and the worker sends it at once.
	await visit(page, testInfo, '/dev/clock', 'Demo clock');
	try {
		await page.getByLabel('By').fill('2');
		await page.getByLabel('Unit').selectOption('minutes');
		await page.getByRole('button', { name: 'Move the clock forward' }).click();
		await expect(page.getByRole('status')).toContainText('ahead of real time');
		await expect(page.getByRole('status')).toContainText(
			/The worker then ran: \d+ claimed, [1-9]\d* sent/
		);
		await arrived(page, testInfo, '/dev/clock', 'Demo clock');
		await visit(page, testInfo, leadsMail, 'Mail outbox');
		await expect(testMails).toHaveCount(before + 1);
	} finally {
		await visit(page, testInfo, '/dev/clock', 'Demo clock');
		await page.getByRole('button', { name: 'Back to real time' }).click();
		await expect(page.getByRole('status')).toContainText('(real time)');
	}
});
