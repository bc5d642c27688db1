/**
 * The facilitator pathway (supabase/schemas/94_facilitator_pathway.sql): every stage change, the
 * rule that every group has an accredited facilitator (on creation, on a swap, and for any other
 * writer at commit), the criteria computed from groups, checklists and consultations, renewal
 * reminders, and who may see and change what.
 *
 * Demo: Priya Shah (facilitator 1) and Tom Ellis (2) accredited elsewhere; Leah Morgan (3)
 * trained and co-facilitating the online group with Priya; Jamal Hussain (4) trained only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, sqlError, startBackend } from './harness';
import {
	clients,
	createAccount,
	createGroup,
	createParents,
	groupArgs,
	ok,
	rpc,
	rpcCode,
	type Account
} from './groups-fixtures';

const TRAINEE = '00000000-0000-4000-8000-000000000411';
const ADMIN = '00000000-0000-4000-8000-000000000401';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');

beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
	(await backend.db.query<T>(sql, params)).rows;

async function stage(person: string): Promise<string> {
	return (await q<{ s: string }>('select private.facilitator_stage($1) as s', [person]))[0]!.s;
}

/** Move a group's sessions `days` into the past, as if it ran then (triggers off, as the owner). */
async function moveIntoPast(group: string, days: number) {
	await backend.db.exec('set session_replication_role = replica');
	try {
		await q(
			`update public.sessions set starts_at = starts_at - make_interval(days => $2),
			   ends_at = ends_at - make_interval(days => $2) where group_id = $1`,
			[group, days]
		);
	} finally {
		await backend.db.exec('set session_replication_role = origin');
	}
	// the triggers were off: keep the group's review tally (which the progress reads) as a
	// real write would
	await q('select private.tally_review($1)', [group]);
}

/** Fidelity checklists on a group's first `n` sessions, and `k` consultations on it. */
async function evidence(group: string, filler: string, n: number, k: number) {
	await q(
		`insert into public.session_fidelity_checks (session_id, filled_by, updated_by)
		 select id, $2, $2 from public.sessions where group_id = $1 and number <= $3`,
		[group, filler, n]
	);
	for (let i = 0; i < k; i++) {
		await q(
			`insert into public.group_consultations (group_id, held_on, consultant_id, themes, recorded_by)
			 values ($1, current_date - $2::int, $3, 'Holding the carers in mind.', $3)`,
			[group, 10 + i, ids.lead]
		);
	}
}

type Progress = {
	groups: Record<string, unknown>[];
	criteria: { key: string; met: boolean; [k: string]: unknown }[];
	all_met: boolean;
};
async function progress(person: string): Promise<Progress> {
	const page = await ok<{ progress: Progress }>(await lead(), 'facilitator_record_page', {
		person_id: person
	});
	return page.progress;
}
const criterion = (p: Progress, key: string) => p.criteria.find((c) => c.key === key)!;

describe('the demo register', () => {
	it('shows each demo facilitator at their stage, with real progress', async () => {
		expect(await stage(ids.facilitator1)).toBe('accredited');
		expect(await stage(ids.facilitator2)).toBe('accredited');
		expect(await stage(ids.facilitator3)).toBe('co_facilitating');
		expect(await stage(ids.facilitator4)).toBe('trained');
		const page = await ok<{ people: { full_name: string; stage: string }[] }>(
			await lead(),
			'facilitator_register_page'
		);
		expect(page.people.map((p) => [p.full_name, p.stage])).toEqual([
			['Jamal Hussain', 'trained'],
			['Leah Morgan', 'co_facilitating'],
			['Priya Shah', 'accredited'],
			['Tom Ellis', 'accredited']
		]);
		const leah = await progress(ids.facilitator3);
		expect(criterion(leah, 'groups')).toMatchObject({ done: 0, running: 1, met: false });
		expect(leah.all_met).toBe(false);
	});

	it('every demo group has an accredited facilitator', async () => {
		const rows = await q<{ id: string }>(
			`select g.id from public.groups g where not exists (
			   select 1 from public.group_facilitators f
			    where f.group_id = g.id and private.facilitator_stage(f.facilitator_id) = 'accredited')`
		);
		expect(rows).toEqual([]);
	});
});

