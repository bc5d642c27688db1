import { readFileSync } from 'node:fs';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
	arrived,
	createGroup,
	expectAccessible,
	HOMES,
	navigate,
	signIn,
	uniqueEmail,
	visit
} from './helpers';

/**
 * Safer enrolment and invitations, and figures that say what they count (issue 13, points 4 and
 * 5), with JavaScript on and off: a family placed in an overlapping group is enrolled only after
 * "Yes, enrol anyway"; a full group says "Full — waitlist open" wherever staff see it; an
 * invitation needs a role chosen; the funder report's CSV is for the dates in the fields.
 * Each run makes its own groups and families, so the shared demo data is left as it was.
 */

/** A date some days from today, as a date input takes it (yyyy-mm-dd), in London. */
function daysFromToday(days: number): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(
		new Date(Date.now() + days * 86_400_000)
	);
}

/** The lead sets up an open funded group of 8 weekly sessions and returns its path. */
async function newGroup(
	page: Page,
	testInfo: TestInfo,
	name: string,
	firstSession: string,
	places: number
): Promise<string> {
	await visit(page, testInfo, '/groups/new', 'Set up a new group');
	await page.getByLabel('Group name').fill(name);
	await page.getByLabel('First session').fill(firstSession);
	await page.getByLabel('Start time (London)').fill('10:00');
	await page.getByLabel('Venue').fill('Oak Room, Northfield Family Centre');
	await page.getByLabel('Places').fill(String(places));
	await page.getByRole('radio', { name: /^Funded/ }).check();
	await page.getByLabel('Funder (for funded groups)').fill('Northfield Family Trust');
	await page.getByLabel('First facilitator').selectOption({ label: 'Priya Shah' });
	await page.getByLabel('Second facilitator').selectOption({ label: 'Tom Ellis' });
	await createGroup(page);
	await arrived(page, testInfo, /\/groups\/[0-9a-f-]{36}\?created=1/, name);
	return new URL(page.url()).pathname;
}

/** The group page's enrol form: fills it in and submits it. */
async function enrol(page: Page, email: string, fullName = '') {
	const form = page.getByRole('region', { name: 'Enrol a family' });
	await form.getByLabel('Email address').fill(email);
	if (fullName) await form.getByLabel('Full name (only for a new family)').fill(fullName);
	await form.getByRole('button', { name: 'Enrol' }).click();
}

test('a family placed in an overlapping group is enrolled only after "Yes, enrol anyway", and a full group says so', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	const stamp = `${testInfo.project.name} ${Date.now().toString(36)}`;
	const first = `Overlap first (${stamp})`;
	const second = `Overlap second (${stamp})`;
	const family = {
		name: `Olive Overlap ${testInfo.project.name}`,
		email: uniqueEmail('overlap', testInfo)
	};
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);

	// The first group has one place; the family takes it, so the group is full.
	const firstPath = await newGroup(page, testInfo, first, daysFromToday(14), 1);
	await enrol(page, family.email, family.name);
	await expect(page.getByRole('status')).toHaveText(`${family.name} now has a place in the group.`);
	await arrived(page, testInfo, firstPath, first);
	await expect(page.locator('main .lead .tag')).toHaveText('Full — waitlist open');

	// Its sessions run for 7 weeks, so a group starting 3 weeks later overlaps it.
	const secondPath = await newGroup(page, testInfo, second, daysFromToday(35), 12);
	await enrol(page, family.email);
	const enrolForm = page.getByRole('region', { name: 'Enrol a family' });
	const warning = enrolForm.getByText('Check before enrolling:');
	await expect(warning).toBeVisible();
	const text = (await enrolForm.locator('#overlap-warning').textContent()) ?? '';
	expect(text).toContain(`${family.name} already has a place in “${first}” (`);
	expect(text).toMatch(/\(\d{1,2} [A-Z][a-z]{2} \d{4} to \d{1,2} [A-Z][a-z]{2} \d{4}\)/);
	await arrived(page, testInfo, secondPath, second);
	// Nothing changed: no place was given, and the email is still in the form.
	await expect(page.getByRole('region', { name: /^Places: / }).getByRole('heading')).toHaveText(
		'Places: 0 of 12 filled'
	);
	await expect(enrolForm.getByLabel('Email address')).toHaveValue(family.email);

	const confirm = enrolForm.getByRole('checkbox', { name: 'Yes, enrol anyway' });
	await expect(confirm).not.toBeChecked();
	await confirm.check();
	await enrolForm.getByRole('button', { name: 'Enrol' }).click();
	await expect(page.getByRole('status')).toHaveText(`${family.name} now has a place in the group.`);
	await arrived(page, testInfo, secondPath, second);
	await expect(page.getByRole('region', { name: /^Places: / }).getByRole('heading')).toHaveText(
		'Places: 1 of 12 filled'
	);
	await expect(page.locator('main .lead .tag')).toHaveText('Open for enrolment');

	// The full group says so on the groups list and on the lead's dashboard too.
	await visit(page, testInfo, '/groups', /groups/i);
	const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: first }) });
	await expect(card.locator('.tag')).toHaveText('Full — waitlist open');
	await visit(page, testInfo, '/review', HOMES.lead.heading);
	const row = page
		.getByRole('region', { name: /^Every group \(\d+\)$/ })
		.getByRole('row')
		.filter({ has: page.getByRole('link', { name: first }) });
	await expect(row.getByRole('cell').first()).toHaveText('Full — waitlist open');
});

