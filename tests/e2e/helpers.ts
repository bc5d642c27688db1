import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const DEMO_PASSWORD = 'reflective-demo';

export const HOMES = {
	lead: { email: 'lead@example.org', path: '/review', heading: 'How the groups are doing' },
	facilitator: { email: 'facilitator1@example.org', path: '/groups', heading: 'My groups' },
	parent: { email: 'parent1@example.org', path: '/my', heading: /^Hello, / },
	training: { email: 'training@example.org', path: '/admin/courses', heading: 'Courses' },
	booker: { email: 'booker@example.org', path: '/bookings', heading: 'Your bookings' },
	trainee: { email: 'trainee1@example.org', path: '/training', heading: 'Your training' }
} as const;

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * With JavaScript disabled, Chromium still runs Playwright's evaluate() and microtasks, but never
 * fires timers, and axe waits on setTimeout/requestAnimationFrame between rules. So in the no-js
 * project, before axe is loaded, those are replaced on the page by microtask versions (the page
 * has no scripts of its own to be affected).
 */
const TIMER_SHIM = `(() => {
	const soon = (fn, ...args) => { Promise.resolve().then(() => fn(...args)); return 0; };
	window.setTimeout = soon;
	window.requestAnimationFrame = soon;
	window.requestIdleCallback = soon;
})()`;

interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Runs axe-core on the current page with the WCAG 2.2 AA rule set and fails the test with every
 * violation listed. axe is evaluated through the DevTools protocol (not a <script> tag), so the
 * app's strict Content-Security-Policy does not need to be bypassed and it works without JS.
 */
export async function expectAccessible(page: Page, { soft = false } = {}): Promise<void> {
	await page.waitForLoadState('load');
	const key = await axeInput(page);
	if (passedAxe.has(key)) return;
	// Evaluated as source text, not with eval() in the page: the CSP has no 'unsafe-eval'.
	if (!(await page.evaluate(() => 'axe' in window))) {
		if (!hasJs(test.info())) await page.evaluate(TIMER_SHIM);
		await page.evaluate(AXE_SOURCE);
	}
	const violations = await page.evaluate(async () => {
		const { axe } = window as unknown as {
			axe: {
				run: (
					context: Document,
					options: Record<string, unknown>
				) => Promise<{ violations: AxeViolation[] }>;
			};
		};
		const result = await axe.run(document, {
			runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
			resultTypes: ['violations']
		});
		return result.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary }))
		}));
	});
	const report = violations
		.map(
			(v) =>
				`- ${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n` +
				v.nodes.map((n) => `    at ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n')
		)
		.join('\n');
	(soft ? expect.soft : expect)(
		violations,
		`axe found accessibility problems on ${page.url()}:\n${report}`
	).toEqual([]);
	if (violations.length === 0) passedAxe.add(key);
}

/**
 * Pages that passed axe in this worker, by everything its result depends on: the whole DOM, the
 * viewport and the media the page is shown for (the stylesheets are the same build's). Axe took
 * about two fifths of the e2e suite's time, and two in five checks were of a page exactly like one
 * already checked (the sign-in page above all); an identical page gets the identical result, so
 * it is not checked again. Any difference, a single attribute, is checked.
 */
const passedAxe = new Set<string>();

async function axeInput(page: Page): Promise<string> {
	const shown = await page.evaluate(() =>
		JSON.stringify([
			document.documentElement.outerHTML,
			innerWidth,
			innerHeight,
			devicePixelRatio,
			[
				'(prefers-color-scheme: dark)',
				'(prefers-reduced-motion: reduce)',
				'(forced-colors: active)'
			].map((q) => matchMedia(q).matches)
		])
	);
	return createHash('sha256').update(shown).digest('hex');
}

/** Whether the current project runs the pages' JavaScript. */
export function hasJs(testInfo: TestInfo): boolean {
	return testInfo.project.use.javaScriptEnabled !== false;
}

/**
 * With JavaScript on, wait until SvelteKit has hydrated (the root layout marks <body> on mount),
 * so clicks go through `use:enhance` and not the plain HTML form. No-op without JavaScript, and
 * on pages that ship none (`csr = false`, e.g. the parents' pages): they have no script in <body>.
 */
export async function waitForHydration(page: Page, testInfo: TestInfo): Promise<void> {
	if (!hasJs(testInfo)) return;
	await page.waitForLoadState('domcontentloaded');
	if (await page.locator('body script').count()) {
		await page.locator('body[data-hydrated]').waitFor({ state: 'attached' });
	}
}

/**
 * A page has arrived: its URL and main heading are right, it is interactive, and it passes axe.
 * Call after every navigation, whether by goto, a link or a form.
 */
export async function arrived(
	page: Page,
	testInfo: TestInfo,
	path: string | RegExp,
	heading: string | RegExp
): Promise<void> {
	await expect(page).toHaveURL(typeof path === 'string' ? urlFor(path) : path);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
}

/** Matches the page URL for a path, ignoring any query string. */
export function urlFor(path: string): RegExp {
	return new RegExp(
		`^http://localhost:\\d+${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?.*)?$`
	);
}