describe('the rule: every group has an accredited facilitator', () => {
	let trainedA: Account;
	let trainedB: Account;
	let untrained: Account;

	beforeAll(async () => {
		trainedA = await createAccount(backend, 'facilitator', { pathway: 'trained' });
		trainedB = await createAccount(backend, 'facilitator', { pathway: 'trained' });
		untrained = await createAccount(backend, 'facilitator', { pathway: 'none' });
	});

	it('create_group: accredited + trained is allowed, and the trained one is co-facilitating', async () => {
		const g = await createGroup(await lead(), {
			facilitator_ids: [ids.facilitator2, trainedA.id]
		});
		expect(g).toBeTruthy();
		expect(await stage(trainedA.id)).toBe('co_facilitating');
	});

	it('create_group: two trained (no accredited) is refused beside the facilitators, and nothing is made', async () => {
		const before = (await q<{ n: number }>('select count(*)::int as n from public.groups'))[0]!.n;
		const args = groupArgs({ facilitator_ids: [trainedA.id, trainedB.id] });
		const r = await rpc(await lead(), 'create_group', args);
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'facilitators' });
		expect(r.error?.message).toContain('accredited');
		const after = (await q<{ n: number }>('select count(*)::int as n from public.groups'))[0]!.n;
		expect(after).toBe(before);
	});

	it('create_group: an untrained facilitator is refused, even beside an accredited one', async () => {
		const r = await rpc(
			await lead(),
			'create_group',
			groupArgs({ facilitator_ids: [ids.facilitator1, untrained.id] })
		);
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'facilitators' });
		expect(r.error?.message).toContain('no facilitator training recorded');
	});

	it('swap: replacing the only accredited facilitator with a trained one is refused; the group is unchanged', async () => {
		const g = await createGroup(await lead(), {
			facilitator_ids: [ids.facilitator1, trainedA.id]
		});
		const r = await rpc(await lead(), 'swap_facilitator', {
			group_id: g,
			old_facilitator_id: ids.facilitator1,
			new_facilitator_id: trainedB.id
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'new_facilitator_id' });
		const now = await q<{ f: string }>(
			'select facilitator_id::text as f from public.group_facilitators where group_id = $1 order by 1',
			[g]
		);
		expect(now.map((x) => x.f).sort()).toEqual([ids.facilitator1, trainedA.id].sort());
		// Swapping the trained one for another trained one is fine: the accredited one stays.
		await ok(await lead(), 'swap_facilitator', {
			group_id: g,
			old_facilitator_id: trainedA.id,
			new_facilitator_id: trainedB.id
		});
		// An untrained one cannot be swapped in at all.
		const bad = await rpc(await lead(), 'swap_facilitator', {
			group_id: g,
			old_facilitator_id: trainedB.id,
			new_facilitator_id: untrained.id
		});
		expect(bad.error).toMatchObject({ code: 'P0001', hint: 'new_facilitator_id' });
	});

	it('holds for any writer: two trained facilitators written straight into a group fail at commit', async () => {
		const g = await createGroup(await lead());
		let code: string | null = null;
		try {
			await backend.db.transaction(async (tx) => {
				await tx.query('delete from public.group_facilitators where group_id = $1', [g]);
				await tx.query(
					'insert into public.group_facilitators (group_id, facilitator_id) values ($1, $2), ($1, $3)',
					[g, trainedA.id, trainedB.id]
				);
			});
		} catch (e) {
			code = (e as { code?: string }).code ?? 'error';
		}
		expect(code).toBe('P0001');
		const kept = await q('select 1 from public.group_facilitators where group_id = $1', [g]);
		expect(kept).toHaveLength(2);
	});

	it('the new-group form offers only those who may be put on a group, each with their stage', async () => {
		const form = await ok<{ facilitators: { id: string; stage: string }[] }>(
			await lead(),
			'new_group_form'
		);
		const byId = new Map(form.facilitators.map((f) => [f.id, f.stage]));
		expect(byId.get(ids.facilitator1)).toBe('accredited');
		expect(byId.get(ids.facilitator4)).toBe('trained');
		expect(byId.has(untrained.id)).toBe(false);
	});
});

