import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
	HOMES,
	arrived,
	expectAccessible,
	hasJs,
	signIn,
	signOut,
	submitSignIn,
	uniqueEmail,
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

test.describe('sign-in limits', () => {
	const WRONG = 'That email and password do not match an account. Check them and try again.';
	const TOO_MANY =
		'Too many failed sign-in attempts. Please wait 15 minutes before you try again, ' +
		'or reset your password if you have forgotten it.';

	/** Sign in from `address` (the server reads X-Forwarded-For, as behind a proxy). */
	function from(page: Page, address: string) {
		return page.setExtraHTTPHeaders({ 'x-forwarded-for': address });
	}

	/** Submit the form and wait for its answer: the status it came with and the message shown. */
	async function answer(page: Page, testInfo: TestInfo, email: string, password: string) {
		const posted = page.waitForResponse(
			(r) => new URL(r.url()).pathname === '/signin' && r.request().method() === 'POST'
		);
		const loaded = hasJs(testInfo) ? null : page.waitForEvent('load');
		await submitSignIn(page, email, password);
		const response = await posted;
		await loaded;
		await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled();
		const message = (await page.getByRole('alert').textContent())?.trim();
		return { status: response.status(), message };
	}

	test('an unknown email and a real one get the same messages after repeated failures', async ({
		page
	}, testInfo) => {
		const stranger = hasJs(testInfo) ? '198.51.100.11' : '198.51.100.21';
		const usual = hasJs(testInfo) ? '203.0.113.11' : '203.0.113.21';
		const real = hasJs(testInfo) ? 'parent11@example.org' : 'parent12@example.org';
		const unknown = uniqueEmail('nobody', testInfo);

		await from(page, stranger);
		const tries = async (email: string) => {
			await visit(page, testInfo, '/signin', 'Sign in');
			const seen = [];
			for (let i = 0; i < 5; i++) seen.push(await answer(page, testInfo, email, `wrong-${i}`));
			// Once limited, even the right password (or a guess at it) waits.
			seen.push(await answer(page, testInfo, email, 'reflective-demo'));
			await expectAccessible(page);
			return seen;
		};
		const forUnknown = await tries(unknown);
		const forReal = await tries(real);
		expect(forReal.map((a) => a.message)).toEqual([WRONG, WRONG, WRONG, WRONG, TOO_MANY, TOO_MANY]);
		if (!hasJs(testInfo)) {
			expect(forReal.map((a) => a.status)).toEqual([400, 400, 400, 400, 429, 429]);
		}
		expect(forUnknown).toEqual(forReal);

		// The stranger has not locked the real person out at their own address.
		await from(page, usual);
		await signIn(page, testInfo, real, HOMES.parent);
	});
});
