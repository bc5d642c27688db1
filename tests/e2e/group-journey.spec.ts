import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import {
	arrived,
	createGroup,
	expectAccessible,
	HOMES,
	mailTo,
	signIn,
	signOut,
	visit,
	waitForHydration
} from './helpers';

/**
 * The whole life of a group before it starts, with JavaScript on and off, axe on every page:
 * the lead sets up a funded group with two facilitators; a facilitator enrols 12 new families and
 * the 13th is waitlisted; one family leaves before the start, so the place is offered to the
 * first on the waitlist, who joins through the emailed invitation and accepts the offer.
 *
 * Both projects share one database, so each creates its own group and families (names and
 * emails carry the project and a timestamp).
 */

const GROUP_PAGE = /\/groups\/[0-9a-f-]{36}(\?.*)?$/;
const NEW_PASSWORD = 'a quiet sunday morning';
const SUBJECT = {
	waitlist: (group: string) =>
		`You are on the waiting list for ${group} at Riverside Family Clinic`,
	offer: 'A place has come up in your Reflective Parenting group'
};

/** First names and surnames that never contain one another, so a name picks one row. */
const FAMILIES = [
	'Alice Abbott',
	'Beatrice Barker',
	'Cynthia Carver',
	'Dorothy Dunmore',
	'Eileen Eastwood',
	'Frances Fairley',
	'Gillian Gresham',
	'Harriet Holloway',
	'Imogen Ingram',
	'Josephine Jarvis',
	'Katherine Kenwood',
	'Lorraine Lockhart',
	'Wendy Waites'
];