/** Opens a page directly and waits until it is ready. */
export async function visit(
	page: Page,
	testInfo: TestInfo,
	path: string,
	heading: string | RegExp
): Promise<void> {
	await page.goto(path);
	await arrived(page, testInfo, path.split('?')[0] ?? path, heading);
}

/** Follows a link in the header's main navigation and waits for its page. */
export async function navigate(
	page: Page,
	testInfo: TestInfo,
	link: string,
	path: string,
	heading: string | RegExp
): Promise<void> {
	await page
		.getByRole('navigation', { name: 'Main' })
		.getByRole('link', { name: link, exact: true })
		.click();
	await arrived(page, testInfo, path, heading);
}

/** Fills the sign-in form (the page must be /signin) and submits it. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
	await page.getByLabel('Email address').fill(email);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in from /signin and checks the home page the role lands on. */
export async function signIn(
	page: Page,
	testInfo: TestInfo,
	email: string,
	home: { path: string; heading: string | RegExp },
	password = DEMO_PASSWORD
): Promise<void> {
	await visit(page, testInfo, '/signin', 'Sign in');
	await submitSignIn(page, email, password);
	await arrived(page, testInfo, home.path, home.heading);
}

/** Signs out with the header's button and checks the sign-in page is shown. */
export async function signOut(page: Page, testInfo: TestInfo): Promise<void> {
	await page.getByRole('button', { name: 'Sign out' }).click();
	await arrived(page, testInfo, '/signin', 'Sign in');
	await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
}

/**
 * Opens the newest message to `to` in the /dev/mail outbox with a link that points at `pathname`
 * on this site, and returns that link. Newest first, the five newest at most: the worker may have
 * sent the same person something else since (a measures reminder after an enrolment, say). With
 * `subject`, only messages whose subject matches it.
 */
export async function mailLink(
	page: Page,
	testInfo: TestInfo,
	to: string,
	pathname: string | RegExp,
	subject?: RegExp
): Promise<string> {
	const outbox = `/dev/mail?to=${encodeURIComponent(to)}`;
	const matches = (p: string) => (typeof pathname === 'string' ? p === pathname : pathname.test(p));
	const seen: string[] = [];
	for (let i = 0; i < 5; i++) {
		await visit(page, testInfo, outbox, 'Mail outbox');
		const listed = page.getByRole('listitem').filter({ hasText: `To ${to} ·` });
		const messages = subject
			? listed.filter({ has: page.getByRole('link', { name: subject }) })
			: listed;
		if (i > 0 && (await messages.count()) <= i) break;
		await messages.nth(i).getByRole('link').click();
		await expect(page).toHaveURL(/\/dev\/mail\/\d+$/);
		await expect(page.getByText(`To ${to} ·`)).toBeVisible();
		await waitForHydration(page, testInfo);
		await expectAccessible(page);
		const hrefs = await page
			.locator('.card a')
			.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
		const link = hrefs.find((href) => matches(new URL(href).pathname));
		if (link) return link;
		seen.push(...hrefs);
	}
	expect(undefined, `a link to ${pathname} in the mail to ${to}: ${seen.join(', ')}`).toBeTruthy();
	return '';
}

/** Any message to `to` listed on /dev/mail. */
export function mailTo(page: Page, to: string): Locator {
	return page.getByText(`To ${to} ·`);
}

/** An email address no other test (or earlier run against the same data) has used. */
export function uniqueEmail(prefix: string, testInfo: TestInfo): string {
	return `${prefix}-${testInfo.project.name}-${Date.now().toString(36)}@example.org`;
}

