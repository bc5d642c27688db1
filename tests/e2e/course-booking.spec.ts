import { expect, test, type Page, type TestInfo } from '@playwright/test';
import {
	arrived,
	expectAccessible,
	HOMES,
	mailLink,
	signIn,
	signOut,
	uniqueEmail,
	visit
} from './helpers';

/**
 * Booking a course without an account, on a phone: a council's training manager books three
 * places for her team by invoice with a PO, names two attendees and leaves one for later; bad
 * input keeps the form with its errors; the invitation arrives, she sets up her account, sees the
 * booking at /bookings and names the third attendee; a trainee sees their own place.
 */

const COURSE = '/courses/reflective-fostering';
const TITLE = 'Mentalization-Based Treatment (MBT) for Fostering & Adoption: Reflective Fostering';
const PASSWORD = 'a long walk on the moors';
const TRAINEE = HOMES.trainee;

async function shot(page: Page, testInfo: TestInfo, name: string) {
	if (testInfo.project.name.includes('no-js')) return;
	await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test('a visitor books three places for a team by invoice, then manages the booking', async ({
	page
}, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const tag = testInfo.project.name.replace(/[^a-z0-9]/gi, '');
	const booker = uniqueEmail('karen-booker', testInfo);
	const team = [
		{ name: `Priya Shah ${tag}`, email: uniqueEmail('priya', testInfo) },
		{ name: `Tom Evans ${tag}`, email: uniqueEmail('tom', testInfo) },
		{ name: `Sam Lee ${tag}`, email: uniqueEmail('sam', testInfo) }
	];
	let reference = '';
	let bookingUrl = '';

	await test.step('bad input keeps the form, with its errors', async () => {
		await visit(page, testInfo, `${COURSE}/book`, `Book ${TITLE}`);
		await page.getByRole('button', { name: 'Show the total and name attendees' }).click();
		await expect(page.locator('#places-error')).toHaveText('Choose at least one place.');
		await arrived(page, testInfo, `${COURSE}/book`, `Book ${TITLE}`);
	});

	await test.step('three places: the total before booking, then attendees', async () => {
		await page.getByLabel(/^Training fee without access/).fill('3');
		await page.getByRole('button', { name: 'Show the total and name attendees' }).click();
		const total = page.getByRole('region', { name: 'Total' });
		await expect(total).toContainText('£1,185.00'); // 3 × £395 net
		await expect(total).toContainText('£237.00'); // VAT at 20 %
		await expect(total).toContainText('£1,422.00');
		await expect(page.getByRole('heading', { name: /^Place \d$/ })).toHaveCount(3);
		await expectAccessible(page);
	});

	await test.step('without a PO (this course needs one), nothing is booked', async () => {
		await page.getByLabel('Your name').fill(`Karen ${tag}`);
		await page.getByLabel('Your email address').fill(booker);
		await page.getByLabel('Organisation (optional)').first().fill('Northfield Borough Council');
		for (const [i, a] of team.slice(0, 2).entries()) {
			await page.locator(`#field-attendee_name_${i}`).fill(a.name);
			await page.locator(`#field-attendee_email_${i}`).fill(a.email);
		}
		await page.locator('#field-attendee_role_0').fill('Social worker');
		await page.getByLabel('Who pays the invoice').fill('Accounts Payable');
		await page.getByLabel('Their email address').fill('accounts@northfield.example.org');
		await page.getByLabel('Postal address for the invoice').fill('Town Hall, Northfield NF1 1AA');
		await shot(page, testInfo, 'booking-form');
		await page.getByRole('button', { name: 'Book 3 places for £1,422.00' }).click();
		await expect(page.locator('#field-po_number-error')).toHaveText(
			'This course needs a purchase-order number to book.'
		);
		await arrived(page, testInfo, `${COURSE}/book`, `Book ${TITLE}`);
		// What was typed is kept.
		await expect(page.locator('#field-attendee_email_1')).toHaveValue(team[1]!.email);
	});

	await test.step('with the PO it books, and says where the email went', async () => {
		await page.getByLabel('Purchase-order number').fill(`PO-${tag}-1`);
		await page.getByRole('button', { name: 'Book 3 places for £1,422.00' }).click();
		await arrived(
			page,
			testInfo,
			/\/courses\/reflective-fostering\/booked\/[A-Z0-9]+$/,
			'Thank you: you are booked'
		);
		reference = page.url().split('/').pop()!;
		await expect(page.getByRole('status')).toContainText(`3 places on ${TITLE}`);
		await expect(page.getByText(`We have emailed k•••@example.org`)).toBeVisible();
		await shot(page, testInfo, 'booking-confirmed');
	});

	await test.step('the booker’s invitation arrives; she sets up her account', async () => {
		const link = await mailLink(
			page,
			testInfo,
			booker,
			/^\/welcome\/[0-9a-f]{64}$/,
			/Set up your account to manage your booking/
		);
		await page.goto(link);
		await arrived(page, testInfo, /\/welcome\/[0-9a-f]{64}/, 'Welcome');
		await page.getByLabel('Choose a password').fill(PASSWORD);
		await page.getByLabel('Type it again').fill(PASSWORD);
		await page.getByRole('button', { name: 'Set up my account' }).click();
		await arrived(page, testInfo, '/bookings', 'Your bookings');
	});

	await test.step('she sees the booking, and names the third attendee', async () => {
		const card = page.getByRole('listitem').filter({ hasText: `Reference ${reference}` });
		await expect(card).toContainText('3 places, 1 still to name');
		await expect(card).toContainText('Invoice awaiting payment');
		await shot(page, testInfo, 'bookings');
		await card.getByRole('link', { name: TITLE }).click();
		await arrived(page, testInfo, /\/bookings\/[0-9a-f-]{36}$/, TITLE);
		bookingUrl = page.url();
		await expect(page.getByText(`Purchase order: PO-${tag}-1`)).toBeVisible();
		const open = page.getByRole('listitem').filter({ hasText: 'Not named yet.' });
		await expect(open).toHaveCount(1);
		// A bad email first: the error is beside the field, nothing saved.
		await open.getByLabel('Name', { exact: true }).fill(team[2]!.name);
		// The browser's own check lets this through; ours wants a dot in the domain.
		await open.getByLabel('Email').fill('sam@localhost');
		await open.getByRole('button', { name: 'Save and invite' }).click();
		await expect(
			page.getByText('Enter the attendee’s email address, like name@example.org.')
		).toBeVisible();
		const again = page.getByRole('listitem').filter({ hasText: 'Not named yet.' });
		await again.getByLabel('Name', { exact: true }).fill(team[2]!.name);
		await again.getByLabel('Email').fill(team[2]!.email);
		await again.getByRole('button', { name: 'Save and invite' }).click();
		await expect(page.getByRole('status')).toContainText('We have emailed the attendee');
		await expect(page.getByText(`${team[2]!.name} (${team[2]!.email})`)).toBeVisible();
		await expect(page.getByText('Not named yet.')).toHaveCount(0);
		await expectAccessible(page);
	});

	await test.step('the training admin records the council’s bank transfer in full', async () => {
		const bookingPath = new URL(bookingUrl).pathname;
		await signOut(page, testInfo);
		await signIn(page, testInfo, HOMES.training.email, HOMES.training);
		await visit(page, testInfo, `/admin${bookingPath}`, `Booking ${reference}`);
		const form = page.locator('form[action="?/pay"]');
		await form.getByLabel('Amount (£)').fill('1422.00');
		await form.getByLabel('Bank reference').fill(`BACS ${reference}`);
		await form.getByRole('button', { name: 'Record payment' }).click();
		await expect(page.getByRole('status')).toHaveText('Payment recorded. The booking is now paid.');
		await expectAccessible(page);
		await signOut(page, testInfo);
	});

	await test.step('the booker signs in again and sees the booking paid', async () => {
		await signIn(page, testInfo, booker, { path: '/bookings', heading: 'Your bookings' }, PASSWORD);
		const card = page.getByRole('listitem').filter({ hasText: `Reference ${reference}` });
		await expect(card).toContainText('Paid');
		await expect(card).not.toContainText('awaiting payment');
		await signOut(page, testInfo);
	});

	await test.step('the attendees’ invitations arrived, naming who booked them', async () => {
		await visit(page, testInfo, '/dev/mail', 'Mail outbox');
		for (const a of team) {
			await expect(
				page
					.getByRole('listitem')
					.filter({ hasText: `To ${a.email} ·` })
					.getByRole('link', { name: `Karen ${tag} booked you a place on ${TITLE}` })
			).toHaveCount(1);
		}
	});
});

test('a trainee sees their own place and whether it is paid for, without amounts', async ({
	page
}, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	await signIn(page, testInfo, TRAINEE.email, TRAINEE);
	const place = page.getByRole('listitem').filter({ hasText: 'Booked for you by Karen Lowe' });
	await expect(place.first()).toContainText(TITLE);
	await expect(place.first()).toContainText(
		'Your employer’s invoice is awaiting payment'.replace('’', "'")
	);
	await expect(page.getByText(/£/)).toHaveCount(0);
	await signOut(page, testInfo);
});

test('the full course offers its waiting list instead of booking', async ({ page }, testInfo) => {
	await page.setViewportSize({ width: 390, height: 844 });
	const full = '/courses/reflective-parenting-facilitator-training';
	await visit(
		page,
		testInfo,
		`${full}/book`,
		'Book Reflective Parenting: training for group facilitators'
	);
	await expect(page.getByText('This course is full.')).toBeVisible();
	await page.getByRole('link', { name: 'Join the waiting list' }).click();
	await arrived(
		page,
		testInfo,
		`${full}/waitlist`,
		'Waiting list: Reflective Parenting: training for group facilitators'
	);
	// Spaces pass the browser's own check of a required field; the server's refuses them.
	await page.getByLabel('Your name').fill('   ');
	await page.getByLabel('Email address').fill('wendy@example.org');
	await page.getByRole('button', { name: 'Join the waiting list' }).click();
	await expect(page.locator('#field-full_name-error')).toHaveText('Enter your name.');
	await page.getByLabel('Your name').fill('Wendy Waiting');
	await page.getByLabel('Email address').fill(uniqueEmail('wendy', testInfo));
	await page.getByLabel('How many places').fill('2');
	await page.getByRole('button', { name: 'Join the waiting list' }).click();
	await arrived(
		page,
		testInfo,
		`${full}/waitlist`,
		'Waiting list: Reflective Parenting: training for group facilitators'
	);
	await expect(page.getByRole('status')).toContainText('You are on the waiting list');
});
