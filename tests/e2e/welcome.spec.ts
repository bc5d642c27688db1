import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
	arrived,
	createGroup,
	expectAccessible,
	HOMES,
	mailLink,
	signIn,
	signOut,
	uniqueEmail,
	visit
} from './helpers';

/**
 * Issue 12, people: a personal invitation from enrolling a new family, resent from the place
 * card, that sets a password and signs them in; an offer to a family with no password that goes
 * through the welcome link to the offer; the parents' Contact us panel on a phone.
 */

const TUESDAY = '/groups/00000000-0000-4000-8000-000000001001';
const WELCOME = /^\/welcome\/[0-9a-f]{64}$/;
const PASSWORD = 'a quiet walk by the river';

function weeksAhead(weeks: number): string {
	return new Date(Date.now() + weeks * 7 * 86_400_000).toISOString().slice(0, 10);
}

/** Enrol a family by email and name from a group page; returns nothing, checks the message. */
async function enrolNewFamily(page: Page, family: { name: string; email: string }) {
	const enrol = page.getByRole('region', { name: 'Enrol a family' });
	await enrol.getByLabel('Email address').fill(family.email);
	await enrol.getByLabel('Full name (only for a new family)').fill(family.name);
	await enrol.getByRole('button', { name: 'Enrol' }).click();
}

/** Choose a password on /welcome/<token> (the name is prefilled from the invitation). */
async function setPassword(page: Page, testInfo: TestInfo, link: string, name: string) {
	await page.goto(link);
	await arrived(page, testInfo, /\/welcome\/[0-9a-f]{64}/, 'Welcome');
	await expect(page.getByLabel('Your full name')).toHaveValue(name);
	await page.getByLabel('Choose a password').fill(PASSWORD);
	await page.getByLabel('Type it again').fill(PASSWORD);
	await page.getByRole('button', { name: 'Set up my account' }).click();
}

test('a facilitator enrols a new family: a personal invitation, resent from the place card, sets a password and lands on /my', async ({
	page
}, testInfo) => {
	const family = { name: 'Jo Welcome', email: uniqueEmail('welcome-family', testInfo) };

	await test.step('the facilitator enrols them', async () => {
		await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		await visit(page, testInfo, TUESDAY, 'Tuesday mornings');
		await enrolNewFamily(page, family);
		await expect(page.getByRole('status')).toContainText(`${family.name} now has a place`);
		await arrived(page, testInfo, TUESDAY, 'Tuesday mornings');
		const card = page.getByRole('listitem').filter({ hasText: family.email });
		await expect(card).toContainText('not set up yet');
	});

	const first =
		await test.step('the invitation names the clinic, group, dates and inviter', async () => {
			const link = await mailLink(page, testInfo, family.email, WELCOME);
			const mail = page.locator('main');
			await expect(mail).toContainText(
				'Priya Shah at Riverside Family Clinic has given you a place in Tuesday mornings'
			);
			await expect(mail).toContainText('The group meets 8 times, starting');
			await expect(mail).toContainText('Session 8,');
			await expect(mail).toContainText('Oak Room, Northfield Family Centre, 12 Mill Lane, NE1 4ST');
			await expect(mail).toContainText('Your facilitators: Priya and Tom.');
			return link;
		});

	const second =
		await test.step('Resend on the place card sends a new link; the old one dies', async () => {
			await visit(page, testInfo, TUESDAY, 'Tuesday mornings');
			await page.getByRole('button', { name: `Resend the invitation to ${family.name}` }).click();
			await expect(page.getByRole('status')).toContainText(
				`A new invitation has been sent to ${family.name}`
			);
			await arrived(page, testInfo, TUESDAY, 'Tuesday mornings');
			const link = await mailLink(page, testInfo, family.email, WELCOME);
			expect(link).not.toBe(first);
			await signOut(page, testInfo);
			await page.goto(first);
			await arrived(page, testInfo, new URL(first).pathname, 'This link can no longer be used');
			await expect(page.getByRole('alert')).toContainText('replaced by a newer one');
			return link;
		});

	await test.step('the new link sets their password and signs them in to /my', async () => {
		await setPassword(page, testInfo, second, family.name);
		await arrived(page, testInfo, '/my', 'Hello, Jo');
		await expect(page.getByRole('heading', { name: 'Tuesday mornings' })).toBeVisible();
		await signOut(page, testInfo);
	});

	await test.step('the place card now says the account is set up', async () => {
		await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		await visit(page, testInfo, TUESDAY, 'Tuesday mornings');
		const card = page.getByRole('listitem').filter({ hasText: family.email });
		await expect(card).toContainText('Account set up');
		await expect(
			page.getByRole('button', { name: `Resend the invitation to ${family.name}` })
		).toHaveCount(0);
	});
});

