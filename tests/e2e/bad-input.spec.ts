import { expect, test } from '@playwright/test';
import { HOMES, arrived, signIn, visit } from './helpers';

/**
 * What a person sees when what they sent cannot be used: the page, with a plain message beside
 * the field, and nothing changed. (The fuzz, fuzz.spec.ts, checks every field for 5xx.)
 */

test.beforeEach(async ({ page }, testInfo) => {
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
});

test('a dashboard date that does not exist is shown beside its field, and the figures ignore it', async ({
	page
}, testInfo) => {
	await visit(
		page,
		testInfo,
		'/review?from_date=2026-02-30&to_date=2100-12-31',
		HOMES.lead.heading
	);
	const from = page.getByLabel('First session from');
	await expect(from).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByText('There is no such date. Check the day and the month.')).toBeVisible();
	await expect(page.getByRole('alert')).toContainText('the figures below are not limited by it');
	// The good date is still applied.
	await expect(page.getByLabel('to', { exact: true })).toHaveValue('2100-12-31');
	await expect(page.getByText('Places filled')).toBeVisible();
});

test('a report period in year 9999 or month 13 gives no report and a message beside each date', async ({
	page,
	request
}, testInfo) => {
	await visit(
		page,
		testInfo,
		'/review/report?from_date=2026-13-01&to_date=9999-12-31',
		'Funder report'
	);
	await expect(page.getByRole('alert')).toContainText('No report');
	await expect(page.getByText('There is no such date. Check the day and the month.')).toBeVisible();
	await expect(page.getByText('Choose a date before 2101.')).toBeVisible();

	// The CSV for a date that does not exist goes back to the report's form, which says why.
	const refused = await page.request.get('/review/report.csv?from_date=0000-01-01', {
		maxRedirects: 0
	});
	expect(refused.status()).toBe(303);
	expect(refused.headers().location).toBe('/review/report?from_date=0000-01-01');
	const csv = await page.request.get('/review/report.csv?from_date=0000-01-01');
	expect(csv.headers()['content-type']).toContain('text/html');
	expect(await csv.text()).toContain('There is no such date');
	// Signed out, the same address is refused before any of it is read.
	expect(
		(await request.get('/review/report.csv?from_date=0000-01-01', { maxRedirects: 0 })).status()
	).toBe(303);
});

test('a new group more than two years ahead is refused beside the date, and not created', async ({
	page
}, testInfo) => {
	await visit(page, testInfo, '/groups/new', 'Set up a new group');
	await page.getByLabel('Group name').fill('Too far ahead');
	await page.getByLabel('First session').fill(`${new Date().getFullYear() + 3}-01-15`);
	await page.getByLabel('Start time (London)').fill('10:00');
	await page.getByLabel('Venue').fill('Room 2');
	await page.getByLabel('Places').fill('8');
	await page.getByRole('radio', { name: /^Funded/ }).check();
	await page.getByLabel('Funder (for funded groups)').fill('A Trust');
	await page.getByLabel('First facilitator').selectOption({ label: 'Priya Shah' });
	await page.getByLabel('Second facilitator').selectOption({ label: 'Tom Ellis' });
	await page.getByRole('button', { name: 'Create group' }).click();
	await expect(page.getByText('Choose a first date within the next two years.')).toBeVisible();
	await arrived(page, testInfo, '/groups/new', 'Set up a new group');
	await expect(page.getByLabel('Group name')).toHaveValue('Too far ahead');
	await visit(page, testInfo, '/groups', 'All groups');
	await expect(page.getByText('Too far ahead')).toHaveCount(0);
});

test('an impossible withdrawal date or a NUL in a note is refused beside the field @js', async ({
	page,
	baseURL
}) => {
	// Browsers cannot type these into the form, so they are sent as a hostile client would.
	const post = (path: string, form: Record<string, string>) =>
		page.request.post(path, {
			form,
			headers: { origin: baseURL!, 'x-sveltekit-action': 'true', accept: 'application/json' }
		});
	const failure = async (res: Awaited<ReturnType<typeof post>>) => {
		const body = (await res.json()) as { type: string; status: number; data: string };
		expect(body).toMatchObject({ type: 'failure', status: 400 });
		return body.data;
	};
	const group = '00000000-0000-4000-8000-000000001002';
	const withdraw = await post(`/groups/${group}?/withdraw`, {
		enrolment_id: '00000000-0000-4000-8000-000000000000',
		reason: 'Moved away',
		withdrawn_on: '2026-02-30'
	});
	expect(await failure(withdraw)).toContain('There is no such date. Check the day and the month.');

	const note = await post('/review/interest?/add', {
		full_name: 'Fuzz Family',
		email: 'fuzz-family@example.org',
		note: 'evenings\u0000please'
	});
	expect(await failure(note)).toContain('hidden control character');
	await page.goto('/review/interest');
	await expect(page.getByText('fuzz-family@example.org')).toHaveCount(0);
});
