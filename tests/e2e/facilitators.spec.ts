/**
 * The facilitator pathway in the browser, with JavaScript on and off: the lead invites a new
 * facilitator, records training done elsewhere, and pairs them with an accredited facilitator on
 * a new group (two trained ones are refused), and accredits them on evidence from elsewhere (by the
 * criteria is refused until they are met); a facilitator sees the register's names and stages
 * and their own record only; the lead finds people by name, email and stage; the lead pauses
 * and resumes someone. Checklists, consultations and
 * accrediting by the criteria are in facilitator-pathway.journey.spec.ts.
 */
import { expect, test } from '@playwright/test';
import {
	arrived,
	createGroup,
	HOMES,
	inviteFacilitator,
	navigate,
	recordTrainingElsewhere,
	signIn,
	uniqueEmail,
	visit
} from './helpers';

const JAMAL = '00000000-0000-4000-8000-000000000104';
const PRIYA = '00000000-0000-4000-8000-000000000101';
/** A facilitator's record page (without JS a form's action stays in the address). */
const RECORD = /\/review\/facilitators\/[0-9a-f-]{36}(\?.*)?$/;

/** A London date `weeks` weeks from today, yyyy-MM-dd. */
function weeksAhead(weeks: number): string {
	const d = new Date(Date.now() + weeks * 7 * 86_400_000);
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(d);
}

test('the lead records training done elsewhere for a new facilitator and pairs them with an accredited one', async ({
	page
}, testInfo) => {
	const email = uniqueEmail('pathway', testInfo);
	const name = `Noor Ahmed ${testInfo.project.name}`;
	await inviteFacilitator(page, testInfo, email, name);

	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'Facilitators', '/review/facilitators', 'Facilitators');
	const row = page.getByRole('row').filter({ hasText: name });
	await expect(row).toContainText('No training recorded');
	await expect(page.getByRole('row').filter({ hasText: 'Priya Shah' })).toContainText('Accredited');
	await expect(page.getByRole('row').filter({ hasText: 'Leah Morgan' })).toContainText(
		'Co-facilitating'
	);

	await test.step('a new person cannot be put on a group before training is recorded', async () => {
		await visit(page, testInfo, '/groups/new', 'Set up a new group');
		await expect(
			page.getByLabel('First facilitator').locator('option', { hasText: name })
		).toHaveCount(0);
	});

	await test.step('training elsewhere needs evidence; then they are trained', async () => {
		await visit(page, testInfo, '/review/facilitators', 'Facilitators');
		await row.getByRole('link', { name }).click();
		await arrived(page, testInfo, RECORD, name);
		const section = page.getByRole('region', { name: 'Record their training' });
		await section.getByRole('radio', { name: /^Elsewhere/ }).check();
		await section.getByLabel('The date they finished training').fill('2026-10-09');
		await section.getByRole('button', { name: 'Record the training' }).click();
		await expect(page.getByText('Describe the evidence: what the training was')).toBeVisible();
		await arrived(page, testInfo, RECORD, name);
		await recordTrainingElsewhere(page, testInfo, name);
		await expect(page.getByRole('main')).toContainText('Trained');
		await expect(page.getByRole('region', { name: 'History' })).toContainText('certificate seen');
	});

	await test.step('two trained facilitators are refused; with an accredited one the group is made', async () => {
		const group = `Pathway group ${testInfo.project.name} ${Date.now().toString(36)}`;
		await visit(page, testInfo, '/groups/new', 'Set up a new group');
		await page.getByLabel('Group name').fill(group);
		await page.getByLabel('First session').fill(weeksAhead(7));
		await page.getByLabel('Start time (London)').fill('10:00');
		await page.getByLabel('Venue').fill('Room 3, Northfield Family Centre');
		await page.getByRole('radio', { name: /^Funded/ }).check();
		await page.getByLabel('Funder (for funded groups)').fill('Northfield Family Trust');
		await page.getByLabel('First facilitator').selectOption({ label: name });
		await page.getByLabel('Second facilitator').selectOption({ label: 'Jamal Hussain' });
		// A date warning (bank holiday) may come first, depending on the day the tests run.
		await page.getByRole('button', { name: 'Create group' }).click();
		const keep = page.getByLabel('Yes, keep this date');
		const refusal = page.getByText('Every group needs at least one accredited facilitator');
		await expect(keep.or(refusal).first()).toBeVisible();
		if (await keep.isVisible()) {
			await keep.check();
			await page.getByRole('button', { name: 'Create group' }).click();
		}
		await expect(
			page.getByText('Every group needs at least one accredited facilitator')
		).toBeVisible();
		await arrived(page, testInfo, '/groups/new', 'Set up a new group');
		await page.getByLabel('Second facilitator').selectOption({ label: 'Priya Shah' });
		await createGroup(page);
		await arrived(page, testInfo, /\/groups\/[0-9a-f-]{36}\?created=1/, group);
		await visit(page, testInfo, '/review/facilitators', 'Facilitators');
		await expect(row).toContainText('Co-facilitating');
	});

	await test.step('not yet by the criteria; accredited elsewhere with evidence, they are accredited', async () => {
		await row.getByRole('link', { name }).click();
		await arrived(page, testInfo, RECORD, name);
		const accredit = page.getByRole('region', { name: 'Accredit', exact: true });
		await expect(accredit).toContainText('has not met every criterion yet');
		await accredit.getByRole('radio', { name: 'They met the criteria here' }).check();
		await accredit.getByRole('button', { name: `Accredit ${name}` }).click();
		await expect(accredit.getByText('They have not met every criterion yet')).toBeVisible();
		await arrived(page, testInfo, RECORD, name);
		await accredit.getByRole('radio', { name: /^Accredited elsewhere/ }).check();
		await accredit
			.getByLabel('If elsewhere: the evidence')
			.fill('Accredited by the Reflective Parenting programme team in November; letter seen.');
		await accredit.getByRole('button', { name: `Accredit ${name}` }).click();
		await expect(page.getByRole('status')).toContainText('Accredited.');
		await arrived(page, testInfo, RECORD, name);
		await expect(page.getByRole('main')).toContainText('Accredited');
		await expect(page.getByRole('region', { name: 'Renew the accreditation' })).toBeVisible();
	});
});

