import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import {
	HOMES,
	arrived,
	expectAccessible,
	hasJs,
	signIn,
	visit,
	waitForHydration
} from './helpers';

/**
 * The register that never loses a reason, and warnings before a date lands on a holiday, with
 * JavaScript on and off, axe on every page, the register on a tablet (768 px):
 * - a reason typed for an apology is saved (as it is typed with JavaScript, by its own button
 *   without) and is still there after a reload; focus stays on the parent just marked;
 * - "Mark the rest present" asks first, then marks only those not yet marked (never the apology),
 *   and the page counts "N of M marked";
 * - moving a session to 25 December warns (with the holiday's name) and moves only once confirmed;
 * - a new group's first date on 25 December warns and says where the group would start.
 *
 * Self-contained: both projects share one database, so each creates its own groups, starting
 * on 23 December of the next year whose Christmas is at least three days off (so session 1 can
 * move to the 25th between itself and session 2 on the 30th).
 */

test.describe.configure({ mode: 'serial' });

const GROUP_PAGE = /\/groups\/[0-9a-f-]{36}(\?.*)?$/;
const FAMILIES = ['Agnes Appleby', 'Beatrice Bramwell', 'Cora Cartwright'] as const;
const REASON = 'Unwell – phoned Tom at 6pm';

/** The year of the next Christmas at least three days away. */
function christmasYear(): number {
	const now = new Date();
	const y = now.getFullYear();
	return new Date(y, 11, 22).getTime() >= now.getTime() ? y : y + 1;
}
const YEAR = christmasYear();
const FIRST = `${YEAR}-12-23`;
const CHRISTMAS = `${YEAR}-12-25`;
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const weekday = (date: string) => WEEKDAYS[new Date(`${date}T12:00:00Z`).getUTCDay()]!;

const shared: Record<string, { groupId: string; groupName: string }> = {};
function state(testInfo: TestInfo) {
	const s = shared[testInfo.project.name];
	expect(s, 'the group set up by the first test').toBeTruthy();
	return s!;
}

async function fillNewGroup(page: Page, name: string, firstDate: string) {
	await page.getByLabel('Group name').fill(name);
	await page.getByLabel('First session').fill(firstDate);
	await page.getByLabel('Start time (London)').fill('18:30');
	await page.getByLabel('Venue').fill('Oak Room, Northfield Family Centre');
	await page.getByRole('radio', { name: /^Funded/ }).check();
	await page.getByLabel('Funder (for funded groups)').fill('Northfield Family Trust');
	await page.getByLabel('First facilitator').selectOption({ label: 'Priya Shah' });
	await page.getByLabel('Second facilitator').selectOption({ label: 'Tom Ellis' });
}

function row(page: Page, name: string): Locator {
	return page.locator('main .register > li').filter({ hasText: name });
}
function counter(page: Page): Locator {
	return page.locator('main .lead [aria-live]');
}
/** The id of the focused element. */
function focused(page: Page): Promise<string | undefined> {
	return page.evaluate(() => document.activeElement?.id);
}

test('a new group’s first date on 25 December warns and says where it would start', async ({
	page
}, testInfo) => {
	test.setTimeout(90_000);
	const stamp = `${testInfo.project.name} ${Date.now().toString(36)}`;
	await page.setViewportSize({ width: 360, height: 800 });
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, '/groups/new', 'Set up a new group');
	await fillNewGroup(page, `Christmas Day group (${stamp})`, CHRISTMAS);
	await page.getByRole('button', { name: 'Create group' }).click();

	// Nothing is created: the form says why, and what skipping bank holidays would do.
	await arrived(page, testInfo, '/groups/new', 'Set up a new group');
	const warning = page.locator('#first-date-warning');
	await expect(warning).toContainText(
		`${weekday(CHRISTMAS)} 25 December ${YEAR} is a bank holiday in England and Wales (Christmas Day).`
	);
	await expect(warning).toContainText(
		/With “Skip UK bank holidays” ticked, the first session will be on \w+ \d+ January \d{4} instead\./
	);
	await page.screenshot({ path: testInfo.outputPath('new-group-warning-360.png'), fullPage: true });

	// Confirmed, the group is created past the bank holidays, as the warning said.
	const [, landing] =
		(await warning.textContent())?.match(/first session will be on (.+?) instead/) ?? [];
	await warning.getByLabel('Yes, keep this date').check();
	await page.getByRole('button', { name: 'Create group' }).click();
	await arrived(page, testInfo, GROUP_PAGE, `Christmas Day group (${stamp})`);
	await expect(page.getByRole('status')).toContainText(
		'Sessions were moved past these bank holidays'
	);
	const sessionOne = page.locator('.sessions li').first();
	// The schedule writes "Fri 8 Jan 2027".
	const [, d, month] = landing?.match(/^\w+ (\d+) (\w+) \d{4}$/) ?? [];
	expect(month, landing).toBeTruthy();
	await expect(sessionOne).toContainText(`${d} ${month!.slice(0, 3)}`);
});

