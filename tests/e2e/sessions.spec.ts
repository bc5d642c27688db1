import { expect, test, type Locator, type Page, type TestInfo } from '@playwright/test';
import {
	arrived,
	createGroup,
	expectAccessible,
	HOMES,
	navigate,
	recordTrainingElsewhere,
	signIn,
	signOut,
	visit,
	waitForHydration
} from './helpers';

/**
 * Running session 1 of a full group, with JavaScript on and off, axe on every page: a facilitator
 * takes the register for 12 parents on a tablet (tapping again replaces a mark), writes the
 * notes and raises a safeguarding concern; the clinical lead sees it and is emailed without its
 * details. Someone who facilitates other groups, and a parent, cannot open the register.
 *
 * Self-contained: both projects share one database, so each sets up its own group (run by
 * facilitator 1 and a facilitator invited here, so that facilitator 2 runs other groups but not
 * this one) and enrols 12 new families.
 */

test.describe.configure({ mode: 'serial' });

const GROUP_PAGE = /\/groups\/[0-9a-f-]{36}(\?.*)?$/;
const FAMILIES = [
	'Ada Ashworth',
	'Bernadette Barlow',
	'Clara Coleridge',
	'Delia Dutton',
	'Edna Everett',
	'Florence Fenwick',
	'Georgina Gilroy',
	'Hilda Hartley',
	'Ivy Ingleby',
	'June Jessop',
	'Kathleen Kershaw',
	'Lilian Lowther'
] as const;

type Status = 'Present' | 'Late' | 'Apologies' | 'Absent';
/** What each family is marked, in order; one apology carries a reason. */
const MARKS: { status: Status; reason?: string }[] = [
	{ status: 'Present' },
	{ status: 'Present' },
	{ status: 'Late' },
	{ status: 'Present' },
	{ status: 'Apologies', reason: 'Hospital appointment' },
	{ status: 'Present' },
	{ status: 'Absent' },
	{ status: 'Present' },
	{ status: 'Late' },
	{ status: 'Apologies' },
	{ status: 'Present' },
	{ status: 'Absent' }
];
/** The family whose mark is changed afterwards, from Absent to Present. */
const CHANGED = 11;

/** What the tests pass along, per project (the projects may share a worker). */
const shared: Record<
	string,
	{ groupId: string; groupName: string; description: string; concernPath?: string }
> = {};

function state(testInfo: TestInfo) {
	const s = shared[testInfo.project.name];
	expect(s, 'the group set up by the first test').toBeTruthy();
	return s as (typeof shared)[string];
}

/** A date some weeks ahead, as a date input takes it (yyyy-mm-dd). */
function weeksAhead(weeks: number): string {
	return new Date(Date.now() + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** One parent's card on the register. */
function card(page: Page, name: string): Locator {
	return page.locator('main .register > li').filter({ hasText: name });
}

function counter(page: Page): Locator {
	return page.locator('main .lead [aria-live]');
}

test('setup: the lead sets up a group; facilitator 1 fills its 12 places', async ({
	page
}, testInfo) => {
	test.setTimeout(120_000);
	const stamp = `${testInfo.project.name} ${Date.now().toString(36)}`;
	const groupName = `Register group (${stamp})`;
	const cofacilitator = `Morgan Cole ${testInfo.project.name}`;

	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'People', '/review/people', 'People');
	const invite = page.getByRole('region', { name: 'Invite someone' });
	await invite.getByLabel('Full name').fill(cofacilitator);
	await invite
		.getByLabel('Email address')
		.fill(`cofacilitator-${stamp.replace(' ', '-')}@example.org`);
	await invite.getByRole('radio', { name: 'Facilitator' }).check();
	await invite.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByRole('status')).toContainText(`Invitation sent to ${cofacilitator}`);
	await arrived(page, testInfo, '/review/people', 'People');
	await recordTrainingElsewhere(page, testInfo, cofacilitator);

	await visit(page, testInfo, '/groups/new', 'Set up a new group');
	await page.getByLabel('Group name').fill(groupName);
	await page.getByLabel('First session').fill(weeksAhead(2));
	await page.getByLabel('Start time (London)').fill('10:00');
	await page.getByLabel('Venue').fill('Oak Room, Northfield Family Centre');
	await page.getByRole('radio', { name: /^Funded/ }).check();
	await page.getByLabel('Funder (for funded groups)').fill('Northfield Family Trust');
	await page.getByLabel('First facilitator').selectOption({ label: 'Priya Shah' });
	await page.getByLabel('Second facilitator').selectOption({ label: cofacilitator });
	await createGroup(page);
	await arrived(page, testInfo, /\/groups\/[0-9a-f-]{36}\?created=1/, groupName);
	const groupId = new URL(page.url()).pathname.split('/')[2] ?? '';
	await signOut(page, testInfo);

	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await page.locator('main h2 a', { hasText: groupName }).click();
	await arrived(page, testInfo, `/groups/${groupId}`, groupName);
	const enrol = page.getByRole('region', { name: 'Enrol a family' });
	for (const [i, name] of FAMILIES.entries()) {
		await enrol
			.getByLabel('Email address')
			.fill(`register${i + 1}-${stamp.replace(' ', '-')}@example.org`);
		await enrol.getByLabel('Full name (only for a new family)').fill(name);
		await enrol.getByRole('button', { name: 'Enrol' }).click();
		await expect(page.getByRole('status')).toHaveText(`${name} now has a place in the group.`);
		await arrived(page, testInfo, GROUP_PAGE, groupName);
	}
	await expect(page.getByRole('heading', { name: 'Places: 12 of 12 filled' })).toBeVisible();

	shared[testInfo.project.name] = {
		groupId,
		groupName,
		description: `Ada mentioned that the children's father turned up at school unannounced (${stamp}).`
	};
});

