import { readFileSync } from 'node:fs';
import {
	expect,
	test,
	type Browser,
	type Locator,
	type Page,
	type TestInfo
} from '@playwright/test';
import {
	HOMES,
	arrived,
	expectAccessible,
	hasJs,
	navigate,
	signIn,
	urlFor,
	visit
} from './helpers';

/**
 * The clinical lead's review, with JavaScript on and off: the dashboard's funding filter, a
 * group's drill-down (register grid, concerns marked as reviewed) and the funder report, whose
 * CSV download must say what the page says. Facilitators are kept out.
 */

const GROUP = '00000000-0000-4000-8000-000000001002';
const SEED_CONCERN = 'Patricia has missed two sessions';

/** A date some days from today, as a date input takes it (yyyy-mm-dd). */
function daysFromToday(days: number): string {
	return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** "Thu 29 Oct 2026" in London, as the pages show a day (src/lib/groups/format.ts). */
function londonDay(isoDate: string): string {
	return new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		weekday: 'short',
		day: 'numeric',
		month: 'short',
		year: 'numeric'
	})
		.formatToParts(new Date(`${isoDate}T12:00:00Z`))
		.map((p) => (p.type === 'literal' ? p.value.replace(',', '') : p.value))
		.join('');
}

/** RFC 4180 CSV: quoted cells, "" for a quote, CRLF or LF between rows. */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\n' || c === '\r') {
			if (c === '\r' && text[i + 1] === '\n') i++;
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
		} else cell += c;
	}
	if (cell || row.length) rows.push([...row, cell]);
	return rows;
}

/** The text of every cell (row header included) of each body row of a table. */
async function tableRows(table: Locator): Promise<string[][]> {
	return table
		.locator('tbody tr')
		.evaluateAll((trs) =>
			trs.map((tr) =>
				[...tr.querySelectorAll('th, td')].map((c) =>
					(c.textContent ?? '').replace(/\s+/g, ' ').trim()
				)
			)
		);
}

/** A summary list (dl) as { term: value }. */
async function summary(section: Locator): Promise<Record<string, string>> {
	return section
		.locator('dl > div')
		.evaluateAll((divs) =>
			Object.fromEntries(
				divs.map((d) => [
					(d.querySelector('dt')?.textContent ?? '').trim(),
					(d.querySelector('dd')?.textContent ?? '').trim()
				])
			)
		);
}

/** "75%" on the page is "75" in the CSV; "–" (no marks yet) is an empty cell. */
function percent(csv: string): string {
	return csv === '' ? '–' : `${csv}%`;
}

