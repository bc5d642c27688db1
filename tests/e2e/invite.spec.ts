import { expect, test } from '@playwright/test';
import {
	HOMES,
	arrived,
	mailLink,
	mailTo,
	navigate,
	signIn,
	signOut,
	submitSignIn,
	uniqueEmail,
	visit
} from './helpers';

const NEW_PASSWORD = 'a calm tuesday evening';

test('the clinical lead invites a facilitator, who joins and signs in', async ({
	page
}, testInfo) => {
	const email = uniqueEmail('new-facilitator', testInfo);
	const name = `Robin Example ${testInfo.project.name}`;

	await test.step('the lead sends the invitation', async () => {
		await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
		await navigate(page, testInfo, 'People', '/review/people', 'People');
		const form = page.getByRole('region', { name: 'Invite someone' });
		await form.getByLabel('Full name').fill(name);
		await form.getByLabel('Email address').fill(email);
		await form.getByRole('radio', { name: 'Facilitator' }).check();
		await form.getByRole('button', { name: 'Send invitation' }).click();
		await expect(page.getByRole('status')).toContainText(`Invitation sent to ${name} (${email})`);
		await arrived(page, testInfo, '/review/people', 'People');
		const invitations = page.getByRole('region', { name: 'Invitations you can see' });
		const row = invitations.getByRole('row').filter({ hasText: email });
		await expect(row).toContainText('Facilitator');
		await expect(row).toContainText('not set up yet');
		// Resend: a new link, and the first one stops working (the db tests hold that).
		await row.getByRole('button', { name: `Resend the invitation to ${name}` }).click();
		await expect(page.getByRole('status')).toContainText(
			`A new invitation has been sent to ${name} (${email})`
		);
		await arrived(page, testInfo, '/review/people', 'People');
		await signOut(page, testInfo);
	});

	const link =
		await test.step('the email arrives, from the lead, with a personal link', async () => {
			const href = await mailLink(page, testInfo, email, /^\/welcome\/[0-9a-f]{64}$/);
			await expect(page.locator('main')).toContainText(
				'Helen Marsh has invited you to join Riverside Family Clinic as a facilitator'
			);
			await expect(page.locator('main')).toContainText('It works once, until');
			return href;
		});

	await test.step('following the link, they choose a password and are signed in', async () => {
		await page.goto(link);
		await arrived(page, testInfo, new URL(link).pathname, 'Welcome');
		await expect(page.getByLabel('Your full name')).toHaveValue(name);
		await page.getByLabel('Choose a password').fill('too short');
		await page.getByLabel('Type it again').fill('too short');
		// Without JavaScript the server says so; with it the browser's minlength check does.
		await page.locator('main form').evaluate((f: HTMLFormElement) => (f.noValidate = true));
		await page.getByRole('button', { name: 'Set up my account' }).click();
		await expect(page.getByText('Use at least 10 characters.', { exact: true })).toBeVisible();
		await arrived(page, testInfo, new URL(link).pathname, 'Welcome');
		await page.getByLabel('Choose a password').fill(NEW_PASSWORD);
		await page.getByLabel('Type it again').fill(NEW_PASSWORD);
		await page.getByRole('button', { name: 'Set up my account' }).click();
		await arrived(page, testInfo, '/groups', HOMES.facilitator.heading);
		await expect(page.getByRole('banner')).toContainText(email);
	});

	await test.step('they sign out and back in with the new password', async () => {
		await signOut(page, testInfo);
		await submitSignIn(page, email, NEW_PASSWORD);
		await arrived(page, testInfo, '/groups', HOMES.facilitator.heading);
		await signOut(page, testInfo);
	});

	await test.step('the same link cannot be used again, and says so', async () => {
		await page.goto(link);
		await arrived(page, testInfo, new URL(link).pathname, 'This link can no longer be used');
		await expect(page.getByRole('alert')).toContainText('already been used');
		await expect(page.getByRole('button', { name: 'Set up my account' })).toHaveCount(0);
	});

	await test.step('the lead sees that they joined', async () => {
		await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
		await navigate(page, testInfo, 'People', '/review/people', 'People');
		const invitations = page.getByRole('region', { name: 'Invitations you can see' });
		await expect(invitations.getByRole('row').filter({ hasText: email })).toContainText(
			'Account set up'
		);
	});
});

test('an invitation to an address that already has an account is refused', async ({
	page
}, testInfo) => {
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'People', '/review/people', 'People');
	const form = page.getByRole('region', { name: 'Invite someone' });
	await form.getByLabel('Full name').fill('Someone Again');
	await form.getByLabel('Email address').fill('parent3@example.org');
	await form.getByRole('radio', { name: 'Parent (Special Guardian)' }).check();
	await form.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByRole('alert')).toBeVisible();
	await expect(form.getByLabel('Email address')).toHaveAttribute('aria-invalid', 'true');
	await expect(form.getByLabel('Full name')).toHaveValue('Someone Again');
	await arrived(page, testInfo, '/review/people', 'People');
	await visit(page, testInfo, '/dev/mail', 'Mail outbox');
	// No invitation went to them (their session reminders may, on the days they fall due).
	await expect(
		page
			.getByRole('listitem')
			.filter({ has: mailTo(page, 'parent3@example.org') })
			.filter({ hasText: /invited you|Someone Again/ })
	).toHaveCount(0);
});