test('setup: a group starting on 23 December with three families', async ({ page }, testInfo) => {
	test.setTimeout(90_000);
	const stamp = `${testInfo.project.name} ${Date.now().toString(36)}`;
	const groupName = `Register and holidays (${stamp})`;
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, '/groups/new', 'Set up a new group');
	await fillNewGroup(page, groupName, FIRST);
	await page.getByRole('button', { name: 'Create group' }).click();
	await arrived(page, testInfo, GROUP_PAGE, groupName);
	const groupId = new URL(page.url()).pathname.split('/')[2] ?? '';

	const enrol = page.getByRole('region', { name: 'Enrol a family' });
	for (const [i, name] of FAMILIES.entries()) {
		await enrol
			.getByLabel('Email address')
			.fill(`holidays${i + 1}-${stamp.replace(' ', '-')}@example.org`);
		await enrol.getByLabel('Full name (only for a new family)').fill(name);
		await enrol.getByRole('button', { name: 'Enrol' }).click();
		await expect(page.getByRole('status')).toHaveText(`${name} now has a place in the group.`);
		await arrived(page, testInfo, GROUP_PAGE, groupName);
	}
	shared[testInfo.project.name] = { groupId, groupName };
});

test('the register on a tablet: a reason survives a reload, focus stays on the parent, the rest are marked present', async ({
	page
}, testInfo) => {
	test.setTimeout(90_000);
	const { groupId } = state(testInfo);
	const register = `/groups/${groupId}/sessions/1/register`;
	await page.setViewportSize({ width: 768, height: 1024 });
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, register, 'Register – session 1');
	await expect(counter(page)).toHaveText('0 of 3 marked');

	// Agnes sends apologies: focus stays on the button just pressed (the page returns to her row
	// without JavaScript), so the keyboard carries on from her.
	const agnes = row(page, FAMILIES[0]);
	const apologies = agnes.getByRole('button', { name: `Apologies – ${FAMILIES[0]}`, exact: true });
	const apologiesId = await apologies.getAttribute('id');
	await apologies.focus();
	await page.keyboard.press('Enter');
	await expect(agnes.locator('legend .now')).toHaveText('Apologies');
	await expect(counter(page)).toHaveText('1 of 3 marked');
	await arrived(page, testInfo, register, 'Register – session 1');
	await expect.poll(() => focused(page)).toBe(apologiesId);
	// Without JavaScript the redirect says which button to focus (autofocus).
	if (!hasJs(testInfo)) expect(new URL(page.url()).searchParams.get('focus')).toBe(apologiesId);
	// The next Tab goes on within her row, not back to the top of the page.
	await page.keyboard.press('Tab');
	await expect.poll(() => focused(page)).toBe(apologiesId!.replace(/-apologies$/, '-absent'));

	// The reason, typed after the tap, is saved without another tap.
	const reason = agnes.getByLabel('Reason for late, apologies or absent (optional)');
	await reason.fill(REASON);
	if (hasJs(testInfo)) {
		// Saved a moment after typing stops, announced politely; focus never leaves the field.
		await expect(agnes.locator('.save-state')).toHaveText('Saved');
		expect(await focused(page)).toBe(await reason.getAttribute('id'));
	} else {
		await agnes.getByRole('button', { name: `Save reason – ${FAMILIES[0]}` }).click();
		await arrived(page, testInfo, register, 'Register – session 1');
		await expect(agnes.locator('.save-state')).toHaveText('Saved');
		expect(await focused(page)).toBe(await reason.getAttribute('id'));
	}
	await page.reload();
	await arrived(page, testInfo, register, 'Register – session 1');
	await expect(reason).toHaveValue(REASON);
	await expect(agnes.locator('legend .now')).toHaveText('Apologies');
	await page.screenshot({ path: testInfo.outputPath('register-768.png'), fullPage: true });

	// Mark the rest: not without saying yes; then only the two not yet marked.
	const rest = page.locator('form.rest');
	await expect(rest).toContainText('Yes, mark the remaining 2 parents as present');
	await rest.getByRole('button', { name: 'Mark the rest present' }).click();
	await arrived(page, testInfo, register, 'Register – session 1');
	await expect(rest.getByRole('alert')).toHaveText('Tick the box to say yes, then mark them.');
	await expect(counter(page)).toHaveText('1 of 3 marked');
	await rest.getByLabel('Yes, mark the remaining 2 parents as present').check();
	await rest.getByRole('button', { name: 'Mark the rest present' }).click();
	await arrived(page, testInfo, register, 'Register – session 1');
	await expect(page.locator('#rest-done')).toHaveText(
		'2 parents marked as present. Marks already made were kept.'
	);
	await expect.poll(() => focused(page)).toBe('rest-done');
	await expect(counter(page)).toHaveText('3 of 3 marked');
	await expect(page.locator('form.rest')).toHaveCount(0);
	for (const name of FAMILIES.slice(1)) {
		await expect(row(page, name).locator('legend .now')).toHaveText('Present');
		// A present parent keeps no reason, so their row offers no box to type one in.
		await expect(row(page, name).getByRole('textbox')).toHaveCount(0);
	}
	await expect(agnes.locator('legend .now')).toHaveText('Apologies');
	await expect(reason).toHaveValue(REASON);
});