test('the register on a tablet: 12 parents marked, tapping again replaces the mark', async ({
	page
}, testInfo) => {
	test.setTimeout(90_000);
	const { groupId, groupName } = state(testInfo);
	const register = `/groups/${groupId}/sessions/1/register`;
	await page.setViewportSize({ width: 1024, height: 768 });

	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await visit(page, testInfo, `/groups/${groupId}/sessions/1`, /^Session 1/);
	await page.getByRole('link', { name: 'Take the register' }).click();
	await arrived(page, testInfo, register, 'Register – session 1');
	await expect(page.locator('main .lead')).toContainText(groupName);
	await expect(counter(page)).toHaveText('0 of 12 marked');
	await expect(page.locator('main .register > li')).toHaveCount(12);

	for (const [i, name] of FAMILIES.entries()) {
		const { status, reason } = MARKS[i] ?? { status: 'Present' };
		const parent = card(page, name);
		await expect(parent.locator('legend .now')).toHaveText('Not marked yet');
		if (reason) {
			await parent.getByLabel('Reason for late, apologies or absent (optional)').fill(reason);
		}
		await parent.getByRole('button', { name: `${status} – ${name}`, exact: true }).click();
		await expect(card(page, name).locator('legend .now')).toHaveText(status);
		await expect(counter(page)).toHaveText(`${i + 1} of 12 marked`);
		await arrived(page, testInfo, register, 'Register – session 1');
		await expect(
			card(page, name).getByRole('button', { name: `${status} – ${name}`, exact: true })
		).toHaveAttribute('aria-pressed', 'true');
	}

	// A second tap for the same parent replaces the mark: still 12 marks, one per parent.
	const changed = FAMILIES[CHANGED];
	await card(page, changed)
		.getByRole('button', { name: `Present – ${changed}`, exact: true })
		.click();
	await expect(card(page, changed).locator('legend .now')).toHaveText('Present');
	await expect(counter(page)).toHaveText('12 of 12 marked');
	await arrived(page, testInfo, register, 'Register – session 1');
	await expect(
		card(page, changed).getByRole('button', { name: `Present – ${changed}`, exact: true })
	).toHaveAttribute('aria-pressed', 'true');
	await expect(
		card(page, changed).getByRole('button', { name: `Absent – ${changed}`, exact: true })
	).toHaveAttribute('aria-pressed', 'false');
	await expect(card(page, changed).locator('[aria-pressed="true"]')).toHaveCount(1);

	// Opened afresh, the register shows the same marks and the reason that was given.
	await visit(page, testInfo, register, 'Register – session 1');
	await expect(counter(page)).toHaveText('12 of 12 marked');
	await expect(page.locator('main [aria-pressed="true"]')).toHaveCount(12);
	for (const [i, name] of FAMILIES.entries()) {
		const status = i === CHANGED ? 'Present' : (MARKS[i]?.status ?? '');
		await expect(card(page, name).locator('legend .now')).toHaveText(status);
	}
	await expect(
		card(page, FAMILIES[4]).getByLabel('Reason for late, apologies or absent (optional)')
	).toHaveValue('Hospital appointment');

	// The session page counts one mark per parent.
	await page.getByRole('link', { name: 'Back to session 1' }).click();
	await arrived(page, testInfo, `/groups/${groupId}/sessions/1`, /^Session 1/);
	const counts = page.getByRole('region', { name: 'Register', exact: true });
	await expect(counts).toContainText('Present: 7');
	await expect(counts).toContainText('Late: 2');
	await expect(counts).toContainText('Apologies: 2');
	await expect(counts).toContainText('Absent: 1');
	await expect(counts).toContainText('Not marked: 0');
});