test('an invitation on /review/people needs a role chosen, and says what each role can see', async ({
	page
}, testInfo) => {
	const email = uniqueEmail('no-role', testInfo);
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'People', '/review/people', 'People');
	const form = page.getByRole('region', { name: 'Invite someone' });
	const facilitator = form.getByRole('radio', { name: /^Facilitator/ });
	const parent = form.getByRole('radio', { name: /^Parent/ });
	await expect(facilitator).not.toBeChecked();
	await expect(parent).not.toBeChecked();
	await expect(form).toContainText('Can see the families in the groups they run');
	await expect(form).toContainText(
		'Sees only their own groups and sessions, never other families.'
	);

	await form.getByLabel('Full name').fill('Nora Norole');
	await form.getByLabel('Email address').fill(email);
	await form.getByRole('button', { name: 'Send invitation' }).click();
	await expect(form.getByRole('alert')).toHaveText('Please check the field marked below.');
	// Beside the choice, and read out with it.
	await expect(form.getByRole('group', { name: 'They will be a' })).toHaveAccessibleDescription(
		'Choose whether they will be a facilitator or a parent.'
	);
	await arrived(page, testInfo, '/review/people', 'People');
	await expect(facilitator).not.toBeChecked();
	await expect(parent).not.toBeChecked();
	await expect(form.getByLabel('Email address')).toHaveValue(email);
	// Nothing was sent.
	const invitations = page.getByRole('region', { name: 'Invitations you can see' });
	await expect(invitations.getByRole('row').filter({ hasText: email })).toHaveCount(0);
	await expect(page.getByRole('status')).toHaveCount(0);
});

test('the dashboard says what its families-by-quarter figures count', async ({
	page
}, testInfo) => {
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	const section = page.getByRole('region', { name: 'Families placed and started, by quarter' });
	await expect(section).toContainText('Placed: families holding a place in the group');
	await expect(section).toContainText('a group that has not begun yet counts 0 started');
	await expect(section.getByRole('columnheader')).toHaveText([
		'Quarter',
		'Funded groups',
		'Funded: placed',
		'Funded: started',
		'Self-funded groups',
		'Self-funded: placed',
		'Self-funded: started'
	]);
	// The demo's Tuesday mornings (6 placed) starts this quarter after Thursday evenings (6 started).
	const quarters = await section
		.locator('tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c.textContent ?? '').trim()))
		);
	expect(quarters.length).toBeGreaterThan(0);
	const placedOverStarted = quarters.some((q) => Number(q[2]) > Number(q[3]));
	expect(placedOverStarted, JSON.stringify(quarters)).toBe(true);
});

test('Download CSV carries the dates typed in the fields, without pressing Show', async ({
	page
}, testInfo) => {
	// From 90 days ago to yesterday: Thursday evenings (begun) is in it; Tuesday mornings (which
	// the default, this quarter, would list as planned) is not.
	const from = daysFromToday(-90);
	const to = daysFromToday(-1);
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'Funder report', '/review/report', 'Funder report');
	const shownFrom = await page.getByLabel('From', { exact: true }).inputValue();
	expect(shownFrom).not.toBe(from);
	await page.getByLabel('From', { exact: true }).fill(from);
	await page.getByLabel('To', { exact: true }).fill(to);

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download CSV' }).click()
	]);
	expect(download.suggestedFilename()).toBe(`funder-report-${from}-to-${to}.csv`);
	expect(new URL(download.url()).searchParams.get('from_date')).toBe(from);
	expect(new URL(download.url()).searchParams.get('to_date')).toBe(to);
	const csv = readFileSync(await download.path(), 'utf8');
	expect(csv).toContain('"Funded","Thursday evenings"');
	expect(csv).not.toContain('Tuesday mornings');
	// Downloading is not navigating: the report is still on screen with the dates as typed.
	await expect(page.getByLabel('From', { exact: true })).toHaveValue(from);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Funder report');
});

test('Download CSV with an end before the start goes back to the form with the reason', async ({
	page
}, testInfo) => {
	const from = daysFromToday(30);
	const to = daysFromToday(-30);
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'Funder report', '/review/report', 'Funder report');
	await page.getByLabel('From', { exact: true }).fill(from);
	await page.getByLabel('To', { exact: true }).fill(to);
	await page.getByRole('button', { name: 'Download CSV' }).click();
	await expect(page).toHaveURL(new RegExp(`/review/report\\?from_date=${from}&to_date=${to}`));
	await arrived(page, testInfo, '/review/report', 'Funder report');
	await expect(page.getByRole('alert')).toHaveText(
		'No report: Choose a start date on or before the end date.'
	);
	await expect(page.getByLabel('From', { exact: true })).toHaveValue(from);
	await expectAccessible(page);
});
