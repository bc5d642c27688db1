import { expect, test } from '@playwright/test';
import {
	HOMES,
	arrived,
	expectAccessible,
	signIn,
	signOut,
	submitSignIn,
	visit,
	waitForHydration
} from './helpers';

test.describe('signing in', () => {
	for (const [role, home] of Object.entries(HOMES)) {
		test(`the ${role} lands on ${home.path}`, async ({ page }, testInfo) => {
			await signIn(page, testInfo, home.email, home);
			await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
			await expect(page.getByRole('banner')).toContainText(home.email);
			// The home page is also where / sends a signed-in person.
			await page.goto('/');
			await arrived(page, testInfo, home.path, home.heading);
		});
	}

	test('a wrong password is refused with a clear message', async ({ page }, testInfo) => {
		await visit(page, testInfo, '/signin', 'Sign in');
		await submitSignIn(page, 'parent2@example.org', 'not-the-password');
		await expect(page.getByRole('alert')).toContainText('do not match');
		await arrived(page, testInfo, '/signin', 'Sign in');
		// The email is kept; the password is not.
		await expect(page.getByLabel('Email address')).toHaveValue('parent2@example.org');
		await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
	});

	// @nojs: with JavaScript the browser itself stops an empty required field.
	test('an empty form says what is missing @nojs', async ({ page }, testInfo) => {
		await visit(page, testInfo, '/signin', 'Sign in');
		await page.locator('main form').evaluate((f: HTMLFormElement) => (f.noValidate = true));
		await page.getByRole('button', { name: 'Sign in' }).click();
		await expect(page.getByRole('alert')).toContainText('Please check the fields marked below');
		await expect(page.getByText('Enter an email address.')).toBeVisible();
		await expect(page.getByText('Enter your password.')).toBeVisible();
		await arrived(page, testInfo, '/signin', 'Sign in');
	});
});

test.describe('who may see what', () => {
	test('a parent gets a 403 page at /review', async ({ page }, testInfo) => {
		await signIn(page, testInfo, HOMES.parent.email, HOMES.parent);
		const response = await page.goto('/review');
		expect(response?.status()).toBe(403);
		await expect(page).toHaveURL('/review');
		await expect(page.getByRole('heading', { level: 1 })).toContainText(
			'You do not have access to this page'
		);
		await expectAccessible(page);
	});

	test('the 403 page keeps the site around it and a way home', async ({ page }, testInfo) => {
		// The role guard answers from `handle`, before any route, so this is src/error.html.
		await signIn(page, testInfo, HOMES.parent.email, HOMES.parent);
		await page.goto('/review');
		await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible({ timeout: 2000 });
		await page.getByRole('link', { name: 'Go to your home page' }).click({ timeout: 2000 });
		await arrived(page, testInfo, HOMES.parent.path, HOMES.parent.heading);
	});

	test('signed out, /review sends you to sign in and back', async ({ page }, testInfo) => {
		await page.goto('/review?tab=people');
		await expect(page).toHaveURL('/signin?next=%2Freview%3Ftab%3Dpeople');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
		await waitForHydration(page, testInfo);
		await expectAccessible(page);
		await submitSignIn(page, HOMES.lead.email, 'reflective-demo');
		await expect(page).toHaveURL('/review?tab=people');
		await arrived(page, testInfo, '/review', HOMES.lead.heading);
	});

	test('signing out ends the session', async ({ page }, testInfo) => {
		await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		await signOut(page, testInfo);
		await page.goto('/groups');
		await expect(page).toHaveURL('/signin?next=%2Fgroups');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
	});
});

// @js: once is enough; it spends a demo account.
test('five wrong passwords lock the account for a while @js', async ({ page }, testInfo) => {
	await visit(page, testInfo, '/signin', 'Sign in');
	for (let i = 0; i < 5; i++) {
		await submitSignIn(page, 'parent11@example.org', `wrong-password-${i}`);
		await expect(page.getByRole('alert')).toContainText(/do not match|Too many/);
		await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
	}
	await submitSignIn(page, 'parent11@example.org', 'reflective-demo');
	await expect(page.getByRole('alert')).toContainText('Too many failed sign-in attempts');
	await arrived(page, testInfo, '/signin', 'Sign in');
});
