import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBackend, type EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { SITE, anonClient, signIn, startBackend, type Client } from './harness';

/**
 * Certificates and the online training's nudges. Demo seed: the past autumn course …3002 with
 * Esther Nowak (…3305: tier with the online training, all 9 done, present both days, certificate
 * RFAU-7K2P-9QXD, her own booker) and Daniel Reid (a tier without it, not marked); the next
 * course …3001 (about eight weeks on) with Ben Carter (paid, booked by Karen Lowe) and Aisha
 * Rahman (unpaid, booked by Karen).
 */
const PAST = '00000000-0000-4000-8000-000000003002';
const NEXT = '00000000-0000-4000-8000-000000003001';
const ESTHER = '00000000-0000-4000-8000-000000003305';
const ESTHER_ID = '00000000-0000-4000-8000-000000000415';
const WITH_ONLINE = '00000000-0000-4000-8000-000000003104';
const WITHOUT_ONLINE = '00000000-0000-4000-8000-000000003103';
const SEEDED = 'RFAU-7K2P-9QXD';

let backend: EmbeddedBackend;
let admin: Client;
const q = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) =>
	(await backend.db.query<T>(sql, params)).rows;

beforeAll(async () => {
	backend = await startBackend();
	admin = await signIn(backend, 'training@example.org');
});
afterAll(() => backend.close());

async function eligible(place: string) {
	const [row] = await q<{ v: { eligible: boolean; reasons: string[] } }>(
		'select private.certificate_eligible($1) as v',
		[place]
	);
	return row!.v;
}

describe('certificate_eligible', () => {
	const cases: [boolean, boolean, boolean, boolean][] = [];
	for (const complete of [true, false])
		for (const attended of [true, false])
			for (const included of [true, false])
				for (const held of [true, false]) cases.push([complete, attended, included, held]);

	it.each(cases)(
		'online complete %s × both days %s × tier includes it %s × held %s',
		async (complete, attended, included, held) => {
			await q('begin');
			try {
				await q('update public.course_places set tier_id = $2 where id = $1', [
					ESTHER,
					included ? WITH_ONLINE : WITHOUT_ONLINE
				]);
				if (!complete) {
					await q(
						`delete from public.online_progress where trainee_id = $1 and module_id =
						   '00000000-0000-4000-8000-000000004109'`,
						[ESTHER_ID]
					);
				}
				if (!attended) {
					await q(
						`update public.course_attendance set status = 'absent'
						  where place_id = $1 and day = (select max(day) from public.course_days where course_id = $2)`,
						[ESTHER, PAST]
					);
				}
				if (held) {
					await q(
						`insert into public.course_certificate_holds (place_id, reason) values ($1, 'Left at lunch on day two')`,
						[ESTHER]
					);
				}
				const v = await eligible(ESTHER);
				expect(v.eligible).toBe((complete || !included) && attended && !held);
				expect(v.reasons.includes('Has not finished the online training.')).toBe(
					!complete && included
				);
				expect(v.reasons.some((r) => /^Absent on [A-Z][a-z]+day \d+ [A-Z][a-z]+$/.test(r))).toBe(
					!attended
				);
				expect(v.reasons.includes('Withheld: Left at lunch on day two')).toBe(held);
			} finally {
				await q('rollback');
			}
		}
	);

	it('counts late and left early as attended, but not a day left unmarked', async () => {
		await q('begin');
		try {
			await q(
				`update public.course_attendance set status = 'late', at_time = '10:00'
				  where place_id = $1 and day = (select min(day) from public.course_days where course_id = $2)`,
				[ESTHER, PAST]
			);
			await q(
				`update public.course_attendance set status = 'left_early', at_time = '15:00'
				  where place_id = $1 and day = (select max(day) from public.course_days where course_id = $2)`,
				[ESTHER, PAST]
			);
			expect(await eligible(ESTHER)).toEqual({ eligible: true, reasons: [] });
			await q('delete from public.course_attendance where place_id = $1', [ESTHER]);
			const v = await eligible(ESTHER);
			expect(v.eligible).toBe(false);
			expect(v.reasons.filter((r) => r.startsWith('Not marked on '))).toHaveLength(2);
		} finally {
			await q('rollback');
		}
	});

	it('refuses an unpaid place', async () => {
		await q('begin');
		try {
			await q(
				`delete from public.booking_payments where booking_id =
			  (select booking_id from public.course_places where id = $1)`,
				[ESTHER]
			);
			expect((await eligible(ESTHER)).reasons).toContain('The place is not paid for in full.');
		} finally {
			await q('rollback');
		}
	});
});

