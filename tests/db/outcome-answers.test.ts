/**
 * Answering outcome measures (97_outcome_answers.sql): the windows (not yet open, open, closed)
 * before, after and at follow-up; save and continue, "prefer not to say", sending only when
 * complete and never changing it afterwards as a parent; goals only before; staff entering a
 * paper form (marked), including an instrument whose items parents may not read; feedback; who
 * may and may not (every role); the reminder queued once; the audit log.
 *
 * The groups are made here (createGroup) with their sessions moved where each window needs
 * them, on this file's own backend copy; the demo's groups are not written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, ids, startBackend, type Client } from './harness';
import {
	clients,
	createAccount,
	createGroup,
	ok,
	PROGRAMME,
	rpc,
	rpcCode,
	weeklySessions,
	type Account
} from './groups-fixtures';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const service = (): Client => anonClient(backend, backend.serviceRoleKey);

const LEAD = 'lead@example.org';
const PRIYA = 'facilitator1@example.org'; // runs the groups made here (with Tom)
const LEAH = 'facilitator3@example.org'; // another facilitator
const TRAINEE = 'trainee1@example.org';
const TRAINING = 'training@example.org';

let parentA: Account;
let parentB: Account;
let parentC: Account;
/** Before open now (first session in a fortnight). */
let soon = '';
/** Finished 3 days ago: before closed, after and feedback open. */
let ended = '';
/** Finished 11 weeks ago: after closed, the 12-week follow-up open. */
let longAgo = '';
const enr: Record<string, string> = {};

const QUESTIONNAIRE = {
	id: 'test_q',
	name: 'Test questionnaire',
	short_name: 'TQ',
	scoring: 'sum',
	range: { min: 0, max: 9 },
	higher_is_better: false,
	options: [
		{ value: 0, label: 'Never' },
		{ value: 1, label: 'Sometimes' },
		{ value: 2, label: 'Often' },
		{ value: 3, label: 'Always' }
	],
	min_answered: 2,
	items: [{ wording: 'Made-up item one' }, { wording: 'Made-up item two' }, { wording: 'Three' }]
};
const PAPER = {
	...QUESTIONNAIRE,
	id: 'paper_q',
	name: 'Paper-only questionnaire',
	short_name: 'PQ',
	item_text_for: 'staff',
	range: { min: 0, max: 6 },
	min_answered: 2,
	items: [{ wording: 'Licensed item one' }, { wording: 'Licensed item two' }]
};