describe('lapsed and paused', () => {
	let lapsing: Account;
	let partner: Account;
	let running: string;

	beforeAll(async () => {
		lapsing = await createAccount(backend, 'facilitator', { pathway: 'accredited' });
		partner = await createAccount(backend, 'facilitator', { pathway: 'trained' });
		running = await createGroup(await lead(), { facilitator_ids: [lapsing.id, partner.id] });
		await moveIntoPast(running, 21); // started three weeks ago, still running
		await q(
			`update public.facilitator_records set trained_on = current_date - 900, accredited_on = current_date - 800,
			   renew_by = current_date - 1 where person_id = $1`,
			[lapsing.id]
		);
	});

	it('an accreditation past its renewal date is lapsed; the running group keeps them', async () => {
		expect(await stage(lapsing.id)).toBe('lapsed');
		const kept = await q('select 1 from public.group_facilitators where group_id = $1', [running]);
		expect(kept).toHaveLength(2);
	});

	it('a lapsed facilitator cannot be put on a new group, and the lead is told on the register', async () => {
		const r = await rpc(
			await lead(),
			'create_group',
			groupArgs({ facilitator_ids: [ids.facilitator1, lapsing.id] })
		);
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'facilitators' });
		expect(r.error?.message).toContain('lapsed');
		const page = await ok<{ alerts: { kind: string; person_id: string; groups: string[] }[] }>(
			await lead(),
			'facilitator_register_page'
		);
		const alert = page.alerts.find((a) => a.person_id === lapsing.id);
		expect(alert).toMatchObject({ kind: 'lapsed_running' });
		expect(alert?.groups).toHaveLength(1);
	});

	it('renewing a lapsed accreditation makes them accredited, with a renewal date from the renewal', async () => {
		const today = (await q<{ d: string }>('select private.london_today()::text as d'))[0]!.d;
		await ok(await lead(), 'renew_accreditation', {
			person_id: lapsing.id,
			renewed_on: today,
			note: 'Consultation on the running group; two groups since.'
		});
		expect(await stage(lapsing.id)).toBe('accredited');
		const [r] = await q<{ months: number }>(
			`select (extract(year from age(renew_by, $2::date)) * 12 + extract(month from age(renew_by, $2::date)))::int as months
			   from public.facilitator_records where person_id = $1`,
			[lapsing.id, today]
		);
		expect(r!.months).toBe(24);
	});

	it('pausing blocks new groups until resumed; pausing twice changes nothing', async () => {
		await ok(await lead(), 'pause_facilitator', { person_id: partner.id, reason: 'On leave.' });
		await ok(await lead(), 'pause_facilitator', { person_id: partner.id, reason: 'Again.' });
		expect(await stage(partner.id)).toBe('paused');
		const events = await q(
			'select 1 from public.facilitator_events where person_id = $1 and event = $2',
			[partner.id, 'paused']
		);
		expect(events).toHaveLength(1);
		const r = await rpc(
			await lead(),
			'create_group',
			groupArgs({ facilitator_ids: [ids.facilitator1, partner.id] })
		);
		expect(r.error?.message).toContain('paused');
		await ok(await lead(), 'resume_facilitator', { person_id: partner.id });
		expect(await stage(partner.id)).toBe('co_facilitating');
		await createGroup(await lead(), { facilitator_ids: [ids.facilitator1, partner.id] });
	});

	it('a pause needs a reason', async () => {
		const r = await rpc(await lead(), 'pause_facilitator', { person_id: partner.id, reason: ' ' });
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'reason' });
	});
});