/**
 * Press "Create group" on a filled-in new-group form. The form warns before saving when a
 * session would fall on a bank holiday, Christmas Eve or New Year's Eve, which for dates a few
 * weeks ahead depends on the day the tests run; a spec that is not about those warnings keeps
 * the dates and presses again (register-and-holidays.spec tests the warnings themselves).
 */
export async function createGroup(page: Page): Promise<void> {
	const create = page.getByRole('button', { name: 'Create group' });
	const keep = page.getByLabel('Yes, keep this date');
	await create.click();
	await expect
		.poll(async () => /\/groups\/[0-9a-f-]{36}/.test(page.url()) || (await keep.isVisible()), {
			timeout: 15_000
		})
		.toBe(true);
	if (/\/groups\/[0-9a-f-]{36}/.test(page.url())) return;
	await keep.check();
	await create.click();
}

/**
 * Move the demo clock (/dev/clock) forward: the worker's clock and SQL's private.clock() (the
 * online training's opening date, course-day registers). Only journeys (*.journey.spec.ts, run
 * after every other spec) move it by days; put it back with resetClock in a `finally`.
 */
export async function moveClockForward(
	page: Page,
	testInfo: TestInfo,
	amount: number,
	unit: 'minutes' | 'hours' | 'days'
): Promise<void> {
	await visit(page, testInfo, '/dev/clock', 'Demo clock');
	await page.getByLabel('By').fill(String(amount));
	await page.getByLabel('Unit').selectOption(unit);
	await page.getByRole('button', { name: 'Move the clock forward' }).click();
	await expect(page.getByRole('status')).toContainText('ahead of real time');
}

/** The demo clock back to real time. */
export async function resetClock(page: Page, testInfo: TestInfo): Promise<void> {
	await visit(page, testInfo, '/dev/clock', 'Demo clock');
	await page.getByRole('button', { name: 'Back to real time' }).click();
	await expect(page.getByRole('status')).toContainText('(real time)');
}

/**
 * The lead records a facilitator's training done elsewhere on their record (the lead must be
 * signed in), so they may be put on a group: since the facilitator pathway, nobody untrained can.
 */
export async function recordTrainingElsewhere(
	page: Page,
	testInfo: TestInfo,
	name: string
): Promise<void> {
	await visit(page, testInfo, '/review/facilitators', 'Facilitators');
	await page.getByRole('row').filter({ hasText: name }).getByRole('link', { name }).click();
	await arrived(page, testInfo, /\/review\/facilitators\/[0-9a-f-]{36}$/, name);
	const section = page.getByRole('region', { name: 'Record their training' });
	await section.getByRole('radio', { name: /^Elsewhere/ }).check();
	await section
		.getByLabel('If elsewhere: the evidence')
		.fill('Reflective Parenting facilitator training with the programme team; certificate seen.');
	await section.getByLabel('The date they finished training').fill('2026-09-18');
	await section.getByRole('button', { name: 'Record the training' }).click();
	await expect(page.getByRole('status')).toContainText('Training recorded.');
	await arrived(page, testInfo, /\/review\/facilitators\/[0-9a-f-]{36}(\?.*)?$/, name);
}

/** The password inviteFacilitator's new facilitators choose. */
export const FACILITATOR_PASSWORD = 'a new facilitator password';

/**
 * The lead invites a facilitator from People, who sets up their account with
 * FACILITATOR_PASSWORD from the emailed link; everyone is signed out afterwards.
 */
export async function inviteFacilitator(
	page: Page,
	testInfo: TestInfo,
	email: string,
	name: string
) {
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'People', '/review/people', 'People');
	const form = page.getByRole('region', { name: 'Invite someone' });
	await form.getByLabel('Full name').fill(name);
	await form.getByLabel('Email address').fill(email);
	await form.getByRole('radio', { name: 'Facilitator' }).check();
	await form.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByRole('status')).toContainText(`Invitation sent to ${name}`);
	await signOut(page, testInfo);
	const link = await mailLink(page, testInfo, email, /^\/welcome\/[0-9a-f]{64}$/);
	await page.goto(link);
	await arrived(page, testInfo, new URL(link).pathname, 'Welcome');
	await page.getByLabel('Choose a password').fill(FACILITATOR_PASSWORD);
	await page.getByLabel('Type it again').fill(FACILITATOR_PASSWORD);
	await page.getByRole('button', { name: 'Set up my account' }).click();
	await arrived(page, testInfo, '/groups', HOMES.facilitator.heading);
	await signOut(page, testInfo);
}