describe('the public check', () => {
	it('shows only the name, course and dates of a live certificate', async () => {
		const { data, error } = await anonClient(backend).rpc('certificate_check', { code: SEEDED });
		expect(error).toBeNull();
		expect(Object.keys(data as object).sort()).toEqual([
			'course',
			'first_day',
			'last_day',
			'name',
			'valid'
		]);
		expect(data).toMatchObject({ valid: true, name: 'Esther Nowak' });
	});

	it.each([' rfau7k2p9qxd ', 'RFAU 7K2P 9QXD', 'rfau-7k2p-9qxd'])('tidies "%s"', async (code) => {
		const { data } = await anonClient(backend).rpc('certificate_check', { code });
		expect(data).toMatchObject({ valid: true });
	});

	it.each(['', 'RFAU-7K2P-9QXE', 'x'.repeat(300), "'; select 1 --"])(
		'says invalid for "%s"',
		async (code) => {
			const { data, error } = await anonClient(backend).rpc('certificate_check', { code });
			expect(error).toBeNull();
			expect(data).toEqual({ valid: false });
		}
	);
});

describe('issue, withhold, release, reissue', () => {
	const check = async (code: string) =>
		(await anonClient(backend).rpc('certificate_check', { code })).data as {
			valid: boolean;
			message?: string;
		};

	it('is for the training staff only', async () => {
		for (const email of [
			'facilitator1@example.org',
			'trainee5@example.org',
			'booker@example.org'
		]) {
			const c = await signIn(backend, email);
			expect((await c.rpc('issue_course_certificates', { course: PAST })).error?.code).toBe(
				'42501'
			);
			expect(
				(await c.rpc('withhold_course_certificate', { place: ESTHER, reason: 'No reason' })).error
					?.code
			).toBe('42501');
		}
	});

	it('needs a reason to withhold or reissue', async () => {
		for (const fn of ['withhold_course_certificate', 'reissue_course_certificate'] as const) {
			const { error } = await admin.rpc(fn, { place: ESTHER, reason: ' ' });
			expect(error?.code).toBe('P0001');
			expect(error?.hint).toBe('reason');
		}
		expect((await check(SEEDED)).valid).toBe(true);
	});

	it('withholding withdraws the live code, and issuing skips a held place', async () => {
		const { error } = await admin.rpc('withhold_course_certificate', {
			place: ESTHER,
			reason: 'Checking her hours with the trainer'
		});
		expect(error).toBeNull();
		expect(await check(SEEDED)).toEqual({
			valid: false,
			withdrawn: true,
			message: 'This certificate was withdrawn'
		});
		const issued = await admin.rpc('issue_course_certificates', { course: PAST });
		expect(issued.data).toEqual({ issued: 0 });
	});

	it('after release, issuing gives only the eligible a new code, emailed once', async () => {
		expect((await admin.rpc('release_course_certificate', { place: ESTHER })).error).toBeNull();
		const issued = await admin.rpc('issue_course_certificates', { course: PAST });
		expect(issued.error).toBeNull();
		// Daniel (not marked on either day) gets none.
		expect(issued.data).toEqual({ issued: 1 });
		const live = await q<{ code: string }>(
			'select code from public.course_certificates where place_id = $1 and withdrawn_at is null',
			[ESTHER]
		);
		expect(live).toHaveLength(1);
		expect(live[0]!.code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
		expect(live[0]!.code).not.toBe(SEEDED);
		expect((await check(live[0]!.code)).valid).toBe(true);
		const mail = await q<{ to_profile: string; payload: { pdf_path: string; cpd_hours: number } }>(
			`select to_profile, payload from public.notifications
			  where kind = 'certificate_issued' and payload ->> 'code' = $1`,
			[live[0]!.code]
		);
		// Esther booked her own place: no copy.
		expect(mail).toEqual([
			{
				to_profile: ESTHER_ID,
				payload: expect.objectContaining({
					pdf_path: `/training/certificates/${live[0]!.code}.pdf`,
					cpd_hours: 14
				})
			}
		]);
		expect((await admin.rpc('issue_course_certificates', { course: PAST })).data).toEqual({
			issued: 0
		});
	});

	it('reissue gives a new code and the old one no longer verifies', async () => {
		const [before] = await q<{ code: string }>(
			'select code from public.course_certificates where place_id = $1 and withdrawn_at is null',
			[ESTHER]
		);
		const { data, error } = await admin.rpc('reissue_course_certificate', {
			place: ESTHER,
			reason: 'Her surname was misspelt'
		});
		expect(error).toBeNull();
		const code = (data as { code: string }).code;
		expect(code).not.toBe(before!.code);
		expect((await check(before!.code)).valid).toBe(false);
		expect((await check(code)).valid).toBe(true);
	});

	it('certificate_page: the trainee, not another trainee or a trainer', async () => {
		const [live] = await q<{ code: string }>(
			'select code from public.course_certificates where place_id = $1 and withdrawn_at is null',
			[ESTHER]
		);
		const esther = await signIn(backend, 'trainee5@example.org');
		const mine = await esther.rpc('certificate_page', { code: live!.code });
		expect(mine.data).toMatchObject({ name: 'Esther Nowak', cpd_hours: 14, code: live!.code });
		const other = await signIn(backend, 'trainee4@example.org');
		expect((await other.rpc('certificate_page', { code: live!.code })).data).toBeNull();
		const trainer = await signIn(backend, 'facilitator1@example.org');
		expect((await trainer.rpc('certificate_page', { code: live!.code })).error?.code).toBe('42501');
	});
});

describe('my_certificates', () => {
	it("lists a trainee's live certificate with its PDF address, and nobody else's", async () => {
		const esther = await signIn(backend, 'trainee5@example.org');
		const { data } = await esther.rpc('my_certificates');
		const [live] = await q<{ code: string }>(
			'select code from public.course_certificates where place_id = $1 and withdrawn_at is null',
			[ESTHER]
		);
		expect(data).toEqual([
			expect.objectContaining({
				code: live!.code,
				mine: true,
				pdf_path: `/training/certificates/${live!.code}.pdf`
			})
		]);
		const daniel = await signIn(backend, 'trainee4@example.org');
		expect((await daniel.rpc('my_certificates')).data).toEqual([]);
	});
});

describe('nudges through run_scheduled_jobs', () => {
	let clocked: EmbeddedBackend;
	let offset = 0;
	let firstDay: string;
	const service = () => anonClient(clocked, clocked.serviceRoleKey);
	const mails = async (kind: string) =>
		(
			await clocked.db.query<{ to: string; payload: Record<string, unknown> }>(
				`select coalesce(p.email, n.to_email) as to, n.payload from public.notifications n
				   left join public.profiles p on p.id = n.to_profile
				  where n.kind = $1 order by 1, n.id`,
				[kind]
			)
		).rows;
	/** Run the jobs as of a London wall-clock moment, with the rule's clock moved to match. */
	async function runAt(londonDate: string, time: string) {
		const [row] = (
			await clocked.db.query<{ at: string; off: number }>(
				`select (($1::date + $2::time) at time zone 'Europe/London')::text as at,
				   extract(epoch from (($1::date + $2::time) at time zone 'Europe/London') - now())::float8 as off`,
				[londonDate, time]
			)
		).rows;
		offset = row!.off;
		const { data, error } = await service().rpc('run_scheduled_jobs', {
			as_of: new Date(row!.at.replace(' ', 'T').replace(/\+00$/, 'Z')).toISOString()
		});
		expect(error).toBeNull();
		return data as { online_nudges_queued: number };
	}
	const shift = (days: number) => {
		const d = new Date(`${firstDay}T12:00:00Z`);
		d.setUTCDate(d.getUTCDate() + days);
		return d.toISOString().slice(0, 10);
	};

	beforeAll(async () => {
		const dump = new Blob([readFileSync(inject('schemaDump'))]);
		clocked = await createEmbeddedBackend({
			loadDataDir: dump,
			siteUrl: SITE,
			clockOffsetSeconds: () => offset
		});
		const { rows } = await clocked.db.query<{ d: string }>(
			`select to_char(min(day), 'YYYY-MM-DD') as d from public.course_days where course_id = $1`,
			[NEXT]
		);
		firstDay = rows[0]!.d;
	});
	afterAll(() => clocked.close());

	it('14 days before: each attendee not finished, the unpaid told to pay, the booker copied, once', async () => {
		const first = await runAt(shift(-14), '09:00');
		expect(first.online_nudges_queued).toBeGreaterThan(0);
		const reminders = await mails('online_training_reminder');
		const of = (name: string) => reminders.filter((m) => m.payload.name === name);
		expect(of('Ben Carter').map((m) => [m.to, m.payload.copy, m.payload.days])).toEqual([
			['booker@example.org', true, 14],
			['trainee2@example.org', false, 14]
		]);
		expect(of('Aisha Rahman').map((m) => [m.to, m.payload.unpaid])).toEqual([
			['booker@example.org', true],
			['trainee1@example.org', true]
		]);
		// Ben's access has opened by then (paid, within the month): told once.
		expect((await mails('online_training_open')).map((m) => m.to)).toContain(
			'trainee2@example.org'
		);
		const again = await runAt(shift(-14), '10:00');
		expect(again.online_nudges_queued).toBe(0);
		expect(await mails('online_training_reminder')).toHaveLength(reminders.length);
	});

	it('3 days before: the second reminder, once', async () => {
		await runAt(shift(-3), '09:00');
		const three = (await mails('online_training_reminder')).filter((m) => m.payload.days === 3);
		expect(three.map((m) => m.to)).toContain('trainee2@example.org');
		await runAt(shift(-2), '09:00');
		expect((await mails('online_training_reminder')).filter((m) => m.payload.days === 3)).toEqual(
			three
		);
	});

	it('day one: nothing to the trainers before 07:00, then one list each', async () => {
		await runAt(firstDay, '06:30');
		expect(await mails('online_training_trainers')).toEqual([]);
		await runAt(firstDay, '07:05');
		await runAt(firstDay, '08:00');
		const lists = await mails('online_training_trainers');
		expect(lists.map((m) => m.to)).toEqual(['facilitator1@example.org', 'lead@example.org']);
		expect(lists[0]!.payload.not_done).toEqual(
			expect.arrayContaining(['Aisha Rahman', 'Ben Carter'])
		);
	});
});

describe('the worker issues the certificates of courses that ended in the last 90 days', () => {
	let clocked: EmbeddedBackend;
	let offset = 0;
	beforeAll(async () => {
		clocked = await createEmbeddedBackend({
			loadDataDir: new Blob([readFileSync(inject('schemaDump'))]),
			siteUrl: SITE,
			clockOffsetSeconds: () => offset
		});
	});
	afterAll(() => clocked.close());
	const live = async () =>
		(
			await clocked.db.query<{ n: number }>(
				`select count(*)::int as n from public.course_certificates c
				   join public.course_places p on p.id = c.place_id
				  where p.course_id = $1 and c.withdrawn_at is null`,
				[PAST]
			)
		).rows[0]!.n;
	/** The jobs as of `days` from now, with the rule's clock moved to match. */
	async function runIn(days: number) {
		offset = days * 86_400;
		const { error } = await anonClient(clocked, clocked.serviceRoleKey).rpc('run_scheduled_jobs', {
			as_of: new Date(Date.now() + offset * 1000).toISOString()
		});
		expect(error).toBeNull();
	}

	it('a certificate due on a course that ended 89 days ago is issued; judged as of 94 days, it is not', async () => {
		// The past course's last day is 90 days ago (seed: current_date - 90, ending 16:30), so the
		// jobs are judged as of yesterday (89 days after it, whatever the time of day) and as of four
		// days on (94). Its one certificate is withdrawn, so the place (still eligible) has none.
		const withdraw = () =>
			clocked.db.query(
				`update public.course_certificates c set withdrawn_at = now(), withdrawn_reason = 'test'
				   from public.course_places p
				  where p.id = c.place_id and p.course_id = $1 and c.withdrawn_at is null`,
				[PAST]
			);
		const before = await live();
		expect(before).toBeGreaterThan(0);
		await withdraw();
		expect(await live()).toBe(0);
		await runIn(4);
		expect(await live()).toBe(0);
		await runIn(-1);
		expect(await live()).toBe(before);
	});
});
