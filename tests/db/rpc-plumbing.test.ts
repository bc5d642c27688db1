/**
 * The one plumbing ($lib/server/rpc) against the embedded backend through supabase-js, as the
 * app calls it: view() parses and types the view model or gives the error page the SQLSTATE
 * table says; viewOrProblem() keeps a rule break beside the form; write() turns refusals into
 * form failures with the values kept, and says which refusal when SQL's detail does.
 */
import { isHttpError } from '@sveltejs/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { view, viewOrProblem, write } from '../../src/lib/server/rpc';
import { startBackend } from './harness';
import { clients } from './groups-fixtures';

const TUESDAY = '00000000-0000-4000-8000-000000001001';
const NOWHERE = '00000000-0000-4000-8000-00000000dead';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());
const as = clients(() => backend);

async function httpError(p: Promise<unknown>) {
	try {
		await p;
	} catch (e) {
		if (isHttpError(e)) return { status: e.status, message: e.body.message };
		throw e;
	}
	throw new Error('expected an error page');
}

describe('view', () => {
	it('returns the view model its schema parsed', async () => {
		const page = await view(await as('lead@example.org'), 'group_page', { group_id: TUESDAY });
		expect(page.group.name).toBe('Tuesday mornings');
		expect(page.group.phase).toBe('open');
		expect(page.group.programme.places).toBe(12);
	});

	it('someone not allowed gets a 403 page', async () => {
		expect(await httpError(view(await as('parent1@example.org'), 'review_home', {}))).toEqual({
			status: 403,
			message: 'You do not have access to this page.'
		});
	});

	it('something that does not exist is a 404 page with the function’s message', async () => {
		const lead = await as('lead@example.org');
		expect(await httpError(view(lead, 'group_page', { group_id: NOWHERE }))).toEqual({
			status: 404,
			message: 'No such group.'
		});
	});

	it('a rule break is a 400 page with the function’s message', async () => {
		const lead = await as('lead@example.org');
		const r = httpError(
			view(lead, 'funder_report', { from_date: '2027-02-01', to_date: '2027-01-01' })
		);
		expect(await r).toEqual({
			status: 400,
			message: 'Choose a start date on or before the end date.'
		});
	});
});

describe('viewOrProblem', () => {
	it('keeps a rule break beside the form, with the field its hint names', async () => {
		const lead = await as('lead@example.org');
		const r = await viewOrProblem(lead, 'funder_report', {
			from_date: '2027-02-01',
			to_date: '2027-01-01'
		});
		expect(r).toEqual({
			view: null,
			problem: { message: 'Choose a start date on or before the end date.', field: 'from_date' }
		});
	});
});

describe('write', () => {
	it('types what the app reads of the result', async () => {
		const f1 = await as('facilitator1@example.org');
		const r = await write(
			f1,
			'enrol_parent',
			// parent1 has a place in Thursday evenings, whose dates overlap: enrol anyway.
			{ group_id: TUESDAY, email: 'parent1@example.org', confirm_overlap: true },
			{}
		);
		expect(r.failure).toBeUndefined();
		expect(r.data).toMatchObject({
			status: 'enrolled',
			full_name: expect.any(String),
			position: null
		});
	});

	it('a rule break is a 400 failure beside the hinted field, with the reason SQL gave', async () => {
		const f1 = await as('facilitator1@example.org');
		const values = { email: 'new.family@example.org', form: 'enrol' };
		const r = await write(f1, 'enrol_parent', { group_id: TUESDAY, email: values.email }, values);
		expect(r.reason).toBe('no_account');
		expect(r.failure?.status).toBe(400);
		expect(r.failure?.data).toEqual({
			values,
			errors: { email: 'There is no parent account for new.family@example.org.' },
			message: undefined
		});
	});

	it('not allowed is a 403 failure; not found a 404 with the message', async () => {
		const parent = await as('parent2@example.org');
		const denied = await write(parent, 'open_group', { group_id: TUESDAY }, {});
		expect(denied.failure?.status).toBe(403);
		expect(denied.failure?.data.message).toBe('You are not allowed to do that.');
		const f1 = await as('facilitator1@example.org');
		const missing = await write(
			f1,
			'withdraw_enrolment',
			{ enrolment_id: NOWHERE, reason: 'Moved', withdrawn_on: '2026-01-01' },
			{}
		);
		expect(missing.failure?.status).toBe(404);
		expect(missing.failure?.data.message).toBe('No such enrolment.');
	});

	it('input the database refuses is a 400 with the generic message', async () => {
		const lead = await as('lead@example.org');
		const r = await write(lead, 'cancel_group', { group_id: TUESDAY, reason: 'x'.repeat(600) }, {});
		expect(r.failure?.status).toBe(400);
		expect(r.failure?.data.message).toBe('Some of the details are not valid. Please check them.');
	});
});
