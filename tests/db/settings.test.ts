/**
 * The lead's settings page: only the clinical lead reads the organisation's settings and the
 * messages that could not be sent, or changes the settings, retries a message or sends a test
 * email; every other role is refused and changes nothing. Through supabase-js as each person.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, startBackend, type Client } from './harness';
import { clients, ok, rpc } from './groups-fixtures';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

const as = clients(() => backend);
const service = (): Client => anonClient(backend, backend.serviceRoleKey);

const OTHERS: [string, () => Promise<Client>][] = [
	['a facilitator', () => as('facilitator1@example.org')],
	['a parent', () => as('parent1@example.org')],
	['someone signed out', async () => anonClient(backend)]
];

const SETTINGS = {
	name: '  Northbank Clinic ',
	phone: '020 7946 0999',
	email: 'Hello@Northbank.example',
	postal_address: '1 River Row\nLondon E1 1AA',
	reply_to: 'replies@northbank.example',
	concern_deputy: ids.facilitator1,
	reminder_days_before: [2, 7, 2],
	morning_reminder_at: '07:30',
	staff_contact: 'facilitators@northbank.example',
	region: 'england_wales'
};

async function organisation() {
	const { rows } = await backend.db.query<Record<string, unknown>>(
		`select name, phone, email, postal_address, reply_to, concern_deputy::text,
		        reminder_days_before, morning_reminder_at::text, staff_contact, region
		   from public.organisation`
	);
	return rows;
}

/** A message that has failed for good, as the worker records a 550. */
async function failedMessage(): Promise<number> {
	const { rows } = await backend.db.query<{ id: string }>(
		`select private.queue_message_to_email('sign_in_attempts', 'gone@example.org', 'Gone', '{}') as id`
	);
	const id = Number(rows[0]!.id);
	await backend.db.query(
		`update public.notifications set status = 'failed', attempts = 1, claimed_at = now(),
		   claimed_by = 'test', last_error = '550 5.1.1 User unknown' where id = $1`,
		[id]
	);
	return id;
}

describe('settings_page', () => {
	it('shows the lead the settings, the facilitators who can deputise and the failures', async () => {
		const id = await failedMessage();
		const page = await ok<{
			settings: { name: string; concern_deputy: string | null };
			deputies: { id: string }[];
			failures: { total: number; items: { id: number; last_error: string; to_email: string }[] };
		}>(await as('lead@example.org'), 'settings_page');
		expect(page.settings.name).toBe('Riverside Family Clinic');
		expect(page.settings.concern_deputy).toBe(ids.facilitator2);
		expect(page.deputies.map((d) => d.id).sort()).toEqual(
			[ids.facilitator1, ids.facilitator2, ids.facilitator3, ids.facilitator4].sort()
		);
		expect(page.failures.items[0]).toMatchObject({
			id,
			to_email: 'gone@example.org',
			last_error: '550 5.1.1 User unknown'
		});
		expect(page.failures.total).toBeGreaterThanOrEqual(1);
	});

	it('pages the failures, newest first', async () => {
		for (let i = 0; i < 21; i++) await failedMessage();
		const lead = await as('lead@example.org');
		type P = { failures: { total: number; page: number; items: { id: number }[] } };
		const first = await ok<P>(lead, 'settings_page', { page: 1 });
		const second = await ok<P>(lead, 'settings_page', { page: 2 });
		expect(first.failures.items).toHaveLength(20);
		expect(second.failures.items.length).toBe(first.failures.total - 20);
		const ids1 = first.failures.items.map((f) => f.id);
		expect(ids1).toEqual([...ids1].sort((a, b) => b - a));
		expect(Math.min(...ids1)).toBeGreaterThan(Math.max(...second.failures.items.map((f) => f.id)));
	});

	for (const [who, client] of OTHERS) {
		it(`is refused to ${who}`, async () => {
			expect((await rpc(await client(), 'settings_page')).error?.code).toBe('42501');
		});
	}

	it('the tables give nobody else anything: not the settings, not the queue', async () => {
		await failedMessage();
		for (const user of [ids.facilitator1, ids.parent(1), null]) {
			const org = await asRole(backend, user, 'select * from public.organisation').catch(
				(e: { code: string }) => e.code
			);
			expect(org === '42501' || (Array.isArray(org) && org.length === 0), String(user)).toBe(true);
			const queue = await asRole(backend, user, 'select id from public.notifications').catch(
				(e: { code: string }) => e.code
			);
			expect(queue === '42501' || (Array.isArray(queue) && queue.length === 0), String(user)).toBe(
				true
			);
		}
		// The lead sees only the ones that need them, and never a payload.
		const seen = await asRole<{ status: string }>(
			backend,
			ids.lead,
			'select status::text from public.notifications'
		);
		expect(seen.length).toBeGreaterThan(0);
		expect(new Set(seen.map((r) => r.status))).toEqual(new Set(['failed']));
		await expect(
			asRole(backend, ids.lead, 'select payload from public.notifications')
		).rejects.toMatchObject({ code: '42501' });
	});
});