describe('recording training', () => {
	it('elsewhere: needs evidence and a past date; then the person is trained', async () => {
		const p = await createAccount(backend, 'facilitator', { pathway: 'none' });
		expect(await stage(p.id)).toBe('untrained');
		const noEvidence = await rpc(await lead(), 'record_facilitator_training', {
			person_id: p.id,
			trained_on: '2026-06-01',
			how: 'elsewhere',
			evidence: ''
		});
		expect(noEvidence.error).toMatchObject({ code: 'P0001', hint: 'evidence' });
		const future = await rpc(await lead(), 'record_facilitator_training', {
			person_id: p.id,
			trained_on: '2099-01-01',
			how: 'elsewhere',
			evidence: 'Three days with the programme team.'
		});
		expect(future.error).toMatchObject({ code: 'P0001', hint: 'trained_on' });
		await ok(await lead(), 'record_facilitator_training', {
			person_id: p.id,
			trained_on: '2026-06-01',
			how: 'elsewhere',
			evidence: 'Three days with the programme team.'
		});
		expect(await stage(p.id)).toBe('trained');
		const twice = await rpc(await lead(), 'record_facilitator_training', {
			person_id: p.id,
			trained_on: '2026-06-01',
			how: 'elsewhere',
			evidence: 'Again.'
		});
		expect(twice.error).toMatchObject({ code: 'P0001' });
	});

	it('on our course: a live certificate in their name; not someone else’s, not a made-up code', async () => {
		// Esther Nowak (trainee 5) holds RFAU-7K2P-9QXD; her facilitator account has another email.
		const esther = await createAccount(backend, 'facilitator', {
			full_name: 'Esther Nowak',
			pathway: 'none'
		});
		const other = await createAccount(backend, 'facilitator', { pathway: 'none' });
		const someoneElse = await rpc(await lead(), 'record_facilitator_training', {
			person_id: other.id,
			trained_on: null,
			how: 'course',
			certificate_code: 'RFAU-7K2P-9QXD'
		});
		expect(someoneElse.error).toMatchObject({ code: 'P0001', hint: 'certificate_code' });
		const madeUp = await rpc(await lead(), 'record_facilitator_training', {
			person_id: esther.id,
			trained_on: null,
			how: 'course',
			certificate_code: 'AAAA-BBBB-CCCC'
		});
		expect(madeUp.error).toMatchObject({ code: 'P0001', hint: 'certificate_code' });
		const page = await ok<{ certificates: { code: string }[] }>(
			await lead(),
			'facilitator_record_page',
			{ person_id: esther.id }
		);
		expect(page.certificates.map((c) => c.code)).toEqual(['RFAU-7K2P-9QXD']);
		await ok(await lead(), 'record_facilitator_training', {
			person_id: esther.id,
			trained_on: null,
			how: 'course',
			certificate_code: 'rfau-7k2p-9qxd'
		});
		const [r] = await q<{ how: string; on: string; last: string }>(
			`select r.trained_how as how, r.trained_on::text as on, c.last_day::text as last
			   from public.facilitator_records r join public.course_certificates c on c.id = r.certificate_id
			  where r.person_id = $1`,
			[esther.id]
		);
		expect(r).toMatchObject({ how: 'course' });
		expect(r!.on).toBe(r!.last);
	});
});