test('after the session: notes are kept, and a concern is recorded', async ({ page }, testInfo) => {
	const { groupId, description } = state(testInfo);
	const session = `/groups/${groupId}/sessions/1`;
	const notes = {
		'What was covered': 'Welcome, group agreement and the parent map.',
		'How the group went': 'Everyone spoke in the first round; two carers stayed behind.',
		'Your reflection': 'Leave more time for the parent map next week.'
	};

	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await visit(page, testInfo, session, /^Session 1/);
	for (const [label, text] of Object.entries(notes)) await page.getByLabel(label).fill(text);
	await page.getByRole('button', { name: 'Save notes' }).click();
	await expect(page.getByRole('status')).toHaveText('Notes saved.');
	await arrived(page, testInfo, session, /^Session 1/);

	// Opened again (a new GET: without JavaScript a reload would post the form again).
	await visit(page, testInfo, session, /^Session 1/);
	for (const [label, text] of Object.entries(notes)) {
		await expect(page.getByLabel(label)).toHaveValue(text);
	}
	await expect(page.getByText(/^Last saved /)).toBeVisible();

	const concern = page.getByRole('region', { name: 'Raise a concern' });
	await concern.getByLabel('About').selectOption({ label: FAMILIES[0] });
	await concern.getByRole('radio', { name: 'Safeguarding' }).check();
	await concern.getByRole('radio', { name: /^High/ }).check();
	await concern.getByLabel('What happened, and what worries you').fill(description);
	await concern.getByRole('button', { name: 'Raise concern' }).click();
	await expect(page.getByRole('status')).toHaveText(
		'Concern recorded. The clinical lead has been told by email.'
	);
	await arrived(page, testInfo, session, /^Session 1/);
	const raised = concern.getByRole('listitem').filter({ hasText: description });
	await expect(raised).toHaveCount(1);
	await expect(raised).toContainText('high · safeguarding');
	await expect(raised).toContainText(FAMILIES[0]);
	// The form is empty again, ready for another.
	await expect(concern.getByLabel('What happened, and what worries you')).toHaveValue('');
});

test('the lead sees the concern; the email about it has no details', async ({ page }, testInfo) => {
	const { groupId, groupName, description } = state(testInfo);

	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, '/review/concerns', 'Open concerns');
	const listed = page.locator('main .concerns > li').filter({ hasText: description });
	await expect(listed).toHaveCount(1);
	await expect(listed).toContainText('high urgency · safeguarding');
	await expect(listed).toContainText(`${FAMILIES[0]} in ${groupName}, session 1`);
	await expect(listed).toContainText('Raised by Priya Shah');

	await listed.getByRole('link', { name: groupName }).click();
	await arrived(page, testInfo, new RegExp(`/review/groups/${groupId}#concerns$`), groupName);
	const concerns = page.getByRole('region', { name: 'Concerns' });
	const article = concerns.locator('article').filter({ hasText: description });
	await expect(article).toHaveCount(1);
	await expect(article).toContainText('high urgency · safeguarding');
	await expect(article).toContainText(`${FAMILIES[0]}, session 1`);
	// The register grid has one mark per parent for session 1, the changed one as present.
	const grid = page
		.getByRole('table')
		.filter({ has: page.getByRole('columnheader', { name: 'Completion' }) });
	await expect(grid.getByRole('row')).toHaveCount(13);
	await expect(
		grid.getByRole('row').filter({ hasText: FAMILIES[CHANGED] }).getByRole('cell').first()
	).toHaveText('P');
	// Notes written for session 1.
	await expect(page.getByText(/Welcome, group agreement and the parent map\./)).toBeVisible();

	// The newest message to the lead is this one, and it says nothing about the family.
	await visit(page, testInfo, '/dev/mail', 'Mail outbox');
	const subject = 'Urgent: a safeguarding concern has been raised';
	const message = page
		.getByRole('listitem')
		.filter({ hasText: `To ${HOMES.lead.email} ·` })
		.first();
	await expect(message.getByRole('link')).toHaveText(subject);
	await message.getByRole('link').click();
	await expect(page).toHaveURL(/\/dev\/mail\/\d+$/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(subject);
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
	const body = page.locator('main .card');
	await expect(body).toContainText('high-urgency safeguarding concern');
	await expect(body).not.toContainText(description);
	await expect(body).not.toContainText(FAMILIES[0]);
	await expect(body).not.toContainText(groupName);

	// Its link lands on the concern itself, behind sign-in, where the lead can review it.
	const hrefs = await page
		.locator('.card a')
		.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
	const href = hrefs.find((h) => new URL(h).pathname.startsWith('/concerns/')) ?? '';
	expect(new URL(href).pathname).toMatch(/^\/concerns\/[0-9a-f-]{36}$/);
	await page.goto(href);
	await arrived(page, testInfo, new URL(href).pathname, 'A safeguarding concern');
	await expect(page.locator('main')).toContainText(description);
	await expect(page.getByRole('button', { name: 'Mark as reviewed' })).toBeVisible();
	state(testInfo).concernPath = new URL(href).pathname;
});