describe('save_organisation_settings', () => {
	it('saves what the lead gives, tidied: trimmed, lower-case emails, days once each', async () => {
		expect(await ok(await as('lead@example.org'), 'save_organisation_settings', SETTINGS)).toEqual({
			saved: true
		});
		expect(await organisation()).toEqual([
			{
				name: 'Northbank Clinic',
				phone: '020 7946 0999',
				email: 'hello@northbank.example',
				postal_address: '1 River Row\nLondon E1 1AA',
				reply_to: 'replies@northbank.example',
				concern_deputy: ids.facilitator1,
				reminder_days_before: [7, 2],
				morning_reminder_at: '07:30:00',
				staff_contact: 'facilitators@northbank.example',
				region: 'england_wales'
			}
		]);
		// And the emails sign off with it.
		const clinic = await ok<{ clinic: { name: string; reply_to: string } }>(
			service(),
			'claim_messages',
			{ worker: 'settings-test', max: 0 }
		);
		expect(clinic.clinic).toMatchObject({
			name: 'Northbank Clinic',
			reply_to: 'replies@northbank.example'
		});
	});

	it('empties optional fields, and "nobody" as deputy and no morning reminder', async () => {
		await ok(await as('lead@example.org'), 'save_organisation_settings', {
			...SETTINGS,
			phone: '',
			email: ' ',
			concern_deputy: null,
			reminder_days_before: [],
			morning_reminder_at: null
		});
		expect((await organisation())[0]).toMatchObject({
			phone: null,
			email: null,
			concern_deputy: null,
			reminder_days_before: [],
			morning_reminder_at: null
		});
	});

	it('refuses a deputy who is not a facilitator, and a bad address, changing nothing', async () => {
		const lead = await as('lead@example.org');
		await ok(lead, 'save_organisation_settings', SETTINGS);
		const before = await organisation();
		const parent = await rpc(lead, 'save_organisation_settings', {
			...SETTINGS,
			name: 'Changed',
			concern_deputy: ids.parent(1)
		});
		expect(parent.error).toMatchObject({ code: 'P0001', hint: 'concern_deputy' });
		const email = await rpc(lead, 'save_organisation_settings', {
			...SETTINGS,
			name: 'Changed',
			reply_to: 'not an address'
		});
		expect(email.error?.code).toBe('23514');
		const days = await rpc(lead, 'save_organisation_settings', {
			...SETTINGS,
			reminder_days_before: [30]
		});
		expect(days.error?.code).toBe('23514');
		expect(await organisation()).toEqual(before);
	});

	it('saves the region, shows it on the settings page and to the group and new-group pages', async () => {
		const lead = await as('lead@example.org');
		await ok(lead, 'save_organisation_settings', { ...SETTINGS, region: 'scotland' });
		expect((await organisation())[0]).toMatchObject({ region: 'scotland' });
		const page = await ok<{ settings: { region: string } }>(lead, 'settings_page');
		expect(page.settings.region).toBe('scotland');
		const form = await ok<{ region: string }>(lead, 'new_group_form');
		expect(form.region).toBe('scotland');
		// A facilitator cannot read the settings row, but their group's page says the region.
		const group = await ok<{ region: string }>(await as('facilitator1@example.org'), 'group_page', {
			group_id: '00000000-0000-4000-8000-000000001002'
		});
		expect(group.region).toBe('scotland');
		await ok(lead, 'save_organisation_settings', { ...SETTINGS, region: 'northern_ireland' });
		expect((await organisation())[0]).toMatchObject({ region: 'northern_ireland' });
		await ok(lead, 'save_organisation_settings', SETTINGS);
		expect((await organisation())[0]).toMatchObject({ region: 'england_wales' });
	});

	it('refuses a region that is not one of the three, changing nothing', async () => {
		const lead = await as('lead@example.org');
		await ok(lead, 'save_organisation_settings', SETTINGS);
		const before = await organisation();
		for (const region of ['wales', 'Scotland', '', null]) {
			const r = await rpc(lead, 'save_organisation_settings', {
				...SETTINGS,
				name: 'Changed',
				region
			});
			expect(r.error, String(region)).toMatchObject({ code: 'P0001', hint: 'region' });
		}
		expect(await organisation()).toEqual(before);
		// Nor can the table be given one by any other way in.
		await expect(
			backend.db.query("update public.organisation set region = 'wales'")
		).rejects.toMatchObject({ code: '23514' });
	});

	for (const [who, client] of OTHERS) {
		it(`is refused to ${who}, changing nothing`, async () => {
			const before = await organisation();
			const r = await rpc(await client(), 'save_organisation_settings', {
				...SETTINGS,
				name: 'Taken over',
				region: 'scotland'
			});
			expect(r.error?.code).toBe('42501');
			expect(await organisation()).toEqual(before);
		});
	}
});

describe('send_test_message', () => {
	it('queues a test email to the lead who asks', async () => {
		const r = await ok<{ id: number }>(await as('lead@example.org'), 'send_test_message');
		const { rows } = await backend.db.query<{ kind: string; to_profile: string; status: string }>(
			'select kind, to_profile::text, status::text from public.notifications where id = $1',
			[r.id]
		);
		expect(rows).toEqual([{ kind: 'settings_test', to_profile: ids.lead, status: 'queued' }]);
	});

	for (const [who, client] of OTHERS) {
		it(`is refused to ${who}`, async () => {
			expect((await rpc(await client(), 'send_test_message')).error?.code).toBe('42501');
		});
	}
});
