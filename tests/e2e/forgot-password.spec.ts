import { expect, test } from '@playwright/test';
import { arrived, mailLink, mailTo, signOut, submitSignIn, visit } from './helpers';

const NEW_PASSWORD = 'windows open in spring';

test('a parent who forgot their password chooses a new one', async ({ page }, testInfo) => {
	// A demo account of its own per project, as its password changes.
	const email = testInfo.project.name === 'js' ? 'parent5@example.org' : 'parent6@example.org';

	await visit(page, testInfo, '/signin', 'Sign in');
	await page.getByRole('link', { name: 'Forgotten your password?' }).click();
	await arrived(page, testInfo, '/forgot-password', 'Reset your password');
	await page.getByLabel('Email address').fill(email);
	await page.getByRole('button', { name: 'Send the link' }).click();
	await expect(page.getByRole('status')).toContainText(`If there is an account for ${email}`);
	await arrived(page, testInfo, '/forgot-password', 'Reset your password');

	const link = await mailLink(page, testInfo, email, '/auth/confirm');
	await page.goto(link);
	await arrived(page, testInfo, '/auth/confirm', 'Reset your password');
	await page.getByRole('button', { name: 'Continue' }).click();
	await arrived(page, testInfo, '/account/password', 'Choose a new password');
	await page.getByLabel('New password').fill(NEW_PASSWORD);
	await page.getByLabel('Type it again').fill(`${NEW_PASSWORD}!`);
	await page.getByRole('button', { name: 'Save password' }).click();
	await expect(page.getByText('The two passwords do not match.', { exact: true })).toBeVisible();
	await arrived(page, testInfo, '/account/password', 'Choose a new password');
	await page.getByLabel('New password').fill(NEW_PASSWORD);
	await page.getByLabel('Type it again').fill(NEW_PASSWORD);
	await page.getByRole('button', { name: 'Save password' }).click();
	await arrived(page, testInfo, '/my', /^Hello, /);

	await signOut(page, testInfo);
	await submitSignIn(page, email, 'reflective-demo');
	await expect(page.getByRole('alert')).toContainText('do not match');
	await submitSignIn(page, email, NEW_PASSWORD);
	await arrived(page, testInfo, '/my', /^Hello, /);
	await signOut(page, testInfo);

	await page.goto(link);
	await page.getByRole('button', { name: 'Continue' }).click();
	await expect(page.getByRole('alert')).toContainText('expired or has already been used');
	await arrived(page, testInfo, '/auth/confirm', 'Reset your password');
});

test('asking for a link for an unknown address gives the same answer', async ({
	page
}, testInfo) => {
	const email = `nobody-${testInfo.project.name}@example.org`;
	await visit(page, testInfo, '/forgot-password', 'Reset your password');
	await page.getByLabel('Email address').fill(email);
	await page.getByRole('button', { name: 'Send the link' }).click();
	await expect(page.getByRole('status')).toContainText(`If there is an account for ${email}`);
	await arrived(page, testInfo, '/forgot-password', 'Reset your password');
	await visit(page, testInfo, '/dev/mail', 'Mail outbox');
	await expect(mailTo(page, email)).toHaveCount(0);
});
