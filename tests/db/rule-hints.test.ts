/**
 * Refusals the app must tell apart say which they are in the error's DETAIL (PostgREST's
 * `details`), never only in their words: enrol_parent's "no parent account" is `no_account`,
 * which the enrol form reads to invite a new family first
 * (supabase/migrations/20261201105000_rule_hints.sql).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { startBackend } from './harness';
import { clients, rpc } from './groups-fixtures';

const TUESDAY = '00000000-0000-4000-8000-000000001001'; // open; parents 7–12

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());
const as = clients(() => backend);

describe('enrol_parent says when there is no parent account', () => {
	it('an email with no account: no_account, beside the email field', async () => {
		const r = await rpc(await as('facilitator1@example.org'), 'enrol_parent', {
			group_id: TUESDAY,
			email: 'new.family@example.org'
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'email', details: 'no_account' });
	});

	it("a member of staff's email is not a parent account either", async () => {
		const r = await rpc(await as('lead@example.org'), 'enrol_parent', {
			group_id: TUESDAY,
			email: 'facilitator2@example.org'
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'email', details: 'no_account' });
	});

	it('other refusals carry no such detail', async () => {
		const r = await rpc(await as('facilitator1@example.org'), 'enrol_parent', {
			group_id: TUESDAY,
			email: 'parent7@example.org'
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'email' });
		expect(r.error?.message).toContain('already listed');
		expect((r.error as { details?: unknown }).details ?? null).toBeNull();
	});
});