async function db<T>(sql: string, params: unknown[] = []): Promise<T[]> {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** Move a group's sessions so that its last one ended `days` days ago (keeping the spacing). */
async function endedDaysAgo(groupId: string, days: number) {
	await db(
		`update public.sessions s set starts_at = s.starts_at - d.shift, ends_at = s.ends_at - d.shift
		   from (select max(ends_at) - (now() - make_interval(days => $2)) as shift
		           from public.sessions where group_id = $1) d
		  where s.group_id = $1`,
		[groupId, days]
	);
}

async function enrol(groupId: string, who: Account): Promise<string> {
	return (
		await ok<{ id: string }>(await as(LEAD), 'enrol_parent', {
			group_id: groupId,
			email: who.email,
			confirm_overlap: true
		})
	).id;
}

const save = (
	email: string,
	enrolment_id: string,
	instrument_id: string,
	at: string,
	extra: { answers?: unknown; goals?: unknown; submit?: boolean } = {}
) =>
	as(email).then((c) =>
		rpc<{ response_id: string; submitted: boolean }>(c, 'save_measure', {
			enrolment_id,
			instrument_id,
			at,
			answers: extra.answers ?? null,
			goals: extra.goals ?? null,
			submit: extra.submit ?? false
		})
	);

const page = (email: string, enrolment_id: string, instrument_id: string, at: string) =>
	as(email).then((c) =>
		rpc<Record<string, unknown>>(c, 'measure_page', { enrolment_id, instrument_id, at })
	);

const response = async (enrolment: string, instrument: string, at: string) =>
	(
		await db<{
			id: string;
			on_paper: boolean;
			entered_by: string;
			submitted_at: Date | null;
			score: string | null;
		}>(
			'select * from public.outcome_responses where enrolment_id = $1 and instrument_id = $2 and at = $3',
			[enrolment, instrument, at]
		)
	)[0];

beforeAll(async () => {
	backend = await startBackend();
	parentA = await createAccount(backend, 'parent', { password: true });
	parentB = await createAccount(backend, 'parent', { password: true });
	parentC = await createAccount(backend, 'parent', { password: true });
	const lead = await as(LEAD);
	await ok(lead, 'add_outcome_instrument', { definition: QUESTIONNAIRE });
	await ok(lead, 'add_outcome_instrument', { definition: PAPER });
	await ok(lead, 'save_programme_measures', {
		programme_id: PROGRAMME,
		measures: [
			{ instrument_id: 'gbo', at: 'before' },
			{ instrument_id: 'gbo', at: 'after' },
			{ instrument_id: 'test_q', at: 'before' },
			{ instrument_id: 'test_q', at: 'after' },
			{ instrument_id: 'test_q', at: 'follow_up', follow_up_weeks: 12 },
			{ instrument_id: 'paper_q', at: 'before' }
		]
	});
	soon = await createGroup(lead, { sessions: weeklySessions(8, 14) });
	ended = await createGroup(lead, { sessions: weeklySessions(8, 60) });
	longAgo = await createGroup(lead, { sessions: weeklySessions(8, 100) });
	for (const [g, key] of [
		[soon, 'soon'],
		[ended, 'ended'],
		[longAgo, 'longAgo']
	] as const) {
		enr[`${key}A`] = await enrol(g, parentA);
		enr[`${key}B`] = await enrol(g, parentB);
	}
	enr.soonC = await enrol(soon, parentC);
	// Sessions are moved after enrolling (a group that has ended takes no one).
	await endedDaysAgo(ended, 3);
	await endedDaysAgo(longAgo, 77);
});
afterAll(() => backend.close());

describe('windows', () => {
	it('before: open a fortnight ahead of session 1; after and follow-up not yet open', async () => {
		const p = await page(parentA.email, enr.soonA!, 'gbo', 'before');
		expect(p.error).toBeNull();
		expect(p.data).toMatchObject({ state: 'open', may_answer: true, viewer: 'parent' });
		expect((await page(parentA.email, enr.soonA!, 'gbo', 'after')).data).toMatchObject({
			state: 'not_open',
			may_answer: false
		});
		const later = await save(parentA.email, enr.soonA!, 'test_q', 'after', { answers: { 1: 1 } });
		expect(later.error?.code).toBe('P0001');
		expect(later.error?.message).toMatch(/^This is not open yet/);
		expect(later.error?.hint ?? null).toBeNull();
		const fu = await save(parentA.email, enr.soonA!, 'test_q', 'follow_up', { answers: { 1: 1 } });
		expect(fu.error?.code).toBe('P0001');
	});

	it('before closes at session 2: a finished group refuses it, parent and staff alike', async () => {
		expect((await page(parentA.email, enr.endedA!, 'gbo', 'before')).data).toMatchObject({
			state: 'closed',
			may_answer: false
		});
		for (const email of [parentA.email, PRIYA]) {
			const r = await save(email, enr.endedA!, 'test_q', 'before', { answers: { 1: 1 } });
			expect(r.error?.code).toBe('P0001');
			expect(r.error?.message).toMatch(/^This closed on/);
		}
	});

	it('after: open from a week before the last session to 28 days after it', async () => {
		expect((await page(parentA.email, enr.endedA!, 'test_q', 'after')).data).toMatchObject({
			state: 'open'
		});
		const r = await save(parentA.email, enr.endedA!, 'test_q', 'after', {
			answers: { 1: 0, 2: 1, 3: 2 },
			submit: true
		});
		expect(r.error).toBeNull();
		expect(r.data?.submitted).toBe(true);
		expect(Number((await response(enr.endedA!, 'test_q', 'after'))?.score)).toBe(3);
		// Eleven weeks on, the after window (28 days) has closed...
		const late = await save(parentA.email, enr.longAgoA!, 'test_q', 'after', { answers: { 1: 0 } });
		expect(late.error?.message).toMatch(/^This closed on/);
	});

	it('follow-up at 12 weeks: open from week 10; not open yet 3 days after the end', async () => {
		const r = await save(parentA.email, enr.longAgoA!, 'test_q', 'follow_up', {
			answers: { 1: 3 }
		});
		expect(r.error).toBeNull();
		const early = await save(parentA.email, enr.endedA!, 'test_q', 'follow_up', {
			answers: { 1: 3 }
		});
		expect(early.error?.message).toMatch(/^This is not open yet/);
	});
});

describe('a parent answers GBO', () => {
	it('sets goals (save and continue), rates some with "prefer not to say", cannot send until every goal is rated', async () => {
		const goals = ['Stay calm at bedtime', 'Talk about feelings', 'Ask for help sooner'];
		let r = await save(parentA.email, enr.soonA!, 'gbo', 'before', { goals });
		expect(r.error).toBeNull();
		expect(r.data?.submitted).toBe(false);
		r = await save(parentA.email, enr.soonA!, 'gbo', 'before', { answers: { 1: 3, 2: null } });
		expect(r.error).toBeNull();
		const p = (await page(parentA.email, enr.soonA!, 'gbo', 'before')).data as {
			goals: { number: number; goal: string }[];
			answers: { number: number; value: number | null }[];
		};
		expect(p.goals.map((g) => g.goal)).toEqual(goals);
		expect(p.answers).toEqual([
			{ number: 1, value: 3 },
			{ number: 2, value: null }
		]);
		const early = await save(parentA.email, enr.soonA!, 'gbo', 'before', { submit: true });
		expect(early.error).toMatchObject({ code: 'P0001', hint: 'answers' });
		r = await save(parentA.email, enr.soonA!, 'gbo', 'before', {
			answers: { 3: 5 },
			submit: true
		});
		expect(r.error).toBeNull();
		expect(r.data?.submitted).toBe(true);
		const row = await response(enr.soonA!, 'gbo', 'before');
		// the mean of the goals rated (3 and 5); "prefer not to say" is not a rating
		expect(Number(row?.score)).toBe(4);
		expect(row?.on_paper).toBe(false);
		expect(row?.entered_by).toBe(parentA.id);
	});

	it('once sent, the parent cannot change it (answers or goals); the facilitator can correct it from paper', async () => {
		const again = await save(parentA.email, enr.soonA!, 'gbo', 'before', { answers: { 1: 9 } });
		expect(again.error?.code).toBe('P0001');
		const goals = await save(parentA.email, enr.soonA!, 'gbo', 'before', { goals: ['New'] });
		expect(goals.error?.code).toBe('P0001');
		const fixed = await save(PRIYA, enr.soonA!, 'gbo', 'before', { answers: { 1: 4 } });
		expect(fixed.error).toBeNull();
		const row = await response(enr.soonA!, 'gbo', 'before');
		expect(row).toMatchObject({ on_paper: true, entered_by: ids.facilitator1 });
		expect(Number(row?.score)).toBe(4.5);
		expect(row?.submitted_at).not.toBeNull();
	});

	it('goals: one to three, each up to 300 characters, and only before the group', async () => {
		const four = await save(parentB.email, enr.soonB!, 'gbo', 'before', {
			goals: ['a', 'b', 'c', 'd']
		});
		expect(four.error).toMatchObject({ code: 'P0001', hint: 'goal_1' });
		const long = await save(parentB.email, enr.soonB!, 'gbo', 'before', {
			goals: ['fine', 'x'.repeat(301)]
		});
		expect(long.error).toMatchObject({ code: 'P0001', hint: 'goal_2' });
		const blank = await save(parentB.email, enr.soonB!, 'gbo', 'before', { goals: ['  '] });
		expect(blank.error).toMatchObject({ code: 'P0001', hint: 'goal_1' });
		const after = await save(parentA.email, enr.endedA!, 'gbo', 'after', { goals: ['Later'] });
		expect(after.error).toMatchObject({ code: 'P0001', hint: 'goals' });
		// with no goals set there is nothing to rate, so it cannot be sent
		const none = await save(parentA.email, enr.endedA!, 'gbo', 'after', { submit: true });
		expect(none.error).toMatchObject({ code: 'P0001', hint: 'answers' });
		// a rating of a goal that does not exist is refused
		const ghost = await save(parentA.email, enr.endedA!, 'gbo', 'after', { answers: { 1: 5 } });
		expect(ghost.error).toMatchObject({ code: 'P0001', hint: 'answer_1' });
	});

	it('fewer goals take the extra ratings with them', async () => {
		await save(parentB.email, enr.soonB!, 'gbo', 'before', { goals: ['One', 'Two'] });
		await save(parentB.email, enr.soonB!, 'gbo', 'before', { answers: { 1: 2, 2: 8 } });
		await save(parentB.email, enr.soonB!, 'gbo', 'before', { goals: ['One only'] });
		const p = (await page(parentB.email, enr.soonB!, 'gbo', 'before')).data as {
			answers: unknown[];
			goals: unknown[];
		};
		expect(p.goals).toHaveLength(1);
		expect(p.answers).toEqual([{ number: 1, value: 2 }]);
	});
});

describe('a questionnaire', () => {
	it('answers must be the instrument’s options and items', async () => {
		const value = await save(parentB.email, enr.soonB!, 'test_q', 'before', { answers: { 1: 4 } });
		expect(value.error).toMatchObject({ code: 'P0001', hint: 'answer_1' });
		const half = await save(parentB.email, enr.soonB!, 'test_q', 'before', {
			answers: { 2: 1.5 }
		});
		expect(half.error).toMatchObject({ code: 'P0001', hint: 'answer_2' });
		const item = await save(parentB.email, enr.soonB!, 'test_q', 'before', {
			answers: { 4: 1 }
		});
		expect(item.error).toMatchObject({ code: 'P0001', hint: 'answer_4' });
		const junk = await save(parentB.email, enr.soonB!, 'test_q', 'before', {
			answers: { x: 1 }
		});
		expect(junk.error).toMatchObject({ code: 'P0001', hint: 'answers' });
		const text = await save(parentB.email, enr.soonB!, 'test_q', 'before', {
			answers: { 1: 'often' }
		});
		expect(text.error).toMatchObject({ code: 'P0001', hint: 'answer_1' });
		expect(await response(enr.soonB!, 'test_q', 'before')).toBeUndefined();
	});

	it('save and continue over two screens; "prefer not to say" counts as answered', async () => {
		expect(
			(await save(parentB.email, enr.soonB!, 'test_q', 'before', { answers: { 1: 2, 2: null } }))
				.error
		).toBeNull();
		const half = await save(parentB.email, enr.soonB!, 'test_q', 'before', { submit: true });
		expect(half.error).toMatchObject({ code: 'P0001', hint: 'answers' });
		const done = await save(parentB.email, enr.soonB!, 'test_q', 'before', {
			answers: { 3: 1 },
			submit: true
		});
		expect(done.error).toBeNull();
		// prorated sum of the two answered (2 and 1): mean 1.5 × 3 items
		expect(Number((await response(enr.soonB!, 'test_q', 'before'))?.score)).toBe(4.5);
	});

	it('the audit log records each save, by whom, without the values', async () => {
		const r = await response(enr.soonB!, 'test_q', 'before');
		const rows = await db<{
			action: string;
			table_name: string;
			row_id: string | null;
			detail: object;
		}>(
			`select action, table_name, row_id, detail from public.audit_log
			  where actor = $1 and table_name in ('outcome_answers', 'outcome_responses') order by id`,
			[parentB.id]
		);
		expect(
			rows
				.filter((x) => x.table_name === 'outcome_responses' && x.row_id === r!.id)
				.map((x) => x.action)
		).toContain('insert');
		expect(rows.filter((x) => x.table_name === 'outcome_answers').length).toBeGreaterThanOrEqual(3);
		expect(JSON.stringify(rows)).not.toMatch(/"value"/);
	});
});

describe('a paper-only instrument (items for staff)', () => {
	it('is refused to the parent with a plain sentence, page and save', async () => {
		const p = await page(parentC.email, enr.soonC!, 'paper_q', 'before');
		expect(p.error).toMatchObject({
			code: 'P0001',
			message: 'Your facilitator will give you this one on paper.'
		});
		const s = await save(parentC.email, enr.soonC!, 'paper_q', 'before', { answers: { 1: 1 } });
		expect(s.error?.code).toBe('P0001');
		expect(await response(enr.soonC!, 'paper_q', 'before')).toBeUndefined();
	});

	it('the group’s facilitator sees its items and enters it from paper, marked as such', async () => {
		const p = await page(PRIYA, enr.soonC!, 'paper_q', 'before');
		expect(p.error).toBeNull();
		expect(p.data).toMatchObject({ viewer: 'staff', family: { name: parentC.full_name } });
		expect((p.data as { items: { wording: string }[] }).items[0]?.wording).toBe(
			'Licensed item one'
		);
		const s = await save(PRIYA, enr.soonC!, 'paper_q', 'before', {
			answers: { 1: 1, 2: 3 },
			submit: true
		});
		expect(s.error).toBeNull();
		const row = await response(enr.soonC!, 'paper_q', 'before');
		expect(row).toMatchObject({ on_paper: true, entered_by: ids.facilitator1 });
		expect(Number(row?.score)).toBe(4);
	});

	it('a parent never sees the family’s name; staff do', async () => {
		const p = await page(parentC.email, enr.soonC!, 'gbo', 'before');
		expect((p.data as { family: { name: unknown } }).family.name).toBeNull();
	});
});

describe('who may answer and enter (every role)', () => {
	const cases: [string, () => string, string | null][] = [
		['the family’s parent', () => parentC.email, null],
		['the group’s facilitator', () => PRIYA, null],
		['the lead', () => LEAD, null],
		['another parent', () => parentA.email, 'P0002'],
		['another facilitator', () => LEAH, 'P0002'],
		['a trainee', () => TRAINEE, '42501'],
		['the training admin', () => TRAINING, '42501']
	];
	for (const [who, email, code] of cases) {
		it(`${who}: measure_page, save_measure, feedback_page → ${code ?? 'allowed'}`, async () => {
			const c = await as(email());
			expect(
				await rpcCode(c, 'measure_page', {
					enrolment_id: enr.soonC,
					instrument_id: 'test_q',
					at: 'before'
				})
			).toBe(code);
			expect(
				await rpcCode(c, 'save_measure', {
					enrolment_id: enr.soonC,
					instrument_id: 'test_q',
					at: 'before',
					answers: { 1: 1 }
				})
			).toBe(code);
			expect(await rpcCode(c, 'feedback_page', { enrolment_id: enr.soonC })).toBe(code);
		});
	}

	it('anon: every function refused', async () => {
		const a = anonClient(backend);
		for (const [fn, args] of [
			['measure_page', { enrolment_id: enr.soonC, instrument_id: 'test_q', at: 'before' }],
			['save_measure', { enrolment_id: enr.soonC, instrument_id: 'test_q', at: 'before' }],
			['feedback_page', { enrolment_id: enr.soonC }],
			['save_group_feedback', { enrolment_id: enr.soonC, helpful: 5 }],
			['my_measures_page', {}],
			['group_measures_page', { group_id: soon }]
		] as const) {
			expect(await rpcCode(a, fn, args)).toBe('42501');
		}
	});

	it('a measure the programme does not use is not found', async () => {
		expect(
			await rpcCode(await as(PRIYA), 'measure_page', {
				enrolment_id: enr.soonC,
				instrument_id: 'paper_q',
				at: 'after'
			})
		).toBe('P0002');
	});

	it('the rows are written by the functions only: a client cannot insert an answer', async () => {
		const c = await as(parentC.email);
		const { error } = await (
			c as unknown as {
				from: (t: string) => { insert: (v: object) => Promise<{ error: unknown }> };
			}
		)
			.from('outcome_goals')
			.insert({ enrolment_id: enr.soonC, instrument_id: 'gbo', number: 1, goal: 'x' });
		expect(error).not.toBeNull();
	});
});

describe('end-of-group feedback', () => {
	const fb = (email: string, args: Record<string, unknown>) =>
		as(email).then((c) => rpc<{ submitted: boolean }>(c, 'save_group_feedback', args));

	it('is not open before the after window', async () => {
		const r = await fb(parentA.email, { enrolment_id: enr.soonA, helpful: 4, recommend: 'yes' });
		expect(r.error?.message).toMatch(/^This is not open yet/);
	});

	it('a parent sends it once ("prefer not to say" allowed); staff correct it from paper', async () => {
		// Open and not sent: parent_home lists it among what is due, and not once it is sent.
		const dueNow = async () =>
			(
				await ok<{ memberships: { enrolment_id: string; due: Record<string, unknown>[] }[] }>(
					await as(parentA.email),
					'parent_home'
				)
			).memberships.find((m) => m.enrolment_id === enr.endedA)!.due;
		const feedbackDue = expect.objectContaining({
			instrument_id: null,
			name: 'End-of-group feedback',
			kind: 'feedback',
			at: 'feedback',
			started: false
		});
		expect(await dueNow()).toContainEqual(feedbackDue);
		const r = await fb(parentA.email, {
			enrolment_id: enr.endedA,
			helpful: null,
			recommend: 'yes',
			helped_most: ' Meeting others ',
			could_be_better: '',
			submit: true
		});
		expect(r.error).toBeNull();
		expect(r.data?.submitted).toBe(true);
		expect(await dueNow()).not.toContainEqual(feedbackDue);
		const again = await fb(parentA.email, { enrolment_id: enr.endedA, helpful: 5 });
		expect(again.error?.code).toBe('P0001');
		const staff = await fb(PRIYA, {
			enrolment_id: enr.endedA,
			helpful: 5,
			recommend: 'yes',
			helped_most: 'Meeting others',
			could_be_better: 'Later start'
		});
		expect(staff.error).toBeNull();
		const [row] = await db<{ helpful: number; on_paper: boolean; entered_by: string }>(
			'select helpful, on_paper, entered_by from public.group_feedback where enrolment_id = $1',
			[enr.endedA]
		);
		expect(row).toEqual({ helpful: 5, on_paper: true, entered_by: ids.facilitator1 });
		const p = await ok<{ feedback: { helped_most: string } }>(
			await as(parentA.email),
			'feedback_page',
			{ enrolment_id: enr.endedA }
		);
		expect(p.feedback.helped_most).toBe('Meeting others');
	});

	it('refuses out-of-range answers with the field, and others’ families', async () => {
		expect((await fb(parentB.email, { enrolment_id: enr.endedB, helpful: 6 })).error).toMatchObject(
			{ code: 'P0001', hint: 'helpful' }
		);
		expect(
			(await fb(parentB.email, { enrolment_id: enr.endedB, recommend: 'maybe' })).error
		).toMatchObject({ code: 'P0001', hint: 'recommend' });
		expect(
			(await fb(parentB.email, { enrolment_id: enr.endedB, could_be_better: 'x'.repeat(2001) }))
				.error
		).toMatchObject({ code: 'P0001', hint: 'could_be_better' });
		expect((await fb(parentB.email, { enrolment_id: enr.endedA, helpful: 1 })).error?.code).toBe(
			'P0002'
		);
		expect((await fb(LEAH, { enrolment_id: enr.endedB, helpful: 1 })).error?.code).toBe('P0002');
		expect((await fb(TRAINEE, { enrolment_id: enr.endedB, helpful: 1 })).error?.code).toBe('42501');
		expect((await fb(LEAD, { enrolment_id: enr.endedB, helpful: 3 })).error).toBeNull();
	});
});

describe('pages that list measures', () => {
	it('parent_home lists what is open and not sent, with no paper-only instrument', async () => {
		const home = await ok<{
			memberships: { enrolment_id: string; due: { instrument_id: string | null; at: string }[] }[];
		}>(await as(parentA.email), 'parent_home');
		const soonDue = home.memberships.find((m) => m.enrolment_id === enr.soonA)!.due;
		// GBO before was sent; the questionnaire before is open
		expect(soonDue.map((d) => `${d.instrument_id}:${d.at}`)).toEqual(['test_q:before']);
		const endedDue = home.memberships.find((m) => m.enrolment_id === enr.endedA)!.due;
		// after: GBO open (test_q after and the feedback were sent)
		expect(endedDue.map((d) => `${d.instrument_id}:${d.at}`)).toEqual(['gbo:after']);
	});

	it('my_measures_page: the parent’s own goals with their ratings, and only theirs', async () => {
		const p = await ok<{
			groups: {
				enrolment_id: string;
				goals: { goal: string; ratings: { at: string; value: number | null }[] }[];
			}[];
		}>(await as(parentA.email), 'my_measures_page');
		expect(p.groups.map((g) => g.enrolment_id).sort()).toEqual(
			[enr.soonA, enr.endedA, enr.longAgoA].sort()
		);
		const goals = p.groups.find((g) => g.enrolment_id === enr.soonA)!.goals;
		expect(goals.map((g) => g.ratings)).toEqual([
			[{ at: 'before', value: 4, submitted: true }],
			[{ at: 'before', value: null, submitted: true }],
			[{ at: 'before', value: 5, submitted: true }]
		]);
		expect(await rpcCode(await as(PRIYA), 'my_measures_page')).toBe('42501');
	});

	it('group_measures_page: the group’s staff see each family; others do not', async () => {
		const p = await ok<{ families: { name: string; measures: { state: string }[] }[] }>(
			await as(PRIYA),
			'group_measures_page',
			{ group_id: soon }
		);
		expect(p.families.map((f) => f.name).sort()).toEqual(
			[parentA.full_name, parentB.full_name, parentC.full_name].sort()
		);
		expect(await rpcCode(await as(LEAD), 'group_measures_page', { group_id: soon })).toBeNull();
		expect(await rpcCode(await as(LEAH), 'group_measures_page', { group_id: soon })).toBe('P0002');
		expect(await rpcCode(await as(parentA.email), 'group_measures_page', { group_id: soon })).toBe(
			'42501'
		);
	});
});

describe('the reminder when a measure opens', () => {
	const reminders = (to: string) =>
		db<{ dedupe_key: string; payload: { path: string } }>(
			"select dedupe_key, payload from public.notifications where kind = 'measure_open' and to_profile = $1 order by dedupe_key",
			[to]
		);

	it('is queued once per family, measure and time point, never for a paper-only one or one sent', async () => {
		await db('insert into public.message_preferences (profile_id, reminders) values ($1, false)', [
			parentB.id
		]);
		await ok(service(), 'run_scheduled_jobs', {});
		await ok(service(), 'run_scheduled_jobs', {});
		const a = await reminders(parentA.id);
		expect(a.map((r) => r.dedupe_key).sort()).toEqual(
			[
				`measure_open:${enr.endedA}:gbo:after`,
				`measure_open:${enr.longAgoA}:test_q:follow_up`,
				`measure_open:${enr.soonA}:test_q:before`
			].sort()
		);
		expect(a.find((r) => r.dedupe_key.endsWith(`${enr.soonA}:test_q:before`))?.payload.path).toBe(
			`/my/measures/${enr.soonA}/test_q/before`
		);
		// parent C: GBO and the questionnaire before, not the paper-only one
		expect((await reminders(parentC.id)).map((r) => r.dedupe_key).sort()).toEqual(
			[`measure_open:${enr.soonC}:gbo:before`, `measure_open:${enr.soonC}:test_q:before`].sort()
		);
		// parent B turned reminders off
		expect(await reminders(parentB.id)).toEqual([]);
	});

	it('the template renders the link', async () => {
		const { templates } = await import('../../src/lib/server/messages/templates');
		const [row] = await reminders(parentC.id);
		const mail = templates.measure_open!(row!.payload, {
			recipient: { email: parentC.email, full_name: parentC.full_name, role: 'parent' },
			clinic: {
				name: 'Clinic',
				phone: null,
				email: null,
				postal_address: null,
				reply_to: null,
				staff_contact: null
			},
			siteUrl: 'https://app.example'
		});
		expect(mail.text).toContain(`https://app.example${row!.payload.path}`);
		expect(mail.headers?.['List-Unsubscribe']).toMatch(/^<https:\/\/app\.example\/unsubscribe\//);
	});
});
