import { expect, test } from '@playwright/test';
import { arrived, hasJs, submitSignIn, visit } from './helpers';

/**
 * The training admin (Ruth, training@) builds a draft of an online training — a pasted YouTube
 * address with JavaScript, an uploaded film without — and, on a course's attendee table, grants
 * early access with a reason and withdraws it again, so the seeded states are as they were.
 * Each project uses its own training name and its own attendee: Ben Carter (paid, before the
 * opening date: it opens) with JavaScript, Farah Malik (unpaid: it stays shut) without.
 */
const COURSE = '00000000-0000-4000-8000-000000003001';
const LEEDS = '00000000-0000-4000-8000-000000003004';
const DRAFT = /\/admin\/online-training\/[0-9a-f-]{36}(\?saved=[0-9a-f-]+)?(#module-[0-9a-f-]+)?$/;

test.beforeEach(async ({ page }, testInfo) => {
	// Waits for hydration before typing: typed into the server-rendered form, the email could be
	// cleared as the page hydrated (the sign-in then went without it).
	await visit(page, testInfo, '/signin', 'Sign in');
	await submitSignIn(page, 'training@example.org', 'reflective-demo');
	await expect(page).not.toHaveURL(/\/signin/);
});

test('the training admin starts a draft and adds a module to it', async ({ page }, testInfo) => {
	const name = `E2E training ${testInfo.project.name} ${Date.now().toString(36)}`;
	await visit(page, testInfo, '/admin/online-training', 'Online training');
	await expect(page.getByRole('link', { name: 'MBT Online training' })).toBeVisible();
	await page.getByLabel('Name of a new online training').fill(name);
	await page.getByRole('button', { name: 'Start it' }).click();
	await arrived(page, testInfo, DRAFT, `${name}, version 1`);
	await expect(page.getByText('No modules yet.')).toBeVisible();

	const add = page.getByRole('region', { name: 'Add a module' });
	await add.getByLabel('Title').fill('Why mentalizing matters');
	await add.getByLabel('Minutes').fill('3');
	await add.getByLabel('Seconds').fill('20');
	if (hasJs(testInfo)) {
		// A bad address first: the form says what would work and keeps what was typed.
		await add.getByLabel('An address on YouTube or Vimeo').check();
		await add.getByLabel('YouTube or Vimeo address').fill('https://example.org/film');
		await add.getByRole('button', { name: 'Add the module' }).click();
		await expect(add.getByText(/Paste a YouTube or Vimeo address/)).toBeVisible();
		await expect(add.getByLabel('Title')).toHaveValue('Why mentalizing matters');
		await add.getByLabel('YouTube or Vimeo address').fill('https://youtu.be/dQw4w9WgXcQ?si=x');
	} else {
		await add.getByLabel('A file stored here (MP4 or WebM, up to 500 MB)').check();
		await add.getByLabel('Video file').setInputFiles('supabase/seed-storage/demo-film.webm');
	}
	await add.getByRole('button', { name: 'Add the module' }).click();
	await arrived(page, testInfo, DRAFT, `${name}, version 1`);
	const listed = page.getByRole('listitem').filter({ hasText: '1. Why mentalizing matters' });
	await expect(listed).toContainText('3 min 20 s');
	await expect(listed).toContainText(
		hasJs(testInfo)
			? 'Embedded: https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ'
			: 'Stored film: demo-film.webm'
	);
	await visit(page, testInfo, '/admin/online-training', 'Online training');
	await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Draft');
});

test('the training admin grants early access with a reason, and withdraws it', async ({
	page
}, testInfo) => {
	// Without JS: Aisha, whose employer's invoice is unpaid (course-terms cancels Farah Malik's place).
	const who = hasJs(testInfo) ? 'Ben Carter' : 'Aisha Rahman';
	await visit(page, testInfo, `/teaching/${COURSE}`, /Reflective Fostering$/);
	const row = page.getByRole('row', { name: new RegExp(who) });
	await expect(row).toContainText(hasJs(testInfo) ? /Opens on \d+ \w+ \d{4}/ : 'Unpaid');

	const box = page.locator('details').filter({ hasText: `${who}:` });
	await box.locator('summary').click();
	// A reason is required: the database says so beside the field.
	await box.getByLabel(`Reason for giving ${who} early access`).fill('x');
	await box.getByRole('button', { name: 'Grant early access' }).click();
	await expect(box.getByText('Give a reason (a few words).')).toBeVisible();
	await box.getByLabel(`Reason for giving ${who} early access`).fill('Starting a new post soon');
	await box.getByRole('button', { name: 'Grant early access' }).click();
	await arrived(page, testInfo, `/teaching/${COURSE}`, /Reflective Fostering$/);
	await expect(page.getByRole('status')).toContainText(
		hasJs(testInfo)
			? 'Early access granted; the attendee has been emailed.'
			: 'It opens once the place is paid for'
	);
	await expect(row).toContainText(hasJs(testInfo) ? '0 of 9 (early access)' : 'Unpaid');

	await page.getByRole('button', { name: `Withdraw ${who}’s early access` }).click();
	await arrived(page, testInfo, `/teaching/${COURSE}`, /Reflective Fostering$/);
	await expect(page.getByRole('status')).toContainText('Early access withdrawn.');
	await expect(row).toContainText(hasJs(testInfo) ? /Opens on \d+ \w+ \d{4}/ : 'Unpaid');
});

test('a trainer sees the Leeds attendees read-only', async ({ page }, testInfo) => {
	await page.context().clearCookies();
	await visit(page, testInfo, '/signin', 'Sign in');
	await submitSignIn(page, 'facilitator1@example.org', 'reflective-demo');
	await expect(page).not.toHaveURL(/\/signin/);
	await visit(page, testInfo, '/teaching', 'Teaching');
	await page.getByRole('link', { name: 'Reflective Fostering', exact: false }).first().waitFor();
	await visit(page, testInfo, `/teaching/${LEEDS}`, /Reflective Fostering/);
	await expect(page.getByRole('row', { name: /Daniel Reid/ })).toContainText('4 of 9');
	await expect(page.getByText(/of \d+ ha(s|ve) finished the online training/)).toBeVisible();
	await expect(page.getByRole('button', { name: /Grant|Mark finished/ })).toHaveCount(0);
});