/** A date some weeks ahead, as a date input takes it (yyyy-mm-dd). */
function weeksAhead(weeks: number): string {
	return new Date(Date.now() + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** Today in London, as a date input takes it. */
function londonToday(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
}

/**
 * Opens the message to `to` with `subject` in the /dev/mail outbox (checked with axe) and
 * returns every link it lists.
 */
async function openMail(
	page: Page,
	testInfo: TestInfo,
	to: string,
	subject: string
): Promise<string[]> {
	await visit(page, testInfo, '/dev/mail', 'Mail outbox');
	const item = page.getByRole('listitem').filter({ hasText: `To ${to} ·` });
	await item.getByRole('link', { name: subject, exact: true }).first().click();
	await expect(page).toHaveURL(/\/dev\/mail\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);
	await expect(page.getByText(`To ${to} ·`)).toBeVisible();
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
	return page.locator('.card a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
}

function places(page: Page): Locator {
	return page.getByRole('region', { name: /^Places: / });
}

function waitlist(page: Page): Locator {
	return page.getByRole('region', { name: /^Waitlist/ });
}

test('a funded group fills, waitlists the 13th family and offers them a freed place', async ({
	page
}, testInfo) => {
	test.setTimeout(180_000);
	const stamp = `${testInfo.project.name} ${Date.now().toString(36)}`;
	const groupName = `Journey group (${stamp})`;
	const family = (i: number) => ({
		name: FAMILIES[i] ?? '',
		email: `journey${i + 1}-${stamp.replace(' ', '-')}@example.org`
	});
	const families = FAMILIES.map((_, i) => family(i));
	const leaver = family(2);
	const waiting = family(12);
	let groupPath = '';

	await test.step('the lead sets up a funded group with two facilitators', async () => {
		await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
		await visit(page, testInfo, '/groups/new', 'Set up a new group');
		await page.getByLabel('Group name').fill(groupName);
		await page.getByLabel('First session').fill(weeksAhead(3));
		await page.getByLabel('Start time (London)').fill('18:30');
		await page.getByLabel('Venue').fill('Willow Room, Northfield Family Centre');
		await page.getByLabel('Places').fill('12');
		await page.getByRole('radio', { name: /^Funded/ }).check();
		await page.getByLabel('Funder (for funded groups)').fill('Northfield Family Trust');
		await page.getByLabel('First facilitator').selectOption({ label: 'Priya Shah' });
		await page.getByLabel('Second facilitator').selectOption({ label: 'Tom Ellis' });
		await createGroup(page);
		await arrived(page, testInfo, /\/groups\/[0-9a-f-]{36}\?created=1/, groupName);
		groupPath = new URL(page.url()).pathname;

		await expect(page.getByRole('status')).toContainText('open for enrolment');
		await expect(page.locator('main .lead .tag')).toHaveText('Open for enrolment');
		const about = page.getByRole('region', { name: 'About this group' });
		await expect(about).toContainText('Priya Shah and Tom Ellis');
		await expect(about).toContainText('Funded by Northfield Family Trust');
		await expect(about).toContainText('Willow Room, Northfield Family Centre');
		const schedule = page.getByRole('region', { name: 'Schedule' });
		await expect(schedule.getByRole('link', { name: /^Session \d$/ })).toHaveText(
			Array.from({ length: 8 }, (_, i) => `Session ${i + 1}`)
		);
		await expect(places(page).getByRole('heading')).toHaveText('Places: 0 of 12 filled');
		await signOut(page, testInfo);
	});

	await test.step('facilitator 1 enrols 12 new families; the 13th is waitlisted', async () => {
		await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		await page.locator('main h2 a', { hasText: groupName }).click();
		await arrived(page, testInfo, GROUP_PAGE, groupName);
		expect(new URL(page.url()).pathname).toBe(groupPath);

		const enrol = page.getByRole('region', { name: 'Enrol a family' });
		for (const [i, family] of families.entries()) {
			await enrol.getByLabel('Email address').fill(family.email);
			await enrol.getByLabel('Full name (only for a new family)').fill(family.name);
			await enrol.getByRole('button', { name: 'Enrol' }).click();
			await expect(page.getByRole('status')).toHaveText(
				i < 12
					? `${family.name} now has a place in the group.`
					: `The group is full, so ${family.name} is number 1 on the waitlist.`
			);
			await expect(places(page).getByRole('heading')).toHaveText(
				`Places: ${Math.min(i + 1, 12)} of 12 filled`
			);
			await arrived(page, testInfo, GROUP_PAGE, groupName);
		}
		await expect(places(page).getByRole('listitem').filter({ hasText: 'Empty place' })).toHaveCount(
			0
		);
		await expect(waitlist(page).getByRole('heading')).toHaveText('Waitlist (1)');
		await expect(waitlist(page).getByRole('listitem')).toHaveCount(1);
		await expect(waitlist(page).getByRole('listitem')).toContainText(waiting.name);
	});

	await test.step('a family leaves before the start; the place is offered to the waitlist', async () => {
		const row = places(page).getByRole('listitem').filter({ hasText: leaver.email });
		await row.locator('summary', { hasText: 'Record that they have left' }).click();
		await row.getByLabel('Reason').fill('Moved out of the area');
		await row.getByLabel('Date').fill(londonToday());
		await row.getByRole('button', { name: 'Confirm' }).click();
		await expect(page.getByRole('status')).toHaveText(
			'Recorded. If a family was waiting, they have been offered the place.'
		);
		await arrived(page, testInfo, GROUP_PAGE, groupName);

		const offered = places(page).getByRole('listitem').filter({ hasText: waiting.email });
		await expect(offered).toContainText(/Offered – reply by /);
		await expect(places(page).getByRole('heading')).toHaveText('Places: 12 of 12 filled');
		await expect(waitlist(page).getByRole('heading')).toHaveText('Waitlist (0)');
		await expect(page.getByRole('region', { name: 'No longer in the group' })).toContainText(
			`${leaver.name} – Left`
		);
		await expect(page.getByRole('region', { name: 'No longer in the group' })).toContainText(
			'Moved out of the area'
		);
		await signOut(page, testInfo);
	});

	let welcomeLink = '';
	let offerLink = '';
	await test.step('the 13th family got an invitation naming the group, then an offer of a place', async () => {
		await visit(page, testInfo, '/dev/mail', 'Mail outbox');
		const mine = page.getByRole('listitem').filter({ hasText: `To ${waiting.email} ·` });
		await expect(mine).toHaveCount(2);
		await expect(mine.getByRole('link')).toHaveText([SUBJECT.offer, SUBJECT.waitlist(groupName)]);
		// The family who left was invited, and is not offered anything.
		await expect(mailTo(page, leaver.email)).toHaveCount(1);

		await openMail(page, testInfo, waiting.email, SUBJECT.waitlist(groupName));
		await expect(page.locator('.card')).toContainText('you are number 1');

		// They have not chosen a password yet, so the offer's link sets one first.
		const offer = await openMail(page, testInfo, waiting.email, SUBJECT.offer);
		await expect(page.locator('.card')).toContainText(groupName);
		welcomeLink =
			offer.find((href) => /^\/welcome\/[0-9a-f]{64}$/.test(new URL(href).pathname)) ?? '';
		expect(welcomeLink, `the offer's links: ${offer.join(', ')}`).toBeTruthy();
		offerLink = new URL(welcomeLink).searchParams.get('next') ?? '';
		expect(offerLink).toMatch(/^\/my\/offers\/[0-9a-f-]{36}$/);
	});

	await test.step('they follow the offer link, choose a password, and accept the place', async () => {
		await page.goto(welcomeLink);
		await arrived(page, testInfo, new URL(welcomeLink).pathname, 'Welcome');
		await page.getByLabel('Choose a password').fill(NEW_PASSWORD);
		await page.getByLabel('Type it again').fill(NEW_PASSWORD);
		await page.getByRole('button', { name: 'Set up my account' }).click();
		await arrived(page, testInfo, offerLink, `A place in ${groupName}`);
		await expect(page.getByRole('banner')).toContainText(waiting.email);
		await expect(page.locator('main .card ol > li')).toHaveCount(8);
		await page.getByRole('button', { name: 'Accept the place' }).click();
		await arrived(page, testInfo, '/my', 'Hello, Wendy');
		await expect(page.getByRole('status')).toContainText('Your place is confirmed');
		await expect(page.getByRole('heading', { name: 'Your next session' })).toBeVisible();
		await expect(page.getByRole('heading', { name: groupName })).toBeVisible();
		await expect(page.getByText('Session 1 of 8')).toBeVisible();
		await expect(page.getByText(`A place has come up in ${groupName}.`)).toHaveCount(0);

		// The link now says the place is theirs.
		await page.goto(offerLink);
		await arrived(page, testInfo, offerLink, `A place in ${groupName}`);
		await expect(page.getByText('You have a place in this group.')).toBeVisible();
		await expect(page.getByRole('button', { name: 'Accept the place' })).toHaveCount(0);
		await signOut(page, testInfo);
	});

	await test.step('the facilitator sees the family in the group, the waitlist empty', async () => {
		await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		await visit(page, testInfo, groupPath, groupName);
		await expect(places(page).getByRole('heading')).toHaveText('Places: 12 of 12 filled');
		const row = places(page).getByRole('listitem').filter({ hasText: waiting.email });
		await expect(row).toContainText(waiting.name);
		await expect(row).not.toContainText('Offered');
		await expect(places(page).getByText(/Offered – reply by/)).toHaveCount(0);
		await expect(places(page).getByRole('listitem').filter({ hasText: leaver.email })).toHaveCount(
			0
		);
		await expect(waitlist(page).getByRole('heading')).toHaveText('Waitlist (0)');
		await expect(waitlist(page)).toContainText('Nobody is waiting.');
	});
});
