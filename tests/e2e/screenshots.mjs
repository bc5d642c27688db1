// Screenshots of every page for a person to look at; not part of the test run.
//
//   npm run build && node tests/e2e/screenshots.mjs [out-dir]
//
// Starts the built app on a fresh data directory (port 4174), signs in as each role, and saves
// full-page PNGs at 1280x800 and 360x740 into out-dir (default /tmp/shots).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PORT = 4174;
const BASE = `http://localhost:${PORT}`;
const OUT = process.argv[2] ?? '/tmp/shots';
const PASSWORD = 'reflective-demo';
const SIZES = [
	{ name: 'wide', width: 1280, height: 800 },
	{ name: 'narrow', width: 360, height: 740 }
];

mkdirSync(OUT, { recursive: true });
const dataDir = mkdtempSync(join(tmpdir(), 'shots-data-'));
const server = spawn(process.execPath, ['scripts/demo-server.js', 'build'], {
	env: { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), ORIGIN: BASE },
	stdio: ['ignore', 'ignore', 'inherit']
});

async function waitForServer() {
	for (let i = 0; i < 120; i++) {
		try {
			if ((await fetch(`${BASE}/signin`)).ok) return;
		} catch {
			// not up yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error('the app did not start');
}

const browser = await chromium.launch({
	executablePath: '/usr/bin/chromium',
	args: [
		'--no-sandbox',
		'--disable-gpu',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run',
		'--disable-quic'
	]
});

/** A signed-in (or signed-out, for email null) browser context. */
async function contextFor(email, size) {
	const context = await browser.newContext({
		baseURL: BASE,
		viewport: { width: size.width, height: size.height },
		locale: 'en-GB',
		timezoneId: 'Europe/London'
	});
	if (email) {
		const page = await context.newPage();
		await page.goto('/signin');
		await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
		await page.getByLabel('Email address').fill(email);
		await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
		await page.close();
	}
	return context;
}

async function shot(page, name, size) {
	await page.waitForLoadState('networkidle');
	const file = join(OUT, `${name}-${size.name}.png`);
	await page.screenshot({ path: file, fullPage: true });
	console.log(file);
	// Long pages also in viewport-sized parts, which are easier to look at closely.
	const height = await page.evaluate(() => document.documentElement.scrollHeight);
	if (height > size.height * 1.5) {
		for (let y = 0, n = 1; y < height; y += size.height, n++) {
			const clip = { x: 0, y, width: size.width, height: Math.min(size.height, height - y) };
			await page.screenshot({
				path: join(OUT, `${name}-${size.name}-part${n}.png`),
				fullPage: true,
				clip
			});
		}
	}
}

try {
	await waitForServer();
	// Something in the outbox first.
	{
		const context = await contextFor(null, SIZES[0]);
		const page = await context.newPage();
		await page.goto('/forgot-password');
		await page.getByLabel('Email address').fill('parent12@example.org');
		await page.getByRole('button', { name: 'Send the link' }).click();
		await page.getByRole('status').waitFor();
		await context.close();
	}

	for (const size of SIZES) {
		const anon = await contextFor(null, size);
		const page = await anon.newPage();
		await page.goto('/signin');
		await shot(page, 'signin', size);
		await page.getByLabel('Email address').fill('parent2@example.org');
		await page.getByLabel('Password', { exact: true }).fill('wrong-password');
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.getByRole('alert').waitFor();
		await shot(page, 'signin-error', size);
		await page.goto('/forgot-password');
		await shot(page, 'forgot-password', size);
		await page.getByLabel('Email address').fill('someone@example.org');
		await page.getByRole('button', { name: 'Send the link' }).click();
		await page.getByRole('status').waitFor();
		await shot(page, 'forgot-password-sent', size);
		await page.goto('/dev/mail');
		await shot(page, 'dev-mail', size);
		await page
			.getByRole('link', { name: /password/i })
			.first()
			.click();
		await page.waitForURL(/\/dev\/mail\/\d+$/);
		await shot(page, 'dev-mail-message', size);
		const link = await page
			.locator('.links a')
			.evaluateAll((as) => as.map((a) => a.href).find((h) => h.includes('/auth/confirm')));
		await page.goto(link);
		await shot(page, 'auth-confirm', size);
		await page.goto('/auth/confirm?token_hash=used-or-wrong-token&type=recovery');
		await page.getByRole('button', { name: 'Continue' }).click();
		await page.getByRole('alert').waitFor();
		await shot(page, 'auth-confirm-expired', size);
		await anon.close();

		const lead = await contextFor('lead@example.org', size);
		const lp = await lead.newPage();
		await lp.goto('/review');
		await shot(lp, 'review', size);
		// Keyboard focus: the skip link, then a header link.
		await lp.keyboard.press('Tab');
		await lp.screenshot({ path: join(OUT, `focus-skip-${size.name}.png`) });
		await lp.keyboard.press('Tab');
		await lp.keyboard.press('Tab');
		await lp.screenshot({ path: join(OUT, `focus-nav-${size.name}.png`) });

		await lp.goto('/review/people');
		await shot(lp, 'review-people', size);
		await lp.getByLabel('Full name').focus();
		await lp.screenshot({ path: join(OUT, `focus-field-${size.name}.png`) });
		await lp.goto('/review/interest');
		await shot(lp, 'review-interest', size);
		await lp.goto('/groups');
		await shot(lp, 'groups-lead', size);
		await lp.goto('/groups/new');
		await shot(lp, 'groups-new', size);
		await lp.goto('/groups');
		const groupLinks = await lp
			.locator('main h2 a')
			.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
		for (const [i, href] of groupLinks.entries()) {
			await lp.goto(href);
			await shot(lp, `group-${i + 1}`, size);
		}
		await lp.goto('/account/password');
		await shot(lp, 'account-password', size);
		await lp.getByLabel('New password').fill('short');
		await lp.getByLabel('Type it again').fill('different');
		await lp.locator('main form').evaluate((f) => (f.noValidate = true));
		await lp.getByRole('button', { name: 'Save password' }).click();
		await lp.getByRole('alert').waitFor();
		await shot(lp, 'account-password-errors', size);
		await lead.close();

		const fac = await contextFor('facilitator1@example.org', size);
		const fp = await fac.newPage();
		await fp.goto('/groups');
		await shot(fp, 'groups', size);
		// The running group's first session, its register and the curriculum, where they exist.
		await fp.getByRole('link', { name: 'Thursday evenings' }).click();
		await fp.waitForURL(/\/groups\/[0-9a-f-]{36}$/);
		const session = fp.locator('main a[href*="/sessions/"]').first();
		if (await session.count()) {
			await session.click();
			await fp.waitForURL(/\/sessions\/\d+$/);
			await shot(fp, 'session', size);
			const register = fp.locator('main a[href$="/register"]').first();
			if (await register.count()) {
				await register.click();
				await fp.waitForURL(/\/register$/);
				await shot(fp, 'register', size);
			}
		}
		const curriculum = fp.getByRole('link', { name: 'Curriculum' });
		if (await curriculum.count()) {
			await curriculum.first().click();
			await fp.waitForURL(/\/curriculum/);
			await shot(fp, 'curriculum', size);
		}
		await fac.close();

		const parent = await contextFor('parent1@example.org', size);
		const pp = await parent.newPage();
		await pp.goto('/my');
		await shot(pp, 'my', size);
		await pp.goto('/review');
		await shot(pp, 'forbidden-403', size);
		await pp.goto('/no-such-page');
		await shot(pp, 'not-found-404', size);
		await parent.close();
	}
} finally {
	await browser.close();
	server.kill();
	rmSync(dataDir, { recursive: true, force: true });
}
