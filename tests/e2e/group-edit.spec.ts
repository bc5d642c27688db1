import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { bankHoliday } from '../../src/lib/schedule/bank-holidays';
import {
	arrived,
	createGroup,
	HOMES,
	recordTrainingElsewhere,
	signIn,
	signOut,
	uniqueEmail,
	visit
} from './helpers';

/**
 * Changing a group (issue 13, point 1), with JavaScript on and off. The lead sets up a group of
 * their own (so the demo's groups are left as they are), enrols a new family, changes the venue
 * and swaps Tom Ellis for a newly invited facilitator; the family's emails appear in /dev/mail
 * and Tom can no longer open the group. A facilitator's edit page has only the venue and video
 * link (looked at on a demo group, changing nothing).
 */

const TUESDAY = '00000000-0000-4000-8000-000000001001';

/** A weekday about five months ahead that is no bank holiday, Christmas Eve or New Year's Eve. */
function quietDate(): string {
	const at = new Date(Date.now() + 150 * 86_400_000);
	for (;;) {
		const d = at.toISOString().slice(0, 10);
		if (!bankHoliday(d) && !/-12-(24|31)$/.test(d) && at.getUTCDay() % 6 !== 0) return d;
		at.setUTCDate(at.getUTCDate() + 1);
	}
}

/** Messages to `to` on /dev/mail whose text matches. */
function mailsTo(page: Page, to: string, text: string | RegExp) {
	return page
		.getByRole('listitem')
		.filter({ hasText: `To ${to} ·` })
		.filter({ hasText: text });
}

async function setUpGroup(page: Page, testInfo: TestInfo, name: string): Promise<string> {
	await visit(page, testInfo, '/groups/new', 'Set up a new group');
	await page.getByLabel('Group name').fill(name);
	await page.getByLabel('First session').fill(quietDate());
	await page.getByLabel('Start time (London)').fill('10:00');
	await page.getByLabel('Venue').fill('Room 2, Northfield Family Centre');
	await page.getByLabel('Places').fill('8');
	await page.getByRole('radio', { name: /^Funded/ }).check();
	await page.getByLabel('Funder (for funded groups)').fill('Northfield Family Trust');
	await page.getByLabel('First facilitator').selectOption({ label: 'Priya Shah' });
	await page.getByLabel('Second facilitator').selectOption({ label: 'Tom Ellis' });
	await createGroup(page);
	await arrived(page, testInfo, /\/groups\/[0-9a-f-]{36}\?created=1/, name);
	return new URL(page.url()).pathname.split('/')[2]!;
}

