import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { arrived, mailTo, visit } from './helpers';

/**
 * The public course pages, as a visitor on a phone (390 px): /courses lists the Reflective
 * Fostering course, its page shows both fee tiers, places left, the venue with a map link and
 * the Book link, ships no JavaScript and carries JSON-LD naming the course; the commissioning
 * enquiry shows field errors for bad input and thanks for good, and reaches the training admin
 * by email. Places left are not pinned: the booking specs change them.
 */

const PHONE = { width: 390, height: 844 };
const TITLE = 'Mentalization-Based Treatment (MBT) for Fostering & Adoption: Reflective Fostering';

/** Each project enquires from its own client address, so the 5-an-hour limit is never shared. */
async function fromAddress(page: Page, testInfo: TestInfo) {
	const project = testInfo.project.name === 'js' ? 1 : 2;
	await page.setExtraHTTPHeaders({ 'x-forwarded-for': `198.51.100.${140 + project}` });
}

test.describe('the public course pages', () => {
	test.use({ viewport: PHONE });

	test('a visitor finds Reflective Fostering from /courses and sees fees, places, venue and Book', async ({
		page
	}, testInfo) => {
		await visit(page, testInfo, '/courses', 'Training courses');
		const main = page.getByRole('main');
		// The Leeds course shares the title; this one is at the Kantor Centre.
		const card = main
			.getByRole('listitem')
			.filter({ hasText: TITLE })
			.filter({ hasText: 'The Kantor Centre of Excellence' });
		await expect(card).toContainText('£395–£475 + VAT');
		await expect(card).toContainText('The Kantor Centre of Excellence, N1');
		await expect(card).toContainText('2 days, 09:30–16:30');
		await expect(card).toContainText(/\b\d+ places? left\b/);
		const full = main
			.getByRole('listitem')
			.filter({ hasText: 'Reflective Parenting: training for group facilitators' });
		await expect(full).toContainText('Full — join the waiting list');
		await expect(full).toContainText('Online');
		// The past course (same title and venue, three months ago) is not listed: only one card.
		// (Other specs publish courses of their own, so the list's length is not pinned.)
		await expect(card).toHaveCount(1);
		await expect(main.getByRole('link', { name: /reflective-fostering-autumn/ })).toHaveCount(0);

		await card.getByRole('link', { name: TITLE, exact: true }).click();
		await arrived(page, testInfo, '/courses/reflective-fostering', TITLE);

		const fees = main.getByRole('region', { name: 'Fees' });
		await expect(fees.getByRole('heading', { level: 3 })).toHaveText([
			'Training fee without access to MBT Online Training',
			'Training fee including access to MBT Online Training'
		]);
		await expect(fees).toContainText('£395 + VAT');
		await expect(fees).toContainText('£474.00 in total per place');
		await expect(fees).toContainText('£475 + VAT');
		await expect(fees).toContainText('Includes access to the online training.');
		await expect(fees).toContainText('Does not include the online training.');

		const when = main.getByRole('region', { name: 'When and where' });
		await expect(when.getByRole('listitem')).toHaveCount(2);
		await expect(when.getByRole('listitem').first()).toHaveText(
			/^Thursday \d{1,2} \w+ \d{4}, 09:30–16:30$/
		);
		await expect(when).toContainText('4–8 Rodney Street, London');
		await expect(when).toContainText('N1 9JH');
		await expect(when.getByRole('link', { name: /Show on a map/ })).toHaveAttribute(
			'href',
			'https://www.openstreetmap.org/search?query=N1%209JH'
		);

		const places = main.getByRole('region', { name: 'Places' });
		await expect(places).toContainText(/\b\d+ places? left\b/);
		await expect(places.getByRole('link', { name: /^Book/ })).toHaveAttribute(
			'href',
			'/courses/reflective-fostering/book'
		);
		await expect(main.getByRole('heading', { name: 'About this course' })).toBeVisible();
		await expect(
			main.getByRole('heading', { name: 'Who is this course suitable for?' })
		).toBeVisible();
		// The aims are a Markdown list, rendered as one.
		await expect(
			main.getByRole('region', { name: 'Aims of the course' }).getByRole('listitem')
		).toHaveCount(4);

		// Shares well: canonical, Open Graph and a JSON-LD Course that names the course.
		await expect(page.locator('link[rel="canonical"]')).toHaveAttribute(
			'href',
			/\/courses\/reflective-fostering$/
		);
		await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', TITLE);
		const ld = JSON.parse(
			(await page.locator('script[type="application/ld+json"]').textContent()) ?? ''
		);
		expect(ld['@type']).toBe('Course');
		expect(ld.name).toBe(TITLE);
		expect(ld.hasCourseInstance.location.address.postalCode).toBe('N1 9JH');
		expect(ld.hasCourseInstance.offers).toHaveLength(2);
		// Ships no JavaScript: the only script is the JSON-LD.
		await expect(page.locator('script:not([type="application/ld+json"])')).toHaveCount(0);
	});

	test('the full course offers the waiting list, not Book; a draft or unknown course is not found', async ({
		page
	}, testInfo) => {
		await visit(
			page,
			testInfo,
			'/courses/reflective-parenting-facilitator-training',
			'Reflective Parenting: training for group facilitators'
		);
		const places = page.getByRole('main').getByRole('region', { name: 'Places' });
		await expect(places).toContainText('Full — join the waiting list');
		await expect(places.getByRole('link', { name: 'Join the waiting list' })).toHaveAttribute(
			'href',
			'/courses/reflective-parenting-facilitator-training/waitlist'
		);
		await expect(places.getByRole('link', { name: /^Book/ })).toHaveCount(0);
		const response = await page.goto('/courses/no-such-course');
		expect(response?.status()).toBe(404);
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
	});

	test('the commissioning enquiry: bad input shows field errors; good input says thanks and emails the training admin', async ({
		page
	}, testInfo) => {
		await fromAddress(page, testInfo);
		await visit(page, testInfo, '/courses/reflective-fostering', TITLE);
		await page.getByRole('link', { name: 'Ask about commissioning this course' }).click();
		await arrived(
			page,
			testInfo,
			'/courses/reflective-fostering/commission',
			'Commission this training locally'
		);
		const send = page.getByRole('button', { name: 'Send the enquiry' });
		await page.getByLabel('Email address').fill('not an email');
		await page.getByLabel('How many staff would take part?').fill('5000');
		await send.click();
		await arrived(
			page,
			testInfo,
			'/courses/reflective-fostering/commission',
			'Commission this training locally'
		);
		await expect(page.getByText('Enter the name of your organisation.')).toBeVisible();
		await expect(page.getByText('Enter a name.', { exact: true })).toBeVisible();
		await expect(page.getByText('Enter an email address like name@example.org.')).toBeVisible();
		await expect(page.getByText('Enter a whole number from 1 to 1000.')).toBeVisible();
		await expect(page.getByText('Enter your town, county or area.')).toBeVisible();
		await expect(page.getByLabel('How many staff would take part?')).toHaveValue('5000');

		const organisation = `Westshire County Council ${testInfo.project.name} ${Date.now().toString(36)}`;
		await page.getByLabel('Organisation').fill(organisation);
		await page.getByLabel('Your name').fill('Maya Patel');
		await page.getByLabel('Email address').fill('maya.patel@westshire.example.org');
		await page.getByLabel('How many staff would take part?').fill('18');
		await page.getByLabel('Your town, county or area').fill('Westshire');
		await page.getByLabel('Anything else we should know').fill('Two teams, in the spring.');
		await send.click();
		await arrived(page, testInfo, '/courses/commission/thanks', 'Thank you');
		await expect(page.getByRole('status')).toContainText('We have your enquiry');

		// The email is sent as the enquiry is stored; the outbox may need a moment to list it.
		const mail = page
			.getByRole('listitem')
			.filter({ hasText: `Training enquiry from ${organisation}` });
		await expect(async () => {
			await page.goto('/dev/mail');
			await expect(mail).toHaveCount(1, { timeout: 1000 });
		}).toPass({ timeout: 30_000 });
		await arrived(page, testInfo, '/dev/mail', 'Mail outbox');
		await expect(mail).toContainText('To training@example.org ·');
		await expect(mailTo(page, 'training@example.org').first()).toBeVisible();
		await mail.getByRole('link').click();
		await expect(page.getByRole('main')).toContainText('Staff: 18');
		await expect(page.getByRole('main')).toContainText('maya.patel@westshire.example.org');
	});

	test('the general enquiry is reachable from /courses', async ({ page }, testInfo) => {
		await visit(page, testInfo, '/courses', 'Training courses');
		await page.getByRole('link', { name: 'Ask about commissioning training' }).click();
		await arrived(page, testInfo, '/courses/commission', 'Commission training for your team');
	});
});