test('a facilitator sees the register’s names and stages and their own record, nobody else’s', async ({
	page
}, testInfo) => {
	await signIn(page, testInfo, 'facilitator3@example.org', HOMES.facilitator);
	await navigate(page, testInfo, 'Facilitators', '/review/facilitators', 'Facilitators');
	await expect(page.getByRole('main')).toContainText('Priya Shah');
	await expect(page.getByRole('main')).not.toContainText('facilitator1@example.org');
	await expect(page.getByRole('button', { name: 'Save the criteria' })).toHaveCount(0);
	await page.getByRole('link', { name: 'Your own record and progress' }).click();
	await arrived(page, testInfo, RECORD, 'Leah Morgan');
	await expect(page.getByRole('region', { name: 'Progress towards accreditation' })).toContainText(
		'Online – Wednesday evenings'
	);
	await expect(page.getByRole('button', { name: /^Accredit/ })).toHaveCount(0);
	const other = await page.goto(`/review/facilitators/${PRIYA}`);
	expect(other?.status()).toBe(403);
});

test('the lead finds facilitators by part of a name or email and by stage', async ({
	page
}, testInfo) => {
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, '/review/facilitators', 'Facilitators');
	const form = page.getByRole('search', { name: 'Find a facilitator' });
	await form.getByLabel('Name or email').fill('PRIYA');
	await form.getByRole('button', { name: 'Show' }).click();
	await arrived(page, testInfo, /\/review\/facilitators\?search=PRIYA/, 'Facilitators');
	const rows = page.getByRole('table').getByRole('row');
	await expect(rows).toHaveCount(2); // the heading and Priya
	await expect(rows.nth(1)).toContainText('Priya Shah');
	await expect(page.locator('main p.shown')).toHaveText('1 match, by name.');

	await form.getByLabel('Name or email').fill('facilitator1@');
	await form.getByLabel('Stage').selectOption({ label: 'Accredited' });
	await form.getByRole('button', { name: 'Show' }).click();
	await arrived(page, testInfo, /stage=accredited/, 'Facilitators');
	await expect(rows.nth(1)).toContainText('Priya Shah');
	await expect(form.getByLabel('Stage')).toHaveValue('accredited');
	await form.getByLabel('Stage').selectOption({ label: 'Trained' });
	await form.getByRole('button', { name: 'Show' }).click();
	await arrived(page, testInfo, /stage=trained/, 'Facilitators');
	await expect(page.getByRole('main')).toContainText('Nobody matches.');
	await page.getByRole('link', { name: 'Clear' }).click();
	await arrived(page, testInfo, /\/review\/facilitators$/, 'Facilitators');
	await expect(page.getByRole('table')).toContainText('Jamal Hussain');
});

test('the lead pauses a facilitator with a reason, and resumes them', async ({
	page
}, testInfo) => {
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, `/review/facilitators/${JAMAL}`, 'Jamal Hussain');
	const pause = page.getByRole('region', { name: 'Pause' });
	await pause.getByRole('button', { name: 'Pause' }).click();
	await expect(page.getByText('Say why they are paused.')).toBeVisible();
	await arrived(page, testInfo, `/review/facilitators/${JAMAL}`, 'Jamal Hussain');
	await pause.getByLabel('Why').fill('Leave of absence until the spring.');
	await pause.getByRole('button', { name: 'Pause' }).click();
	await expect(page.getByRole('status')).toContainText('Paused.');
	await arrived(page, testInfo, `/review/facilitators/${JAMAL}`, 'Jamal Hussain');
	await expect(page.getByRole('region', { name: 'Training and accreditation' })).toContainText(
		'Leave of absence until the spring.'
	);
	await page.getByRole('button', { name: 'Resume Jamal Hussain' }).click();
	await expect(page.getByRole('status')).toContainText('Resumed.');
	await arrived(page, testInfo, `/review/facilitators/${JAMAL}`, 'Jamal Hussain');
	await expect(page.getByRole('region', { name: 'Pause' })).toBeVisible();
});