test('the lead changes the venue and swaps a facilitator; the family is emailed', async ({
	page
}, testInfo) => {
	// Many pages, each checked with axe.
	test.setTimeout(120_000);
	const tag = `${testInfo.project.name} ${Date.now().toString(36)}`;
	const name = `Edit test group (${tag})`;
	const family = { name: 'Alex Changed', email: uniqueEmail('edit-family', testInfo) };
	const cover = { name: `Sam Cover ${tag}`, email: uniqueEmail('edit-cover', testInfo) };

	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);

	// A facilitator to step in: invited, so their account exists before they set a password.
	await visit(page, testInfo, '/review/people', /People/);
	const invite = page.getByRole('region', { name: 'Invite someone' });
	await invite.getByLabel('Full name').fill(cover.name);
	await invite.getByLabel('Email address').fill(cover.email);
	await invite.getByRole('radio', { name: 'Facilitator' }).check();
	await invite.getByRole('button', { name: 'Send invitation' }).click();
	await expect(page.getByRole('status')).toContainText(`Invitation sent to ${cover.name}`);
	await recordTrainingElsewhere(page, testInfo, cover.name);

	const id = await setUpGroup(page, testInfo, name);
	const enrol = page.getByRole('region', { name: 'Enrol a family' });
	await enrol.getByLabel('Email address').fill(family.email);
	await enrol.getByLabel('Full name (only for a new family)').fill(family.name);
	await enrol.getByRole('button', { name: 'Enrol' }).click();
	await expect(page.getByRole('status')).toContainText(`${family.name} now has a place`);

	await page.getByRole('link', { name: 'Change the details or a facilitator' }).click();
	await arrived(page, testInfo, `/groups/${id}/edit`, `Change ${name}`);

	// A postcode that is not one is refused beside its field, keeping what was typed.
	const details = page.getByRole('form', { name: 'Details' });
	await details.getByLabel('Venue').fill('Elm Room, Riverside Centre');
	await details.getByLabel('Postcode').fill('XYZ');
	await details.getByRole('button', { name: 'Save changes' }).click();
	await expect(details.getByText('Enter the venue’s postcode, like NE1 4ST.')).toBeVisible();
	await arrived(page, testInfo, `/groups/${id}/edit`, `Change ${name}`);
	await expect(details.getByLabel('Venue')).toHaveValue('Elm Room, Riverside Centre');

	await details.getByLabel('Postcode').fill('ne1 4st');
	await details.getByRole('button', { name: 'Save changes' }).click();
	// The family and the two facilitators.
	await expect(page.getByRole('status')).toHaveText('Saved. 3 people have been emailed about it.');
	await arrived(page, testInfo, `/groups/${id}/edit`, `Change ${name}`);
	await expect(details.getByLabel('Postcode')).toHaveValue('NE1 4ST');

	const swap = page.getByRole('form', { name: 'Swap a facilitator' });
	await swap.getByRole('radio', { name: 'Tom Ellis' }).check();
	await swap.getByLabel('With').selectOption({ label: cover.name });
	await swap.getByRole('button', { name: 'Swap facilitator' }).click();
	// The family, Priya, the new facilitator and Tom.
	await expect(page.getByRole('status')).toHaveText(
		'The facilitator has been replaced. 4 people have been emailed about it.'
	);
	await arrived(page, testInfo, `/groups/${id}/edit`, `Change ${name}`);
	await expect(swap.getByRole('radio', { name: cover.name })).toBeVisible();
	await expect(swap.getByRole('radio', { name: 'Tom Ellis' })).toHaveCount(0);

	// The group page shows the new facilitator and the history.
	await visit(page, testInfo, `/groups/${id}`, name);
	await expect(page.getByRole('region', { name: 'About this group' })).toContainText(
		`Priya Shah and ${cover.name}`
	);
	const history = page.getByRole('region', { name: 'Changes since it was set up' });
	await expect(history).toContainText(
		'Venue: Room 2, Northfield Family Centre → Elm Room, Riverside Centre'
	);
	await expect(history).toContainText(
		`Facilitators: Priya Shah and Tom Ellis → Priya Shah and ${cover.name}`
	);

	// The family's emails: the venue, then the facilitators, old and new side by side.
	await visit(page, testInfo, '/dev/mail', 'Mail outbox');
	await expect(mailsTo(page, family.email, 'a change to the group')).toHaveCount(2);
	await expect(
		mailsTo(page, 'facilitator2@example.org', `You no longer facilitate ${name}`)
	).toHaveCount(1);
	await mailsTo(page, family.email, 'a change to the group').first().getByRole('link').click();
	await expect(page).toHaveURL(/\/dev\/mail\/\d+$/);
	await expect(page.getByText(`To ${family.email} ·`)).toBeVisible();
	const body = page.locator('.card');
	await expect(body).toContainText('were Priya and Tom, now Priya and Sam');
	// The outbox shows each link's address.
	await expect(body.getByRole('link', { name: /\/my$/ })).toBeVisible();

	// Tom no longer has the group's pages.
	await signOut(page, testInfo);
	await signIn(page, testInfo, 'facilitator2@example.org', HOMES.facilitator);
	const response = await page.goto(`/groups/${id}`);
	expect(response?.status()).toBe(403);
	await expect(page.getByRole('link', { name })).toHaveCount(0);
});

test("a group's facilitator may change only the venue and video link", async ({
	page
}, testInfo) => {
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	await visit(page, testInfo, `/groups/${TUESDAY}`, 'Tuesday mornings');
	await page.getByRole('link', { name: 'Change the venue or video link' }).click();
	await arrived(page, testInfo, `/groups/${TUESDAY}/edit`, 'Change Tuesday mornings');
	const details = page.getByRole('form', { name: 'Details' });
	await expect(details.getByLabel('Venue')).toHaveValue(
		'Oak Room, Northfield Family Centre, 12 Mill Lane'
	);
	await expect(details.getByLabel('Video-call link')).toBeVisible();
	await expect(details.getByLabel('Postcode')).toBeVisible();
	for (const label of ['Group name', 'Places', 'Funder (for funded groups)']) {
		await expect(page.getByLabel(label)).toHaveCount(0);
	}
	await expect(page.getByRole('form', { name: 'Swap a facilitator' })).toHaveCount(0);
	await expect(details).toContainText(
		'Only the clinical lead can change its name, places or funding.'
	);
});