describe('the measures criterion', () => {
	it('asks, of each finished group, before and after measures from at least half the families who started', async () => {
		const t = await createAccount(backend, 'facilitator', { pathway: 'trained' });
		const g = await createGroup(await lead(), { facilitator_ids: [ids.facilitator1, t.id] });
		const families = await createParents(backend, 4);
		await moveIntoPast(g, 80);
		// Four families with places from before the start; written as the owner with triggers
		// off (the group is long closed), then the review's counts worked out afresh.
		await backend.db.exec('set session_replication_role = replica');
		try {
			for (const f of families)
				await q(
					`insert into public.enrolments (group_id, parent_id, status, enrolled_at)
					 select $1, $2, 'enrolled', min(starts_at) - interval '7 days' from public.sessions where group_id = $1`,
					[g, f.id]
				);
		} finally {
			await backend.db.exec('set session_replication_role = origin');
		}
		await q('select private.tally_review($1)', [g]);
		/** GBO before and after (sent, scored) for the first `n` families. */
		const paired = async (n: number) => {
			await backend.db.exec('set session_replication_role = replica');
			try {
				for (const f of families.slice(0, n))
					await q(
						`insert into public.outcome_responses (enrolment_id, instrument_id, at, entered_by, submitted_at, score)
						 select e.id, 'gbo', x.at, $2, now() - interval '30 days', 5
						 from public.enrolments e cross join (values ('before'), ('after')) x (at)
						 where e.group_id = $1 and e.parent_id = $2 on conflict do nothing`,
						[g, f.id]
					);
			} finally {
				await backend.db.exec('set session_replication_role = origin');
			}
			// the outcome tallies the triggers would have kept, worked out afresh
			await q('select private.tally_outcomes(array[$1]::uuid[])', [g]);
		};
		const measures = async () => criterion(await progress(t.id), 'measures');
		expect(await measures()).toMatchObject({ groups: 1, groups_met: 0, met: false });
		await paired(1);
		expect(await measures()).toMatchObject({ groups_met: 0, met: false }); // 1 of 4
		await paired(2);
		expect(await measures()).toMatchObject({ groups_met: 1, met: true }); // exactly half
		const p = await progress(t.id);
		expect(p.groups[0]).toMatchObject({ families_started: 4, families_paired: 2 });
		// A clinic that does not ask for measures: met whatever was recorded (here, nothing scored).
		await backend.db.exec('set session_replication_role = replica');
		try {
			await q(
				`update public.outcome_responses r set score = null from public.enrolments e
				 where e.id = r.enrolment_id and e.group_id = $1`,
				[g]
			);
		} finally {
			await backend.db.exec('set session_replication_role = origin');
		}
		await q('select private.tally_outcomes(array[$1]::uuid[])', [g]);
		expect(await measures()).toMatchObject({ groups_met: 0, met: false });
		await q('update public.accreditation_criteria set measures_required = false where id');
		try {
			expect(await measures()).toMatchObject({ required: false, groups_met: 0, met: true });
		} finally {
			await q('update public.accreditation_criteria set measures_required = true where id');
		}
	});
});

describe('the criteria, computed', () => {
	let trainee: Account;
	const groups: string[] = [];

	beforeAll(async () => {
		trainee = await createAccount(backend, 'facilitator', { pathway: 'trained' });
		for (let i = 0; i < 2; i++) {
			const g = await createGroup(await lead(), {
				facilitator_ids: [ids.facilitator1, trainee.id]
			});
			await moveIntoPast(g, 80 + 70 * i); // both finished
			groups.push(g);
		}
	});

	it('nothing yet: groups done but no checklists or consultations; accrediting by criteria is refused', async () => {
		const p = await progress(trainee.id);
		expect(criterion(p, 'groups')).toMatchObject({ done: 2, met: true });
		expect(criterion(p, 'checklists')).toMatchObject({ sessions: 16, checked: 0, met: false });
		expect(criterion(p, 'consultations')).toMatchObject({ groups_met: 0, met: false });
		// no family started these groups, so the measures criterion asks nothing of them
		expect(criterion(p, 'measures')).toMatchObject({
			required: true,
			available: true,
			groups: 2,
			groups_met: 2,
			met: true
		});
		const r = await rpc(await lead(), 'accredit_facilitator', {
			person_id: trainee.id,
			accredited_on: (await q<{ d: string }>('select private.london_today()::text as d'))[0]!.d,
			how: 'criteria'
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'how' });
	});

	it('checklists at 11 of 16 sessions (68 %) are not enough; 12 of 16 (exactly 75 %) are', async () => {
		await evidence(groups[0]!, ids.facilitator1, 8, 2);
		await evidence(groups[1]!, ids.facilitator1, 3, 1);
		let p = await progress(trainee.id);
		expect(criterion(p, 'checklists')).toMatchObject({ checked: 11, percent: 68, met: false });
		expect(criterion(p, 'consultations')).toMatchObject({ groups_met: 1, groups: 2, met: false });
		await q(
			`insert into public.session_fidelity_checks (session_id, filled_by, updated_by)
			 select id, $2, $2 from public.sessions where group_id = $1 and number = 4`,
			[groups[1], ids.facilitator1]
		);
		p = await progress(trainee.id);
		expect(criterion(p, 'checklists')).toMatchObject({ checked: 12, percent: 75, met: true });
		expect(p.all_met).toBe(false); // one group still has one consultation
	});

	it('with two consultations on every group, every criterion is met and the lead accredits', async () => {
		await evidence(groups[1]!, ids.facilitator1, 0, 1);
		const p = await progress(trainee.id);
		expect(p.all_met).toBe(true);
		const today = (await q<{ d: string }>('select private.london_today()::text as d'))[0]!.d;
		await ok(await lead(), 'accredit_facilitator', {
			person_id: trainee.id,
			accredited_on: today,
			how: 'criteria'
		});
		expect(await stage(trainee.id)).toBe('accredited');
		// Now they can lead a group with a trained facilitator.
		await createGroup(await lead(), { facilitator_ids: [trainee.id, ids.facilitator4] });
	});

	it('the lead sets the criteria; out-of-range values are refused beside their field', async () => {
		const bad = await rpc(await lead(), 'save_accreditation_criteria', {
			groups_required: 0,
			checklist_percent: 75,
			consultations_per_group: 2,
			measures_required: true,
			renewal_months: 24
		});
		expect(bad.error).toMatchObject({ code: 'P0001', hint: 'groups_required' });
		await ok(await lead(), 'save_accreditation_criteria', {
			groups_required: 3,
			checklist_percent: 75,
			consultations_per_group: 2,
			measures_required: true,
			renewal_months: 36
		});
		const p = await progress(ids.facilitator3);
		expect(criterion(p, 'groups')).toMatchObject({ target: 3 });
		await ok(await lead(), 'save_accreditation_criteria', {
			groups_required: 2,
			checklist_percent: 75,
			consultations_per_group: 2,
			measures_required: true,
			renewal_months: 24
		});
	});

	it('accrediting elsewhere needs evidence', async () => {
		const today = (await q<{ d: string }>('select private.london_today()::text as d'))[0]!.d;
		const r = await rpc(await lead(), 'accredit_facilitator', {
			person_id: ids.facilitator4,
			accredited_on: today,
			how: 'elsewhere',
			evidence: ''
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'evidence' });
	});
});

