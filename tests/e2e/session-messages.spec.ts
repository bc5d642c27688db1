import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
	HOMES,
	arrived,
	expectAccessible,
	signIn,
	signOut,
	visit,
	waitForHydration
} from './helpers';

/**
 * Every change to a session is announced, reminders go before it, and families choose what they
 * get (issue 12), with JavaScript on and off. A facilitator moves the first session of the
 * demo's open group ("Tuesday mornings", parents 7–12) to two days from now, less ten minutes:
 * the move is emailed to every family and facilitator, and its 2-day reminder has just fallen
 * due, so the same delivery sends it. A family stops reminders from the reminder's link (GET
 * shows a button; the POST turns them off), a mail provider's one-click POST (RFC 8058) works
 * with no session, and a parent turns them off and on at /account/messages. The session is
 * moved back afterwards, so the other specs see the demo as it was.
 *
 * Both projects share one database, so each uses its own session and parents.
 */

const GROUP = '00000000-0000-4000-8000-000000001001';
const GROUP_NAME = 'Tuesday mornings';
const FAMILIES = [7, 8, 9, 10, 11, 12].map((n) => `parent${n}@example.org`);
const FACILITATORS = ['facilitator1@example.org', 'facilitator2@example.org'];
const PARENTS = {
	js: { button: 'parent7@example.org', oneClick: 'parent8@example.org' },
	'no-js': { button: 'parent11@example.org', oneClick: 'parent12@example.org' }
} as const;
const ACCOUNT = {
	js: { email: 'parent9@example.org', first: 'Carol' },
	'no-js': { email: 'parent10@example.org', first: 'Linda' }
} as const;
const project = (testInfo: TestInfo) => (testInfo.project.name === 'no-js' ? 'no-js' : 'js');