test('an offer to a family who has not set a password works through the welcome link', async ({
	page
}, testInfo) => {
	const name = `One place (${testInfo.project.name} ${Date.now().toString(36)})`;
	const family = { name: 'Sam Waiting', email: uniqueEmail('offer-family', testInfo) };
	const leaver = { name: 'Alex Leaving', email: uniqueEmail('leaving-family', testInfo) };

	await test.step('the lead sets up a one-place group, with its postcode, and fills it', async () => {
		await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
		await visit(page, testInfo, '/groups/new', 'Set up a new group');
		await page.getByLabel('Group name').fill(name);
		await page.getByLabel('First session').fill(weeksAhead(6));
		await page.getByLabel('Start time (London)').fill('10:00');
		await page.getByLabel('Venue').fill('Room 2, Northfield Family Centre');
		await page.getByLabel('Postcode').fill('not a postcode');
		await page.getByLabel('Places').fill('1');
		await page.getByRole('radio', { name: /^Funded/ }).check();
		await page.getByLabel('Funder (for funded groups)').fill('Northfield Family Trust');
		await page.getByLabel('First facilitator').selectOption({ label: 'Priya Shah' });
		await page.getByLabel('Second facilitator').selectOption({ label: 'Tom Ellis' });
		await page.getByRole('button', { name: 'Create group' }).click();
		await expect(page.getByText('Enter the venue’s postcode, like NE1 4ST.').first()).toBeVisible();
		await arrived(page, testInfo, '/groups/new', 'Set up a new group');
		await page.getByLabel('Postcode').fill('ne1 4st');
		await createGroup(page);
		await arrived(page, testInfo, /\/groups\/[0-9a-f-]{36}\?created=1/, name);
		await expect(page.getByText('Room 2, Northfield Family Centre, NE1 4ST')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Show on a map' })).toHaveAttribute(
			'href',
			'https://www.openstreetmap.org/search?query=Room%202%2C%20Northfield%20Family%20Centre%2C%20NE1%204ST'
		);
		await enrolNewFamily(page, leaver);
		await expect(page.getByRole('status')).toContainText(`${leaver.name} now has a place`);
		await enrolNewFamily(page, family);
		await expect(page.getByRole('status')).toContainText('number 1 on the waitlist');
	});

	await test.step('the first family leaves, and the place is offered by email', async () => {
		const card = page.getByRole('listitem').filter({ hasText: leaver.email });
		await card.getByText('Record that they have left').click();
		await card.getByLabel('Reason').fill('Moved away');
		await card.getByRole('button', { name: 'Confirm' }).click();
		await expect(page.getByRole('status')).toContainText('they have been offered the place');
		await signOut(page, testInfo);
	});

	await test.step('the offer link sets a password first, then opens the offer', async () => {
		const link = await mailLink(page, testInfo, family.email, WELCOME);
		await expect(page.locator('main')).toContainText('First choose a password for your account');
		expect(new URL(link).searchParams.get('next')).toMatch(/^\/my\/offers\/[0-9a-f-]{36}$/);
		await setPassword(page, testInfo, link, family.name);
		await arrived(page, testInfo, /\/my\/offers\/[0-9a-f-]{36}$/, `A place in ${name}`);
		await page.getByRole('button', { name: 'Accept the place' }).click();
		await arrived(page, testInfo, '/my?place=accepted', 'Hello, Sam');
		await signOut(page, testInfo);
	});

	await test.step('accepting sends the welcome email with the sessions', async () => {
		await visit(page, testInfo, '/dev/mail', 'Mail outbox');
		const latest = page
			.getByRole('listitem')
			.filter({ hasText: `To ${family.email} ·` })
			.first();
		await expect(latest).toContainText(`Your place in ${name}`);
	});
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 } });

	test('a parent finds Contact us: call, email, the facilitators and the venue on a map', async ({
		page
	}, testInfo) => {
		await signIn(page, testInfo, HOMES.parent.email, HOMES.parent);
		const contact = page.getByRole('region', { name: 'Contact us' });
		await contact.scrollIntoViewIfNeeded();
		await expect(contact.getByRole('link', { name: 'Call 0191 496 0123' })).toHaveAttribute(
			'href',
			'tel:01914960123'
		);
		await expect(
			contact.getByRole('link', { name: 'groups@riverside-clinic.example' })
		).toHaveAttribute('href', 'mailto:groups@riverside-clinic.example');
		await expect(contact).toContainText('Priya and Tom: 07700 900123');
		await expect(contact).toContainText("Community Hall, St Anne's Road, NE6 2DL");
		await expect(contact.getByRole('link', { name: /Show on a map/ })).toHaveAttribute(
			'href',
			/^https:\/\/www\.openstreetmap\.org\/search\?query=Community%20Hall/
		);
		// Phone first: nothing in the panel is wider than the screen.
		const box = await contact.boundingBox();
		expect(box!.width).toBeLessThanOrEqual(390);
		await expectAccessible(page);
	});
});