test('an urgent concern nobody has reviewed after 24 hours goes to the deputy, once', async ({
	page
}, testInfo) => {
	const { description, concernPath } = state(testInfo);
	expect(concernPath, 'the concern the previous test opened').toBeTruthy();
	// The demo's deputy for concerns (Settings) is facilitator 2, who does not run this group.
	const deputy = 'facilitator2@example.org';
	const subject = 'Urgent: a safeguarding concern has not been reviewed';
	const escalations = () =>
		page
			.getByRole('listitem')
			.filter({ hasText: `To ${deputy} ·` })
			.filter({ has: page.getByRole('link', { name: subject }) });

	/** The deputy's escalation emails whose link is this concern's. */
	async function mine(): Promise<string[]> {
		await page.goto('/dev/mail');
		const found: string[] = [];
		for (const href of await escalations()
			.getByRole('link')
			.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))) {
			await page.goto(href);
			const links = await page
				.locator('.card a')
				.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
			if (links.includes(concernPath!)) found.push(href);
		}
		return found;
	}

	// Not yet: it was raised minutes ago.
	expect(await mine()).toEqual([]);
	try {
		await visit(page, testInfo, '/dev/clock', 'Demo clock');
		await page.getByLabel('By').fill('25');
		await page.getByLabel('Unit').selectOption('hours');
		await page.getByRole('button', { name: 'Move the clock forward' }).click();
		await expect(page.getByRole('status')).toContainText('ahead of real time');
		await expect(async () => expect(await mine()).toHaveLength(1)).toPass({ timeout: 30_000 });
		// Scheduled work runs again (here at once, and every 15 seconds): not sent again.
		await visit(page, testInfo, '/dev/clock', 'Demo clock');
		await page.getByLabel('By').fill('1');
		await page.getByLabel('Unit').selectOption('minutes');
		await page.getByRole('button', { name: 'Move the clock forward' }).click();
		await expect(page.getByRole('status')).toContainText('The worker then ran');
		expect(await mine()).toHaveLength(1);
	} finally {
		await visit(page, testInfo, '/dev/clock', 'Demo clock');
		await page.getByRole('button', { name: 'Back to real time' }).click();
		await expect(page.getByRole('status')).toContainText('(real time)');
	}

	// The email has no details; its link lets the deputy read the concern and review it.
	const [message] = await mine();
	await page.goto(message!);
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
	const body = page.locator('main .card');
	await expect(body).toContainText('has not been reviewed in 24 hours');
	await expect(body).not.toContainText(description);
	await expect(body).not.toContainText(FAMILIES[0]);
	await signIn(page, testInfo, deputy, HOMES.facilitator);
	await visit(page, testInfo, concernPath!, 'A safeguarding concern');
	await expect(page.locator('main')).toContainText(description);
	await expect(page.getByRole('button', { name: 'Mark as reviewed' })).toBeVisible();
	await expectAccessible(page);
	await signOut(page, testInfo);
});

test('only the group’s staff may open its register', async ({ page }, testInfo) => {
	const { groupId } = state(testInfo);
	const register = `/groups/${groupId}/sessions/1/register`;

	// Facilitator 2 runs the demo groups, but not this one.
	await signIn(page, testInfo, 'facilitator2@example.org', HOMES.facilitator);
	await expect(page.getByRole('main')).toContainText('Tuesday mornings');
	await expect(page.locator('main h2 a', { hasText: 'Register group' })).toHaveCount(0);
	let response = await page.goto(register);
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(
		'You do not have access to this page'
	);
	await waitForHydration(page, testInfo);
	await expectAccessible(page);
	await page.goto('/groups');
	await signOut(page, testInfo);

	// A parent never reaches the facilitators' pages.
	await signIn(page, testInfo, HOMES.parent.email, HOMES.parent);
	response = await page.goto(register);
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		'You do not have access to this page'
	);
	await expectAccessible(page);
});