/** "£1,120" or "£120.50" on the page is "1120.00" or "120.50" in the CSV. */
function pounds(csv: string): string {
	if (csv === '') return '';
	const pence = Math.round(Number(csv) * 100);
	const digits = pence % 100 === 0 ? 0 : 2;
	return `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/** "1,234" on the page is "1234" in the CSV. */
function count(csv: string): string {
	return Number(csv).toLocaleString('en-GB');
}

/** A context like the project's (JS on or off), for a second person. */
async function otherPerson(browser: Browser, testInfo: TestInfo): Promise<Page> {
	const use = testInfo.project.use;
	const context = await browser.newContext({
		baseURL: use.baseURL,
		javaScriptEnabled: use.javaScriptEnabled,
		locale: use.locale,
		timezoneId: use.timezoneId,
		viewport: use.viewport
	});
	return context.newPage();
}

test('a facilitator gets a 403 page at /review', async ({ page }, testInfo) => {
	await signIn(page, testInfo, HOMES.facilitator.email, HOMES.facilitator);
	for (const path of ['/review', '/review/report', `/review/groups/${GROUP}`]) {
		const response = await page.goto(path);
		expect(response?.status(), path).toBe(403);
		await expect(page.getByRole('heading', { level: 1 })).toContainText(
			'You do not have access to this page'
		);
		await expectAccessible(page);
	}
	// Nor the report's data by another door.
	const csv = await page.request.get('/review/report.csv');
	expect(csv.status()).toBe(403);
	expect(await csv.text()).not.toContain('Thursday evenings');
});

test('the lead filters the dashboard by funding and opens a group', async ({ page }, testInfo) => {
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	// The section is "Every group (n)"; the scrolling box inside it may be a region of its own.
	const groups = page.getByRole('region', { name: /^Every group \(\d+\)$/ }).getByRole('table');
	const names = groups.locator('tbody th[scope=row]');
	await expect(names).toContainText(['Tuesday mornings', 'Thursday evenings']);
	// The demo's groups (and any earlier tests made) fit on one page: nothing to page through.
	const heading = await page.getByRole('heading', { name: /^Every group \(\d+\)$/ }).textContent();
	const count = Number(/\((\d+)\)/.exec(heading ?? '')?.[1]);
	expect(count).toBeGreaterThanOrEqual(3);
	expect(count).toBeLessThanOrEqual(50);
	await expect(names).toHaveCount(count);
	await expect(page.getByText(`${count} groups, newest first.`)).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Pages of groups' })).toHaveCount(0);
	// A page past the last (an old link, say) shows the last page rather than nothing.
	await visit(page, testInfo, '/review?page=2', HOMES.lead.heading);
	await expect(names).toHaveCount(count);
	await expect(page.getByText(`${count} groups, newest first.`)).toBeVisible();

	await page.getByLabel('Funding').selectOption({ label: 'Self-funded' });
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page).toHaveURL(/[?&]funding=self_funded(&|$)/);
	await arrived(page, testInfo, '/review', HOMES.lead.heading);
	await expect(page.getByLabel('Funding')).toHaveValue('self_funded');
	await expect(names.filter({ hasText: 'Online – Wednesday evenings' })).toHaveCount(1);
	const rows = await tableRows(groups);
	expect(rows.length).toBeGreaterThan(0);
	for (const row of rows) expect(row[3], `funding of ${row[0]}`).toBe('Self-funded');
	await expect(names.filter({ hasText: 'Thursday evenings' })).toHaveCount(0);
	await expect(names.filter({ hasText: 'Tuesday mornings' })).toHaveCount(0);

	await page.getByRole('link', { name: 'Clear filters' }).click();
	await arrived(page, testInfo, '/review', HOMES.lead.heading);
	await expect(page).not.toHaveURL(/funding=/);
	// (That the Funding menu itself reads "Any" again is the next test.)
	await expect(names.filter({ hasText: 'Thursday evenings' })).toHaveCount(1);

	await groups.getByRole('link', { name: 'Thursday evenings', exact: true }).click();
	await arrived(page, testInfo, `/review/groups/${GROUP}`, 'Thursday evenings');
	// The register grid: parents × 8 sessions; the first three were held with a register.
	const grid = page
		.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Register' }) })
		.getByRole('table');
	await expect(grid.locator('thead th')).toHaveText([
		'Parent',
		...'12345678'.split(''),
		'Attended',
		'Completion'
	]);
	const patricia = grid.getByRole('row', { name: /Patricia Nolan/ });
	await expect(patricia.locator('td.mark').nth(0).locator('abbr')).toHaveAttribute(
		'title',
		'Present'
	);
	await expect(patricia.locator('td.mark').nth(1).locator('abbr')).toHaveAttribute(
		'title',
		'Absent'
	);
	const sandra = grid.getByRole('row', { name: /Sandra Kowalski/ });
	await expect(sandra.locator('td.mark').nth(1).locator('abbr')).toHaveAttribute(
		'title',
		'Apologies'
	);
	await expect(grid.locator('tbody tr')).toHaveCount(6);
	// The seeded concern is listed (open, unless the JS project has already reviewed it).
	await expect(page.getByRole('region', { name: 'Concerns' })).toContainText(SEED_CONCERN);
});

test('after "Clear filters" the Funding menu reads "Any" again', async ({ page }, testInfo) => {
	// With JavaScript, Clear filters is a client-side navigation: the menus must follow the URL.
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await page.getByLabel('Funding').selectOption({ label: 'Self-funded' });
	await page.getByRole('button', { name: 'Show', exact: true }).click();
	await expect(page).toHaveURL(/[?&]funding=self_funded(&|$)/);
	await arrived(page, testInfo, '/review', HOMES.lead.heading);
	await page.getByRole('link', { name: 'Clear filters' }).click();
	await expect(page).toHaveURL(urlFor('/review'));
	await expect(page).not.toHaveURL(/funding=/);
	await expect(page.getByRole('link', { name: 'Clear filters' })).toHaveCount(0);
	await expect(page.getByLabel('Funding')).toHaveValue('', { timeout: 3000 });
});

test('the lead marks a concern as reviewed', async ({ page, browser }, testInfo) => {
	// With JavaScript the lead reviews the seeded concern; without, a new one raised here first,
	// so each project has an open concern to review whichever runs first.
	let description = SEED_CONCERN;
	if (!hasJs(testInfo)) {
		description = `Denise seemed very tired tonight (${Date.now().toString(36)}).`;
		const facilitator = await otherPerson(browser, testInfo);
		await signIn(facilitator, testInfo, HOMES.facilitator.email, HOMES.facilitator);
		await visit(facilitator, testInfo, `/groups/${GROUP}/sessions/3`, /^Session 3\b/);
		const raise = facilitator.getByRole('region', { name: 'Raise a concern' });
		await raise.getByLabel('About').selectOption({ label: 'Denise Campbell' });
		await raise.getByRole('radio', { name: 'Wellbeing' }).check();
		await raise.getByRole('radio', { name: 'Low' }).check();
		await raise.getByLabel('What happened, and what worries you').fill(description);
		await raise.getByRole('button', { name: 'Raise concern' }).click();
		await expect(facilitator.getByRole('status')).toContainText('Concern recorded');
		await arrived(facilitator, testInfo, /\/groups\/[0-9a-f-]{36}\/sessions\/3/, /^Session 3\b/);
		await expect(raise.getByRole('listitem').filter({ hasText: description })).toHaveCount(1);
		await facilitator.context().close();
	}

	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await visit(page, testInfo, `/review/groups/${GROUP}`, 'Thursday evenings');
	const concern = page
		.getByRole('region', { name: 'Concerns' })
		.getByRole('article')
		.filter({ hasText: description });
	await expect(concern).toHaveCount(1);
	await expect(concern).not.toContainText('Reviewed by');
	const note = `Phoned the family; support offered (${testInfo.project.name}).`;
	await concern.getByLabel('What was done or decided').fill(note);
	await concern.getByRole('button', { name: 'Mark as reviewed' }).click();
	await expect(page.getByRole('status')).toHaveText('The concern is marked as reviewed.');
	await arrived(page, testInfo, `/review/groups/${GROUP}`, 'Thursday evenings');
	await expect(concern).toContainText(`Reviewed by Helen Marsh on `);
	await expect(concern).toContainText(note);
	await expect(concern.getByRole('button', { name: 'Mark as reviewed' })).toHaveCount(0);
	// It stays reviewed.
	await visit(page, testInfo, `/review/groups/${GROUP}`, 'Thursday evenings');
	await expect(concern).toContainText(`Reviewed by Helen Marsh on `);
});

test("the funder report's CSV says what the page says", async ({ page }, testInfo) => {
	const from = daysFromToday(-365);
	const to = daysFromToday(365);
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'Funder report', '/review/report', 'Funder report');

	await page.getByLabel('From', { exact: true }).fill(from);
	await page.getByLabel('To', { exact: true }).fill(to);
	await page.getByRole('button', { name: 'Show report' }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]from_date=${from}&to_date=${to}(&|$)`));
	await arrived(page, testInfo, '/review/report', 'Funder report');
	await expect(page.getByLabel('From', { exact: true })).toHaveValue(from);

	const funded = page.getByRole('region', { name: 'Donor-funded groups' });
	const self = page.getByRole('region', { name: 'Self-funded groups' });
	const delivered = (s: Locator) => s.getByRole('region', { name: 'Groups delivered' });
	const planned = (s: Locator) => s.getByRole('region', { name: 'Groups planned' });
	// A section with nothing delivered has one row saying so, not a group.
	const groups = (rows: string[][]) => rows.filter((r) => r.length > 1);
	const fundedRows = groups(await tableRows(delivered(funded).getByRole('table')));
	const selfRows = groups(await tableRows(delivered(self).getByRole('table')));
	const fundedPlanned = await tableRows(planned(funded).getByRole('table'));
	const selfPlanned = await tableRows(planned(self).getByRole('table'));
	const fundedSummary = await summary(funded);
	const selfSummary = await summary(self);
	// Thursday evenings has begun; Tuesday mornings and the online group start later: planned.
	expect(fundedRows.map((r) => r[0])).toContain('Thursday evenings');
	expect(fundedPlanned.map((r) => r[0])).toContain('Tuesday mornings');
	expect(selfPlanned.map((r) => r[0])).toContain('Online – Wednesday evenings');
	expect(fundedSummary['Groups delivered']).toBe(String(fundedRows.length));
	expect(selfSummary['Groups delivered']).toBe(String(selfRows.length));
	expect(fundedSummary['Groups planned']).toBe(String(fundedPlanned.length));
	expect(selfSummary['Groups planned']).toBe(String(selfPlanned.length));

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download CSV' }).click()
	]);
	expect(download.suggestedFilename()).toBe(`funder-report-${from}-to-${to}.csv`);
	const csv = parseCsv(readFileSync(await download.path(), 'utf8'));
	const [header, ...lines] = csv;
	expect(header).toEqual([
		'Section',
		'Group',
		'Funder',
		'Fee per family (GBP)',
		'First session',
		'Status',
		'Families started',
		'Families completed',
		'Attendance rate (%)',
		'Sessions held',
		'Places taken'
	]);
	// Downloading is not navigating: the report is still on screen.
	await expect(page).toHaveURL(/\/review\/report\?/);

	/** A CSV group row as the page's table shows it. */
	const asShown = (c: string[], selfFunded: boolean) => [
		c[1],
		selfFunded ? pounds(c[3] ?? '') : c[2],
		londonDay(c[4] ?? ''),
		c[6],
		c[7],
		percent(c[8] ?? ''),
		c[9]
	];
	expect(
		lines.filter((c) => c[0] === 'Funded').map((c) => asShown(c, false)),
		'funded rows'
	).toEqual(fundedRows);
	expect(
		lines.filter((c) => c[0] === 'Self-funded').map((c) => asShown(c, true)),
		'self-funded rows'
	).toEqual(selfRows);

	const totals = (label: string) => lines.filter((c) => c[0] === label);
	expect(totals('Funded total')).toHaveLength(1);
	expect(totals('Self-funded total')).toHaveLength(1);
	for (const [label, shown, selfFunded] of [
		['Funded total', fundedSummary, false],
		['Self-funded total', selfSummary, true]
	] as const) {
		const t = totals(label)[0] as string[];
		const plannedLabel = label === 'Funded total' ? 'Funded, planned' : 'Self-funded, planned';
		const fromCsv: Record<string, string> = {
			'Groups delivered': count((t[1] ?? '').replace(/ groups delivered$/, '')),
			'Groups planned': count(String(lines.filter((c) => c[0] === plannedLabel).length)),
			'Families started': count(t[6] ?? ''),
			'Families completed': count(t[7] ?? ''),
			'Attendance rate': percent(t[8] ?? ''),
			'Sessions held': count(t[9] ?? '')
		};
		if (selfFunded) fromCsv['Fees (families started × fee)'] = pounds(t[3] ?? '');
		expect(fromCsv, label).toEqual(shown);
	}
	// The planned groups, with the places taken as the page shows them.
	const plannedShown = (c: string[], selfFunded: boolean) => [
		c[1],
		selfFunded ? pounds(c[3] ?? '') : c[2],
		londonDay(c[4] ?? ''),
		c[10]
	];
	expect(
		lines.filter((c) => c[0] === 'Funded, planned').map((c) => plannedShown(c, false))
	).toEqual(fundedPlanned);
	expect(
		lines.filter((c) => c[0] === 'Self-funded, planned').map((c) => plannedShown(c, true))
	).toEqual(selfPlanned);
	// Nothing else before the first blank line: a header, the group rows, two totals and the
	// planned groups. The outcome measures follow it (tests/e2e/outcome-results.spec.ts).
	const blank = lines.findIndex((c) => c.every((x) => x === ''));
	expect(blank).toBeGreaterThan(0);
	expect(lines.slice(0, blank)).toHaveLength(
		fundedRows.length + selfRows.length + 2 + fundedPlanned.length + selfPlanned.length
	);
	expect(lines[blank + 1]?.[0]).toBe('Section');
});

test('a report period that ends before it starts says so and keeps the form', async ({
	page
}, testInfo) => {
	const from = daysFromToday(30);
	const to = daysFromToday(-30);
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'Funder report', '/review/report', 'Funder report');
	await page.getByLabel('From', { exact: true }).fill(from);
	await page.getByLabel('To', { exact: true }).fill(to);
	await page.getByRole('button', { name: 'Show report' }).click();
	await expect(page).toHaveURL(new RegExp(`[?&]from_date=${from}&to_date=${to}(&|$)`));
	await arrived(page, testInfo, '/review/report', 'Funder report');
	await expect(page.getByRole('alert')).toHaveText(
		'No report: Choose a start date on or before the end date.'
	);
	// The dates stay as entered, the start date is marked, and no figures or download are offered.
	const fromField = page.getByLabel('From', { exact: true });
	await expect(fromField).toHaveValue(from);
	await expect(fromField).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('To', { exact: true })).toHaveValue(to);
	await expect(page.getByRole('region', { name: 'Donor-funded groups' })).toHaveCount(0);
});