describe('renewal reminders', () => {
	let due: Account;
	const service = () => anonClient(backend, backend.serviceRoleKey);
	const reminders = async () =>
		q<{ to: string; lapsed: boolean; to_lead: boolean }>(
			`select n.to_profile::text as to, (n.payload ->> 'lapsed')::boolean as lapsed,
			   (n.payload ->> 'to_lead')::boolean as to_lead
			   from public.notifications n
			  where n.kind = 'accreditation_renewal' and n.payload ->> 'name' = $1 order by n.id`,
			[due.full_name]
		);
	const runAt = async (daysFromNow: number) =>
		ok(service(), 'run_scheduled_jobs', {
			as_of: new Date(Date.now() + daysFromNow * 86_400_000).toISOString()
		});

	beforeAll(async () => {
		due = await createAccount(backend, 'facilitator', { pathway: 'accredited' });
		await q(
			`update public.facilitator_records set renew_by = current_date + 75 where person_id = $1`,
			[due.id]
		);
	});

	it('nothing 75 days before; at 60 days one to the person and one to the lead, once', async () => {
		await runAt(0);
		expect(await reminders()).toEqual([]);
		await runAt(15);
		await runAt(16);
		expect(await reminders()).toEqual([
			{ to: due.id, lapsed: false, to_lead: false },
			{ to: ids.lead, lapsed: false, to_lead: true }
		]);
	});

	it('at 14 days a second pair, and on the day it lapses a third', async () => {
		await runAt(61);
		expect(await reminders()).toHaveLength(4);
		await runAt(75);
		const all = await reminders();
		expect(all).toHaveLength(6);
		expect(all.slice(4).every((r) => r.lapsed)).toBe(true);
	});

	it('every reminder kind has a template', async () => {
		const { templates } = await import('../../src/lib/server/messages/templates/index');
		expect(typeof templates.accreditation_renewal).toBe('function');
	});
});

