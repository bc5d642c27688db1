import { readdirSync, readFileSync } from 'node:fs';
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import { parseSessionFile } from '../../src/lib/curriculum/parse.js';
import { HOMES, arrived, signIn, visit } from './helpers';

/**
 * The parents' space on a phone, with JavaScript on and off (the pages ship none either way):
 * the next session, the calendar file, released and unreleased session pages, the printed
 * handout, and apologies that reach the facilitators' register and can be taken back.
 *
 * Both projects share one database, so each uses its own parent of the running demo group
 * ("Thursday evenings", parents 1–6): parent1 with JavaScript, parent2 without.
 */

const GROUP = '00000000-0000-4000-8000-000000001002';
const VENUE = "Community Hall, St Anne's Road";
const PARENTS = {
	js: { email: 'parent1@example.org', name: 'Margaret Doyle', first: 'Margaret' },
	'no-js': { email: 'parent2@example.org', name: 'Denise Campbell', first: 'Denise' }
} as const;

/** "Thu 26 Nov 2026, 18:30–20:30", as SessionTime renders it. */
const SESSION_TIME =
	/\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}–\d{2}:\d{2}\b/;

// Session 1's slides come from the curriculum file the migration installs: read the same file.
const dir = new URL('../../curriculum/reflective-parenting/', import.meta.url);
const file = readdirSync(dir).find((name) => name.startsWith('01-'));
const SESSION_1 = parseSessionFile(readFileSync(new URL(file ?? '', dir), 'utf8'), 1);

function parentFor(testInfo: TestInfo) {
	return PARENTS[testInfo.project.name as keyof typeof PARENTS] ?? PARENTS.js;
}

async function signInParent(page: Page, testInfo: TestInfo): Promise<void> {
	const parent = parentFor(testInfo);
	await signIn(page, testInfo, parent.email, { path: '/my', heading: `Hello, ${parent.first}` });
}

/** The UIDs and STATUS values of every VEVENT in an iCalendar text (lines unfolded). */
function calendarEvents(ics: string): { uid: string; status: string; sequence: string }[] {
	const lines = ics.replace(/\r?\n[ \t]/g, '').split(/\r?\n/);
	const events: { uid: string; status: string; sequence: string }[] = [];
	let current: Record<string, string> | null = null;
	for (const line of lines) {
		if (line === 'BEGIN:VEVENT') current = {};
		else if (line === 'END:VEVENT' && current) {
			events.push({
				uid: current.UID ?? '',
				status: current.STATUS ?? '',
				sequence: current.SEQUENCE ?? ''
			});
			current = null;
		} else if (current) {
			const m = /^([A-Z-]+)(?:;[^:]*)?:(.*)$/.exec(line);
			if (m) current[m[1] as string] = m[2] as string;
		}
	}
	return events;
}

const UID =
	/^session-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}@reflective-groups$/;

/** A context like the project's (JS on or off, phone-sized), for a second person. */
async function otherPerson(browser: Browser, testInfo: TestInfo): Promise<Page> {
	const use = testInfo.project.use;
	const context = await browser.newContext({
		baseURL: use.baseURL,
		javaScriptEnabled: use.javaScriptEnabled,
		locale: use.locale,
		timezoneId: use.timezoneId
	});
	return context.newPage();
}