/** London date and time of an instant, as the move form's inputs take them. */
function londonInputs(at: Date): { date: string; time: string } {
	const f = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	});
	const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, x.value]));
	return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}` };
}

/** Move session `n` of the group on its page, as the facilitator; returns where it was. */
async function moveSession(
	page: Page,
	testInfo: TestInfo,
	n: number,
	to: { date: string; time: string }
) {
	await visit(page, testInfo, `/groups/${GROUP}`, GROUP_NAME);
	const details = page.locator('details', { hasText: `Move or cancel session ${n}` });
	await details.locator('summary').click();
	const date = details.getByLabel('New date');
	const time = details.getByLabel('Time');
	const was = { date: await date.inputValue(), time: await time.inputValue() };
	await date.fill(to.date);
	await time.fill(to.time);
	await details.getByRole('button', { name: 'Move session' }).click();
	const moved = page.getByText(
		'The session has been moved. Its families and facilitators have been emailed.'
	);
	// A date off the group's weekday (or on a holiday) is warned about first: keep it.
	const keep = details.getByLabel('Yes, keep this date');
	await expect(moved.or(keep)).toBeVisible();
	if (await keep.isVisible()) {
		await keep.check();
		await details.getByRole('button', { name: 'Move session' }).click();
	}
	await expect(moved).toBeVisible();
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
	return was;
}

/** Messages to `to` on /dev/mail whose subject matches. */
function mailItems(page: Page, to: string, subject: RegExp) {
	return page
		.getByRole('listitem')
		.filter({ hasText: `To ${to} ·` })
		.filter({ has: page.getByRole('link', { name: subject }) });
}

/**
 * Wait until every one of `to` has a message whose subject matches on /dev/mail: the worker
 * sends what was queued within its 15-second tick, and the scheduled jobs (reminders) run on it.
 */
async function waitForMail(page: Page, testInfo: TestInfo, to: string[], subject: RegExp) {
	await expect(async () => {
		await page.goto('/dev/mail');
		for (const who of to)
			await expect(mailItems(page, who, subject).first()).toBeVisible({ timeout: 500 });
	}).toPass({ timeout: 60_000 });
	await arrived(page, testInfo, '/dev/mail', 'Mail outbox');
}

/** The newest message to `to` whose subject matches, opened; returns its links. */
async function openMail(page: Page, testInfo: TestInfo, to: string, subject: RegExp) {
	await visit(page, testInfo, '/dev/mail', 'Mail outbox');
	await mailItems(page, to, subject).first().getByRole('link').click();
	await expect(page).toHaveURL(/\/dev\/mail\/\d+$/);
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
	return page.locator('.card a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
}

test('a moved session is emailed to every family and facilitator; its reminder stops from the link', async ({
	page,
	request
}, testInfo) => {
	// Two moves, each confirmed past the weekday warning when it lands off a Tuesday.
	test.setTimeout(60_000);
	const mine = PARENTS[project(testInfo)];
	// Two days from now less ten minutes: its 2-day reminder fell due ten minutes ago.
	const target = londonInputs(new Date(Date.now() + 2 * 86_400_000 - 10 * 60_000));
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	const was = await moveSession(page, testInfo, 1, target);

	// One email to each family with a place and each facilitator, saying what changed, with the
	// calendar update attached.
	const moved = new RegExp(`^${GROUP_NAME}: Session 1 of 8: .+ has moved to `);
	await waitForMail(page, testInfo, [...FAMILIES, ...FACILITATORS], moved);
	await expect(mailItems(page, mine.button, moved).first()).toContainText('· 1 attachment');
	let links = await openMail(page, testInfo, mine.button, moved);
	await expect(page.getByText(/^Was: .+ · Now: .+$/)).toBeVisible();
	expect(links.some((l) => /\/my\/sessions\/[0-9a-f-]{36}$/.test(new URL(l).pathname))).toBe(true);
	const ics = page.getByLabel('updated.ics as text');
	await expect(ics).toContainText('METHOD:REQUEST');
	await expect(ics).toContainText(/UID:session-[0-9a-f-]{36}@reflective-groups/);
	await expect(ics).toContainText(/SEQUENCE:[1-9]\d*/);
	await expect(ics).toContainText('BEGIN:VALARM');
	links = await openMail(page, testInfo, FACILITATORS[0]!, moved);
	expect(links.map((l) => new URL(l).pathname)).toContain(`/groups/${GROUP}/sessions/1`);

	// The reminder went too, with its own one-click unsubscribe link.
	const reminder = /^Reminder: Session 1 of 8: /;
	await waitForMail(page, testInfo, [mine.button, mine.oneClick], reminder);
	links = await openMail(page, testInfo, mine.button, reminder);
	const headers = page.locator('dl.headers');
	await expect(headers).toContainText(/List-Unsubscribe\s*<http:\/\/localhost:\d+\/unsubscribe\//);
	await expect(headers).toContainText('List-Unsubscribe=One-Click');
	const stop = links.find((l) => new URL(l).pathname.startsWith('/unsubscribe/'));
	expect(stop, `an unsubscribe link in ${links.join(', ')}`).toBeTruthy();
	expect(links.some((l) => /\/my\/sessions\/[0-9a-f-]{36}$/.test(new URL(l).pathname))).toBe(true);

	// Opening the link changes nothing (mail scanners follow links): it shows a button.
	await signOut(page, testInfo);
	const path = new URL(stop!).pathname;
	await visit(page, testInfo, path, 'Stop reminders');
	await visit(page, testInfo, path, 'Stop reminders');
	await page.getByRole('button', { name: 'Stop sending me reminders' }).click();
	await arrived(page, testInfo, path, 'Stop reminders');
	await expect(page.getByRole('status')).toHaveText(
		'You will get no more reminders before sessions.'
	);
	await visit(page, testInfo, path, 'Stop reminders');
	await expect(page.getByRole('button', { name: 'Stop sending me reminders' })).toHaveCount(0);

	// A mail provider's one-click POST (RFC 8058): no session, no Origin, no CSRF token.
	links = await openMail(page, testInfo, mine.oneClick, reminder);
	const oneClick = links.find((l) => new URL(l).pathname.startsWith('/unsubscribe/'))!;
	const res = await request.post(new URL(oneClick).pathname, {
		form: { 'List-Unsubscribe': 'One-Click' },
		headers: { accept: 'text/html' },
		maxRedirects: 0
	});
	expect(res.status()).toBe(200);
	expect(await res.text()).toContain('You will get no more reminders before sessions.');
	// Any other form POST without the site's Origin is still refused.
	const other = await request.post('/account/messages', {
		form: { reminders: 'off' },
		headers: { accept: 'text/html' },
		maxRedirects: 0
	});
	expect(other.status()).toBe(403);
	// A token that is not one of ours says so, and changes nothing.
	await visit(page, testInfo, `/unsubscribe/${'x'.repeat(43)}`, 'Stop reminders');
	await expect(page.getByText('This link is not valid or has expired.')).toBeVisible();

	// Put the session back where it was.
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await moveSession(page, testInfo, 1, was);
});

test('a parent sees what they are sent and turns reminders off and on at /account/messages', async ({
	page
}, testInfo) => {
	const me = ACCOUNT[project(testInfo)];
	await signIn(page, testInfo, me.email, { path: '/my', heading: `Hello, ${me.first}` });
	await page.getByRole('link', { name: 'Your emails' }).click();
	await arrived(page, testInfo, '/account/messages', 'Your emails');
	const main = page.getByRole('main');
	await expect(main).toContainText('Changes to a session');
	await expect(main).toContainText('These always go');
	await expect(main).toContainText(`${GROUP_NAME}: 2 days before and at 08:00 on the day.`);

	await page.getByLabel('No reminders, thank you').check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Saved. You will get no more reminders. We will still tell you of any change to a session.'
	);
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
	await visit(page, testInfo, '/account/messages', 'Your emails');
	await expect(page.getByLabel('No reminders, thank you')).toBeChecked();

	await page.getByLabel('Yes, remind me before each session').check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Saved. You will get reminders before each session.'
	);
	await visit(page, testInfo, '/account/messages', 'Your emails');
	await expect(page.getByLabel('Yes, remind me before each session')).toBeChecked();
});

test('staff see what they are sent, with nothing to turn off', async ({ page }, testInfo) => {
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await page.getByRole('link', { name: 'Your emails' }).click();
	await arrived(page, testInfo, '/account/messages', 'Your emails');
	await expect(page.getByRole('main')).toContainText('of a group you facilitate');
	await expect(page.getByRole('main')).toContainText('Staff are not sent reminders');
	await expect(page.getByRole('radio')).toHaveCount(0);
});

test('a facilitator sets a group’s own reminder times, and goes back to the clinic’s', async ({
	page
}, testInfo) => {
	// The online group has no families, so no other test's reminders depend on its times.
	const online = '00000000-0000-4000-8000-000000001003';
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await visit(page, testInfo, `/groups/${online}`, 'Online – Wednesday evenings');
	const section = page.locator('section', {
		has: page.getByRole('heading', { name: 'Reminders' })
	});
	await expect(section).toContainText(
		'Families are reminded 2 days before and at 08:00 on the day (the clinic’s times).'
	);
	await section.locator('summary').click();
	await section.getByLabel('This group’s own, below').check();
	await section.getByLabel('Days before each session').fill('15');
	await section.getByRole('button', { name: 'Save reminders' }).click();
	await expect(section.getByText('Up to three whole numbers from 1 to 14')).toBeVisible();
	await waitForHydration(page, testInfo);
	await expectAccessible(page);

	await section.getByLabel('Days before each session').fill('1, 3');
	await section.getByLabel('On the morning of each session, at').fill('');
	await section.getByRole('button', { name: 'Save reminders' }).click();
	await expect(page.getByText('Saved: this group now sends its own reminders.')).toBeVisible();
	await expect(section).toContainText(
		'Families are reminded 3 days before and 1 day before (this group’s own times).'
	);

	await section.locator('summary').click();
	await section.getByLabel('The clinic’s: 2 days before and at 08:00 on the day').check();
	await section.getByRole('button', { name: 'Save reminders' }).click();
	await expect(page.getByText('Saved: this group uses the clinic’s reminder times.')).toBeVisible();
	await expect(section).toContainText('(the clinic’s times)');
	await expectAccessible(page);
});

test('a reminder goes when the worker’s clock passes its time, not before', async ({
	page
}, testInfo) => {
	// Parents 9 and 10 end the /account/messages test with reminders on.
	const family = 'parent9@example.org';
	const reminder = /^Reminder: Session 1 of 8: /;
	// Two days and 40 minutes from now: its 2-day reminder is due in 40 minutes.
	const target = londonInputs(new Date(Date.now() + 2 * 86_400_000 + 40 * 60_000));
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	const was = await moveSession(page, testInfo, 1, target);
	const moved = new RegExp(`^${GROUP_NAME}: Session 1 of 8: .+ has moved to `);
	await waitForMail(page, testInfo, [family], moved);
	// The move went out; the reminder, 40 minutes off, did not go with it. (Counted among the
	// family's own mail: the whole outbox lists only its newest 200.)
	await visit(page, testInfo, `/dev/mail?to=${family}`, 'Mail outbox');
	const before = await mailItems(page, family, reminder).count();

	try {
		await visit(page, testInfo, '/dev/clock', 'Demo clock');
		await page.getByLabel('By').fill('45');
		await page.getByLabel('Unit').selectOption('minutes');
		await page.getByRole('button', { name: 'Move the clock forward' }).click();
		await expect(page.getByRole('status')).toContainText('ahead of real time');
		await expectAccessible(page);
		await expect(async () => {
			await page.goto(`/dev/mail?to=${family}`);
			expect(await mailItems(page, family, reminder).count()).toBe(before + 1);
		}).toPass({ timeout: 30_000 });
	} finally {
		await visit(page, testInfo, '/dev/clock', 'Demo clock');
		await page.getByRole('button', { name: 'Back to real time' }).click();
		await expect(page.getByRole('status')).toContainText('(real time)');
		await moveSession(page, testInfo, 1, was);
	}
});
