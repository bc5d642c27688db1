/**
 * The lead's outcome measures page (/review/measures), with JavaScript on and off: GBO is built
 * in and on the Reflective Parenting group's schedule; the lead pastes a made-up instrument's
 * definition (a misspelt field and then a range that does not fit are refused with plain
 * messages, nothing installed), adds it at a 12-week follow-up (a 2-week one is refused beside
 * its field), takes it off the schedule and removes it, leaving the demo as it was.
 */
import { expect, test } from '@playwright/test';
import { arrived, HOMES, navigate, signIn } from './helpers';

const definition = (id: string, extra: Record<string, unknown> = {}) =>
	JSON.stringify({
		id,
		name: `Made-up wellbeing check ${id}`,
		short_name: 'MUWC',
		scoring: 'sum',
		range: { min: 3, max: 15 },
		higher_is_better: true,
		cutoff: 8,
		reliable_change: 3,
		licence: 'Made up for the test.',
		options: [1, 2, 3, 4, 5].map((value) => ({ value, label: `Option ${value}` })),
		items: [
			{ wording: 'I have felt calm.' },
			{ wording: 'I have felt on edge.', reverse: true },
			{ wording: 'I have enjoyed time with the child.' }
		],
		...extra
	});

test('the lead adds an instrument from its definition, schedules a follow-up and removes it', async ({
	page
}, testInfo) => {
	const id = `made_up_${testInfo.project.name.replace(/[^a-z]/g, '')}`;
	await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
	await navigate(page, testInfo, 'Measures', '/review/measures', 'Outcome measures');
	const instruments = page.getByRole('table', {
		name: 'Every instrument, how it is scored and who sees it'
	});
	await expect(instruments.getByRole('row', { name: /Goal-Based Outcomes/ })).toContainText(
		'Mean of up to three goals'
	);
	const schedule = page.locator('form').filter({ hasText: 'Reflective Parenting group' });
	await expect(
		schedule.getByRole('group', { name: 'Goal-Based Outcomes' }).getByLabel('Before (by session 1)')
	).toBeChecked();

	const add = async (text: string) => {
		await page.getByLabel('Or paste the definition').fill(text);
		await page.getByRole('button', { name: 'Add the instrument' }).click();
		await arrived(page, testInfo, /\/review\/measures/, 'Outcome measures');
	};
	await add(definition(id, { reliable_chnage: 3 }));
	await expect(
		page.getByText('"reliable_chnage", which an instrument does not have')
	).toBeVisible();
	await add(definition(id, { range: { min: 0, max: 15 } }));
	await expect(page.getByText('The range does not match the options and items')).toBeVisible();
	await expect(instruments.getByRole('row', { name: new RegExp(id) })).toHaveCount(0);

	await add(definition(id));
	await expect(page.getByRole('status')).toHaveText(`Made-up wellbeing check ${id} is installed.`);
	await expect(instruments.getByRole('row', { name: new RegExp(id) })).toContainText(
		'Sum of the items, higher is better'
	);

	const mine = schedule.getByRole('group', { name: `Made-up wellbeing check ${id}` });
	await mine.getByLabel('Follow-up', { exact: true }).check();
	await mine.getByLabel('Follow-up: weeks after the last session').fill('2');
	await schedule.getByRole('button', { name: /Save Reflective Parenting group/ }).click();
	await arrived(page, testInfo, /\/review\/measures/, 'Outcome measures');
	await expect(
		page.getByText('A follow-up is 4 to 52 weeks after the last session.')
	).toBeVisible();

	const again = page
		.locator('form')
		.filter({ hasText: 'Reflective Parenting group' })
		.getByRole('group', { name: `Made-up wellbeing check ${id}` });
	await again.getByLabel('Follow-up: weeks after the last session').fill('12');
	await page.getByRole('button', { name: /Save Reflective Parenting group/ }).click();
	await arrived(page, testInfo, /\/review\/measures/, 'Outcome measures');
	await expect(page.getByRole('status')).toContainText('The schedule is saved.');
	await expect(again.getByLabel('Follow-up', { exact: true })).toBeChecked();
	await expect(again.getByLabel('Follow-up: weeks after the last session')).toHaveValue('12');

	// In use by a programme, it cannot be removed: off the schedule first, then removed.
	await again.getByLabel('Follow-up', { exact: true }).uncheck();
	await page.getByRole('button', { name: /Save Reflective Parenting group/ }).click();
	await arrived(page, testInfo, /\/review\/measures/, 'Outcome measures');
	await page.getByText(`Made-up wellbeing check ${id}: 3 items`).click();
	await page.getByRole('button', { name: 'Remove MUWC' }).click();
	await arrived(page, testInfo, /\/review\/measures/, 'Outcome measures');
	await expect(page.getByRole('status')).toHaveText('The instrument was removed.');
	await expect(instruments.getByRole('row', { name: new RegExp(id) })).toHaveCount(0);
	await expect(
		page
			.locator('form')
			.filter({ hasText: 'Reflective Parenting group' })
			.getByRole('group', { name: 'Goal-Based Outcomes' })
			.getByLabel('After (at the last session)')
	).toBeChecked();
});