test.describe("parents' space on a phone", () => {
	test.use({ viewport: { width: 360, height: 740 } });

	test('the next session, the calendar file, and tap targets on /my', async ({
		page
	}, testInfo) => {
		await signInParent(page, testInfo);

		const next = page.getByRole('region', { name: 'Your next session' });
		await expect(next).toBeVisible();
		await expect(next.locator('.big')).toHaveText(SESSION_TIME);
		await expect(next).toContainText(/Session [1-8] of 8: \S/);
		await expect(next).toContainText(VENUE);
		await expect(next.getByRole('link', { name: /I can’t make it/ })).toBeVisible();
		// Parents never see another family: only their own name is on the page.
		for (const other of Object.values(PARENTS).filter((p) => p !== parentFor(testInfo))) {
			await expect(page.locator('body')).not.toContainText(other.name);
		}

		// The calendar file: all 8 sessions, stable UIDs, a STATUS and SEQUENCE on each.
		const [download] = await Promise.all([
			page.waitForEvent('download'),
			page.getByRole('link', { name: 'Add all sessions to your calendar' }).click()
		]);
		expect(download.suggestedFilename()).toBe('reflective-parenting-group.ics');
		const ics = readFileSync(await download.path(), 'utf8');
		expect(ics).toMatch(/^BEGIN:VCALENDAR\r?\n/);
		expect(ics.match(/^BEGIN:VEVENT\r?$/gm)).toHaveLength(8);
		const events = calendarEvents(ics);
		expect(events).toHaveLength(8);
		for (const e of events) {
			expect(e.uid).toMatch(UID);
			expect(e.status).toMatch(/^(CONFIRMED|TENTATIVE|CANCELLED)$/);
			expect(e.sequence).toMatch(/^\d+$/);
		}
		expect(new Set(events.map((e) => e.uid)).size).toBe(8);
		// Downloaded again (as a calendar app re-importing would), the UIDs are the same.
		const again = [];
		for (let i = 0; i < 2; i++) {
			const response = await page.request.get('/my/calendar.ics');
			expect(response.status()).toBe(200);
			expect(response.headers()['content-type']).toContain('text/calendar');
			again.push(calendarEvents(await response.text()).map((e) => e.uid));
		}
		expect(again[0]).toEqual(events.map((e) => e.uid));
		expect(again[1]).toEqual(again[0]);
		// Downloading changed nothing on the page.
		await expect(page).toHaveURL(/\/my$/);

		// WCAG 2.5.8 (AA): every target at least 24×24 CSS px, unless it is a link inside a sentence
		// or a block of text whose height the line-height sets.
		const targets = await page
			.locator('a[href], button, input:not([type=hidden]), select, textarea, summary')
			.evaluateAll((els) =>
				els.map((el) => {
					const r = el.getBoundingClientRect();
					const style = getComputedStyle(el);
					const parent = el.parentElement;
					// Inline in text: an inline element whose parent has text of its own beside it.
					const ownText = parent
						? [...parent.childNodes]
								.filter((n) => n !== el && n.nodeType === Node.TEXT_NODE)
								.some((n) => (n.textContent ?? '').trim().length > 0)
						: false;
					return {
						what: `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 60)}"`,
						width: Math.round(r.width * 10) / 10,
						height: Math.round(r.height * 10) / 10,
						visible: r.width > 0 && r.height > 0 && style.visibility !== 'hidden',
						inline: style.display === 'inline' && ownText
					};
				})
			);
		const small = targets.filter((t) => t.visible && !t.inline && (t.width < 24 || t.height < 24));
		testInfo.annotations.push({
			type: 'tap targets on /my',
			description: targets.map((t) => `${t.what}: ${t.width}×${t.height}`).join('; ')
		});
		expect(
			small,
			'targets on /my smaller than 24×24 px (WCAG 2.5.8) that are not inline in a sentence:\n' +
				small.map((t) => `  ${t.what}: ${t.width}×${t.height}`).join('\n')
		).toEqual([]);
	});

	test('a released session reads and prints; an upcoming one says when its slides come', async ({
		page
	}, testInfo) => {
		await signInParent(page, testInfo);

		await page.getByRole('link', { name: `Session 1: ${SESSION_1.title}`, exact: true }).click();
		await arrived(
			page,
			testInfo,
			/\/my\/sessions\/[0-9a-f-]{36}$/,
			`Session 1: ${SESSION_1.title}`
		);
		await expect(page.locator('.lead')).toHaveText(SESSION_TIME);
		// Held: nothing to send apologies for.
		await expect(page.getByRole('button', { name: "I can't make it" })).toHaveCount(0);
		await expect(page.getByRole('heading', { name: 'The slides' })).toBeVisible();
		// One card per slide (a slide's own bullet lists are list items too).
		const slides = page.getByRole('region', { name: 'The slides' }).locator('li.slide');
		await expect(slides).toHaveCount(SESSION_1.slides.length);
		await expect(slides.first()).toBeVisible();
		await expect(slides.first()).toContainText('Welcome');
		await expect(page.getByRole('heading', { name: 'Home practice' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'Home practice' })).not.toBeEmpty();

		// The handout: an A4 PDF from headless Chromium, without the site's header.
		const pdf = await page.pdf({ format: 'A4' });
		expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		expect(pdf.length).toBeGreaterThan(5_000);
		await page.emulateMedia({ media: 'print' });
		await expect(page.getByRole('banner')).toBeHidden();
		await expect(page.getByRole('link', { name: 'Back to my group' })).toBeHidden();
		await expect(page.getByText('Thursday evenings · Reflective Parenting group')).toBeVisible();
		await page.emulateMedia({ media: 'screen' });

		await page.getByRole('link', { name: 'Back to my group' }).click();
		await arrived(page, testInfo, '/my', /^Hello, /);
		// The last session is weeks away: nothing released yet.
		await page.getByRole('link', { name: /^Session 8\b/ }).click();
		await arrived(page, testInfo, /\/my\/sessions\/[0-9a-f-]{36}$/, /^Session 8\b/);
		await expect(
			page.getByText('The slides and home practice appear here after the session.')
		).toBeVisible();
		await expect(page.getByRole('heading', { name: 'The slides' })).toHaveCount(0);
		await expect(page.getByRole('heading', { name: 'Coming to this session' })).toBeVisible();
		await expect(page.getByRole('region', { name: 'Coming to this session' })).toContainText(VENUE);
	});

	test("apologies reach the facilitators' register and can be withdrawn", async ({
		page,
		browser
	}, testInfo) => {
		const parent = parentFor(testInfo);
		const reason = `Child unwell (${testInfo.project.name} ${Date.now().toString(36)})`;
		await signInParent(page, testInfo);

		await page
			.getByRole('region', { name: 'Your next session' })
			.getByRole('link', { name: /I can’t make it/ })
			.click();
		await arrived(page, testInfo, /\/my\/sessions\/[0-9a-f-]{36}$/, /^Session [1-8]\b/);
		const sessionPage = page.url();
		const heading = await page.getByRole('heading', { level: 1 }).textContent();
		const number = Number(/^Session (\d)/.exec(heading ?? '')?.[1]);
		const coming = page.getByRole('region', { name: 'Coming to this session' });
		await expect(coming).toContainText(VENUE);

		await coming.getByLabel(/Can't make it\? Tell your facilitators/).fill(reason);
		await coming.getByRole('button', { name: "I can't make it" }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Thank you for letting us know. Your facilitators can see your apologies.'
		);
		await arrived(page, testInfo, /\/my\/sessions\/[0-9a-f-]{36}/, heading ?? '');
		await expect(coming).toContainText("You have told us you can't make it.");
		await expect(coming).toContainText(reason);
		await expect(coming.getByRole('button', { name: 'I can come after all' })).toBeVisible();
		await visit(page, testInfo, '/my', /^Hello, /);
		await expect(page.getByRole('region', { name: 'Your next session' })).toContainText(
			'You have sent apologies'
		);

		// The facilitator sees it on the register, with the reason.
		const facilitator = await otherPerson(browser, testInfo);
		await signIn(facilitator, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		const register = `/groups/${GROUP}/sessions/${number}/register`;
		await visit(facilitator, testInfo, register, `Register – session ${number}`);
		const card = facilitator.getByRole('listitem').filter({ hasText: parent.name });
		await expect(card).toHaveCount(1);
		await expect(card.locator('legend')).toContainText('Apologies');
		await expect(card.getByRole('button', { name: `Apologies – ${parent.name}` })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		await expect(card.getByLabel(/^Reason/)).toHaveValue(reason);

		// The parent can come after all.
		await page.goto(sessionPage);
		await arrived(page, testInfo, sessionPage.replace(/^https?:\/\/[^/]+/, ''), heading ?? '');
		await coming.getByRole('button', { name: 'I can come after all' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Your apologies have been withdrawn. See you there.'
		);
		await arrived(page, testInfo, /\/my\/sessions\/[0-9a-f-]{36}/, heading ?? '');
		await expect(coming.getByRole('button', { name: "I can't make it" })).toBeVisible();
		await expect(coming).not.toContainText("You have told us you can't make it.");

		// …and the register no longer shows apologies.
		await visit(facilitator, testInfo, register, `Register – session ${number}`);
		await expect(card.locator('legend')).toContainText('Not marked yet');
		await expect(card.getByRole('button', { name: `Apologies – ${parent.name}` })).toHaveAttribute(
			'aria-pressed',
			'false'
		);
		await facilitator.context().close();
	});
});