test('a reason typed before any mark is not lost: the form says to choose a mark first', async ({
	page
}, testInfo) => {
	const { groupId } = state(testInfo);
	const register = `/groups/${groupId}/sessions/2/register`;
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, register, 'Register – session 2');
	const cora = row(page, FAMILIES[2]);
	const reason = cora.getByLabel('Reason for late, apologies or absent (optional)');
	await reason.fill('Car broke down');
	if (hasJs(testInfo)) {
		await expect(cora.locator('.save-state')).toHaveText(
			'Not saved yet: choose late, apologies or absent, and the reason is saved with it.'
		);
	} else {
		await cora.getByRole('button', { name: `Save reason – ${FAMILIES[2]}` }).click();
		await arrived(page, testInfo, register, 'Register – session 2');
		await expect(cora.getByRole('alert')).toHaveText(
			'Choose late, apologies or absent first; the reason is saved with it.'
		);
		await expect(reason).toHaveValue('Car broke down');
	}
	// Tapping Late then keeps the reason typed.
	await cora.getByRole('button', { name: `Late – ${FAMILIES[2]}`, exact: true }).click();
	await expect(cora.locator('legend .now')).toHaveText('Late');
	await arrived(page, testInfo, register, 'Register – session 2');
	await page.reload();
	await waitForHydration(page, testInfo);
	await expect(reason).toHaveValue('Car broke down');
	await expectAccessible(page);
});

test('moving a session to 25 December warns with the holiday’s name and moves only once confirmed', async ({
	page
}, testInfo) => {
	test.setTimeout(60_000);
	const { groupId, groupName } = state(testInfo);
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, `/groups/${groupId}`, groupName);
	const details = page.locator('details', { hasText: 'Move or cancel session 1' });
	await details.locator('summary').click();
	await details.getByLabel('New date').fill(CHRISTMAS);
	await details.getByRole('button', { name: 'Move session' }).click();

	await arrived(page, testInfo, GROUP_PAGE, groupName);
	const warning = details.getByRole('alert');
	await expect(warning).toContainText(
		`${weekday(CHRISTMAS)} 25 December ${YEAR} is a bank holiday in England and Wales (Christmas Day).`
	);
	if (weekday(CHRISTMAS) !== weekday(FIRST)) {
		await expect(warning).toContainText(
			`The group usually meets on ${weekday(FIRST)}s; this date is a ${weekday(CHRISTMAS)}.`
		);
	}
	await expect(page.getByText('The session has been moved.')).toHaveCount(0);
	// Still where it was: no holiday tag on session 1.
	const one = page.locator('.sessions > li').first();
	await expect(one.locator('.tag.warn')).toHaveCount(0);
	await page.screenshot({ path: testInfo.outputPath('move-warning.png'), fullPage: true });

	await warning.getByLabel('Yes, keep this date').check();
	await details.getByRole('button', { name: 'Move session' }).click();
	await expect(
		page.getByText('The session has been moved. Its families and facilitators have been emailed.')
	).toBeVisible();
	await arrived(page, testInfo, GROUP_PAGE, groupName);
	await expect(one.locator('.tag.warn')).toHaveText('Bank holiday: Christmas Day');
	await expect(one).toContainText('25 Dec');
});
