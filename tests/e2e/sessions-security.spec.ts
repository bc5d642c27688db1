import { expect, test, type BrowserContext } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import {
	DEMO_PASSWORD,
	HOMES,
	arrived,
	signIn,
	submitSignIn,
	visit,
	waitForHydration
} from './helpers';

const PORT = Number(process.env.E2E_PORT ?? 4173);

test.describe('where you go after signing in', () => {
	test('a `next` that smuggles in another host with a tab goes home instead', async ({
		page
	}, testInfo) => {
		// The finding: /signin?next=%2F%09%2Fevil.example%2F sent a signed-in person to evil.example.
		await visit(page, testInfo, '/signin?next=%2F%09%2Fevil.example%2F', 'Sign in');
		await submitSignIn(page, HOMES.facilitator.email, DEMO_PASSWORD);
		await arrived(page, testInfo, HOMES.facilitator.path, HOMES.facilitator.heading);
		// Signed in, the same link also goes home.
		await page.goto('/signin?next=%2F%09%2Fevil.example%2F');
		await arrived(page, testInfo, HOMES.facilitator.path, HOMES.facilitator.heading);
	});

	test('a `next` with a newline or carriage return never gives an error page', async ({ page }) => {
		for (const next of ['%2Fgroups%0A', '%0D%0ASet-Cookie%3Ax%3D1', '%2F%0A%2Fevil.example']) {
			const response = await page.goto(`/signin?next=${next}`);
			expect(response?.status(), next).toBe(200);
		}
		// A hand-made post with a line break in `next` is refused like any other bad field (a link
		// cannot put one there: the page only ever writes a cleaned `next` into the form).
		const response = await page.request.post(`/signin`, {
			form: { email: HOMES.parent.email, password: DEMO_PASSWORD, next: '/my\r\nX-Evil: 1' },
			headers: { origin: `http://localhost:${PORT}`, accept: 'text/html' },
			maxRedirects: 0
		});
		expect(response.status()).toBe(400);
		expect(response.headers()['x-evil']).toBeUndefined();
		expect(response.headers()['location']).toBeUndefined();
	});
});

/** The demo's service role key, as the server derives it from its data directory. */
async function serverSecret(): Promise<string> {
	const secret = readFileSync(`.data-e2e-${PORT}/db/jwt-secret`, 'utf8').trim();
	return new SignJWT({ iss: 'supabase', ref: 'embedded', role: 'service_role' })
		.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
		.setIssuedAt(1767225600)
		.setExpirationTime(1767225600 + 20 * 365 * 24 * 3600)
		.sign(new TextEncoder().encode(secret));
}

async function sessionIdOf(context: BrowserContext): Promise<string> {
	const auth = (await context.cookies()).filter((c) => c.name.startsWith('sb-'));
	const joined = auth
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((c) => c.value)
		.join('');
	const session = JSON.parse(
		Buffer.from(joined.replace(/^base64-/, ''), 'base64url').toString('utf8')
	) as { access_token: string };
	const payload = JSON.parse(
		Buffer.from(session.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')
	) as { session_id: string };
	return payload.session_id;
}

test.describe('sessions end', () => {
	test('after 12 hours without activity the server signs you out and says why', async ({
		page,
		context
	}, testInfo) => {
		await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
		const cookie = (await context.cookies()).find((c) => c.name === 'rg-activity');
		expect(cookie?.httpOnly).toBe(true);
		// What the server would have written had the last request been 12 hours and a minute ago.
		const sid = await sessionIdOf(context);
		const then = Math.floor(Date.now() / 1000) - (12 * 3600 + 60);
		const key = `rg-activity:${await serverSecret()}`;
		const mac = createHmac('sha256', key).update(`${sid}.${then}.${then}`).digest('base64url');
		await context.addCookies([{ ...cookie!, value: `${then}.${then}.${mac}` }]);
		await page.goto('/review');
		await expect(page).toHaveURL(/\/signin\?next=%2Freview&ended=1$/);
		await expect(page.getByRole('status')).toContainText('signed out after a long time');
		await waitForHydration(page, testInfo);
		// The session is over at the Auth server too: the old cookies no longer open anything.
		await page.goto('/review');
		await expect(page).toHaveURL(/\/signin/);
	});

	test('a session whose activity record is missing or forged is ended', async ({
		page,
		context
	}, testInfo) => {
		await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		const cookie = (await context.cookies()).find((c) => c.name === 'rg-activity');
		const now = Math.floor(Date.now() / 1000);
		await context.addCookies([{ ...cookie!, value: `${now}.${now}.${'A'.repeat(43)}` }]);
		await page.goto('/groups');
		await expect(page).toHaveURL(/\/signin\?next=%2Fgroups&ended=1$/);
	});
});

test.describe('changing your password', () => {
	test('needs the current password and signs you out everywhere else', async ({
		page,
		browser
	}, testInfo) => {
		const email = 'parent4@example.org';
		const home = HOMES.parent;
		const other = await browser.newContext({
			javaScriptEnabled: testInfo.project.use.javaScriptEnabled
		});
		const otherPage = await other.newPage();
		await signIn(otherPage, testInfo, email, home);
		await signIn(page, testInfo, email, home);

		await visit(page, testInfo, '/account/password', 'Choose a new password');
		await page.getByLabel('Current password').fill('not-my-password');
		await page.getByLabel('New password').fill('a-brand-new-password');
		await page.getByLabel('Type it again').fill('a-brand-new-password');
		await page.getByRole('button', { name: 'Save password' }).click();
		await expect(page.getByText('That is not your current password.')).toBeVisible();
		await arrived(page, testInfo, '/account/password', 'Choose a new password');

		await page.getByLabel('Current password').fill(DEMO_PASSWORD);
		await page.getByLabel('New password').fill('a-brand-new-password');
		await page.getByLabel('Type it again').fill('a-brand-new-password');
		await page.getByRole('button', { name: 'Save password' }).click();
		await arrived(page, testInfo, home.path, home.heading);

		// The other browser's session has ended.
		await otherPage.goto('/my');
		await expect(otherPage).toHaveURL(/\/signin/);
		await other.close();

		// Put the demo password back for the other tests.
		await visit(page, testInfo, '/account/password', 'Choose a new password');
		await page.getByLabel('Current password').fill('a-brand-new-password');
		await page.getByLabel('New password').fill(DEMO_PASSWORD);
		await page.getByLabel('Type it again').fill(DEMO_PASSWORD);
		await page.getByRole('button', { name: 'Save password' }).click();
		await arrived(page, testInfo, home.path, home.heading);
	});
});