describe('who sees and changes what', () => {
	it('the lead reads every record; a facilitator only their own; parents, trainees and anon nothing', async () => {
		const read = (who: string | null) =>
			asRole<{ person_id: string }>(
				backend,
				who,
				'select person_id from public.facilitator_records'
			);
		expect((await read(ids.lead)).length).toBeGreaterThanOrEqual(4);
		expect((await read(ids.facilitator3)).map((r) => r.person_id)).toEqual([ids.facilitator3]);
		expect(await read(ids.parent(1))).toEqual([]);
		expect(await read(TRAINEE)).toEqual([]);
		expect(await read(ADMIN)).toEqual([]);
		expect(await read(null)).toEqual([]);
		const events = (who: string) =>
			asRole<{ person_id: string }>(
				backend,
				who,
				'select distinct person_id from public.facilitator_events'
			);
		expect((await events(ids.facilitator3)).map((r) => r.person_id)).toEqual([ids.facilitator3]);
		expect(await events(ids.parent(1))).toEqual([]);
		const criteria = (who: string) =>
			asRole(backend, who, 'select 1 from public.accreditation_criteria');
		expect(await criteria(ids.facilitator4)).toHaveLength(1);
		expect(await criteria(ids.parent(1))).toEqual([]);
		expect(await criteria(TRAINEE)).toEqual([]);
	});

	it('nobody writes the tables directly, not even the lead', async () => {
		for (const sql of [
			"update public.facilitator_records set renew_by = '2099-01-01'",
			'delete from public.facilitator_events',
			'update public.accreditation_criteria set groups_required = 1',
			`insert into public.facilitator_records (person_id, trained_on, trained_how, training_evidence)
			 values ('${ids.parent(1)}', current_date, 'elsewhere', 'made up')`
		]) {
			expect(await sqlError(backend, ids.lead, sql), sql).toBe('42501');
		}
	});

	it('the register: the lead sees emails and progress; a facilitator names and stages; others are refused', async () => {
		const leadPage = await ok<{ people: Record<string, unknown>[] }>(
			await lead(),
			'facilitator_register_page'
		);
		expect(leadPage.people[0]).toHaveProperty('email');
		const mine = await ok<{ people: Record<string, unknown>[]; alerts: unknown[] }>(
			await as('facilitator3@example.org'),
			'facilitator_register_page'
		);
		expect(Object.keys(mine.people[0]!).sort()).toEqual(['full_name', 'id', 'stage']);
		expect(mine.alerts).toEqual([]);
		for (const email of ['parent1@example.org', 'trainee1@example.org', 'training@example.org']) {
			expect(await rpcCode(await as(email), 'facilitator_register_page'), email).toBe('42501');
		}
		expect(await rpcCode(anonClient(backend), 'facilitator_register_page')).toBe('42501');
	});

	it('a record: a facilitator opens their own, not another’s; only the lead changes anything', async () => {
		const leah = await as('facilitator3@example.org');
		expect(
			await rpcCode(leah, 'facilitator_record_page', { person_id: ids.facilitator3 })
		).toBeNull();
		expect(await rpcCode(leah, 'facilitator_record_page', { person_id: ids.facilitator1 })).toBe(
			'42501'
		);
		expect(
			await rpcCode(await as('parent1@example.org'), 'facilitator_record_page', {
				person_id: ids.facilitator3
			})
		).toBe('42501');
		const today = (await q<{ d: string }>('select private.london_today()::text as d'))[0]!.d;
		for (const who of [
			'facilitator1@example.org',
			'facilitator3@example.org',
			'training@example.org'
		]) {
			const c = await as(who);
			expect(
				await rpcCode(c, 'accredit_facilitator', {
					person_id: ids.facilitator3,
					accredited_on: today,
					how: 'elsewhere',
					evidence: 'I say so.'
				}),
				who
			).toBe('42501');
			expect(
				await rpcCode(c, 'pause_facilitator', { person_id: ids.facilitator1, reason: 'No.' })
			).toBe('42501');
		}
		expect(await stage(ids.facilitator3)).toBe('co_facilitating');
	});

	it('stages are not told to parents or trainees through the helpers either', async () => {
		// Security invoker: the helper reads only what the caller may, so a parent learns nothing.
		const [row] = await asRole<{ s: string }>(
			backend,
			ids.parent(1),
			'select private.facilitator_stage($1) as s',
			[ids.facilitator1]
		);
		expect(row!.s).toBe('untrained');
		expect(
			(
				await asRole<{ n: number }>(
					backend,
					ids.parent(1),
					'select count(*)::int as n from private.co_facilitated_group_ids($1)',
					[ids.facilitator3]
				)
			)[0]!.n
		).toBe(0);
	});
});
