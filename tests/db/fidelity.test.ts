/**
 * The fidelity checklist (supabase/schemas/92_fidelity.sql): items per curriculum version
 * (copied into a draft and into a newly installed version, frozen once published), the lead
 * editing a draft's items, a session's checklist filled by the group's facilitators once the
 * session has started (every item answered once, re-saving replaces the answers), who reads what
 * (staff only), and the session page and the lead's review carrying it.
 *
 * The seed's running "Thursday evenings" group (facilitators 1 and 2): sessions 1 and 2 have
 * checklists filled by facilitator 1, session 3 (held) has none, session 5 is in the future. The
 * tests run in order: a draft is made, edited and published towards the end of the file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { SessionPage } from '../../src/lib/sessions/types';
import { GroupReview } from '../../src/lib/review/types';
import { CurriculumVersion } from '../../src/lib/curriculum/types';
import { anonClient, asRole, ids, sqlError, startBackend } from './harness';
import {
	PROGRAMME,
	clients,
	createAccount,
	createGroup,
	ok,
	rpc,
	rpcCode,
	startGroup,
	type Account
} from './groups-fixtures';

const THURSDAY = '00000000-0000-4000-8000-000000001002';
const DEFAULT_ITEMS = [
	"The session's psychoeducation was covered.",
	"Parents were helped to think about their child's mind and their own.",
	"The group's feelings were held, and everyone had space to speak.",
	'The home practice was set.',
	'The session kept to its plan.'
];

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const facilitator2 = () => as('facilitator2@example.org');
const parent1 = () => as('parent1@example.org');
const trainee = () => as('trainee1@example.org');
const trainingAdmin = () => as('training@example.org');

/** Thursday's session ids by number. */
const session: Record<number, string> = {};
/** The published Reflective Parenting version the demo groups follow. */
let published: string;
/** A facilitator who runs none of the demo groups. */
let other: Account;
let people: Record<'trainee' | 'training_admin' | 'parent', string>;

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}

/** Every item of the default checklist answered, with `overrides` by number. */
function allAnswers(overrides: Record<number, Record<string, unknown>> = {}) {
	return [1, 2, 3, 4, 5].map((number) => ({
		number,
		answer: 'yes',
		note: '',
		...overrides[number]
	}));
}

async function checkRow(sessionId: string) {
	return (
		await db<{ filled_by: string; updated_by: string; filled_at: Date; updated_at: Date }>(
			'select * from public.session_fidelity_checks where session_id = $1',
			[sessionId]
		)
	)[0];
}
async function answerRows(sessionId: string) {
	return db<{ number: number; wording: string; answer: string; note: string }>(
		'select number, wording, answer, note from public.session_fidelity_answers where session_id = $1 order by number',
		[sessionId]
	);
}

beforeAll(async () => {
	backend = await startBackend();
	for (const r of await db<{ id: string; number: number }>(
		'select id, number from public.sessions where group_id = $1',
		[THURSDAY]
	))
		session[r.number] = r.id;
	published = (
		await db<{ id: string }>('select curriculum_id as id from public.groups where id = $1', [
			THURSDAY
		])
	)[0]!.id;
	other = await createAccount(backend, 'facilitator', { password: true });
	const byEmail = async (email: string) =>
		(await db<{ id: string }>('select id from public.profiles where email = $1', [email]))[0]!.id;
	people = {
		trainee: await byEmail('trainee1@example.org'),
		training_admin: await byEmail('training@example.org'),
		parent: ids.parent(1)
	};
});
afterAll(() => backend?.close());

describe('items per curriculum version', () => {
	it('the published Reflective Parenting version has the five default items, in order', async () => {
		expect(
			await db(
				'select number, wording from public.curriculum_fidelity_items where curriculum_id = $1 order by number',
				[published]
			)
		).toEqual(DEFAULT_ITEMS.map((wording, i) => ({ number: i + 1, wording })));
	});

	it('curriculum_page returns them to the lead and to facilitators', async () => {
		for (const who of [await lead(), await facilitator1(), await as(other.email)]) {
			const page = CurriculumVersion.parse(
				await ok(who, 'curriculum_page', { curriculum_id: published })
			);
			expect(page.fidelity_items.map((i) => i.wording)).toEqual(DEFAULT_ITEMS);
		}
	});

	it('a published version’s items cannot be changed, by the rpc, directly, or even by the owner', async () => {
		const r = await rpc(await lead(), 'save_fidelity_items', {
			curriculum_id: published,
			items: ['Something else']
		});
		expect(r.error).toMatchObject({ code: 'P0001', hint: 'items' });
		for (const who of [ids.lead, ids.facilitator1]) {
			expect(
				await sqlError(backend, who, "update public.curriculum_fidelity_items set wording = 'x'")
			).toBe('42501');
			expect(await sqlError(backend, who, 'delete from public.curriculum_fidelity_items')).toBe(
				'42501'
			);
			expect(
				await sqlError(
					backend,
					who,
					"insert into public.curriculum_fidelity_items values ($1, 9, 'x')",
					[published]
				)
			).toBe('42501');
		}
		// The trigger holds for every writer, the owner (and so every definer function) too.
		await expect(
			db("update public.curriculum_fidelity_items set wording = 'x' where curriculum_id = $1", [
				published
			])
		).rejects.toMatchObject({ code: 'P0001' });
		await expect(
			db('delete from public.curriculum_fidelity_items where curriculum_id = $1', [published])
		).rejects.toMatchObject({ code: 'P0001' });
		expect(
			await db(
				'select count(*)::int as n from public.curriculum_fidelity_items where curriculum_id = $1',
				[published]
			)
		).toEqual([{ n: 5 }]);
	});
});

describe('who reads the checklist', () => {
	it('the group’s staff read its checks and answers; other staff read only the items', async () => {
		const count = async (who: string | null, table: string) =>
			(
				await asRole<{ n: number }>(
					backend,
					who,
					`select count(*)::int as n from public.${table} where ${
						table === 'curriculum_fidelity_items' ? 'curriculum_id' : 'session_id'
					} = any($1)`,
					[table === 'curriculum_fidelity_items' ? [published] : [session[1], session[2]]]
				)
			)[0]!.n;
		for (const who of [ids.lead, ids.facilitator1, ids.facilitator2]) {
			expect(await count(who, 'session_fidelity_checks'), who).toBe(2);
			expect(await count(who, 'session_fidelity_answers'), who).toBe(10);
			expect(await count(who, 'curriculum_fidelity_items'), who).toBe(5);
		}
		expect(await count(other.id, 'session_fidelity_checks')).toBe(0);
		expect(await count(other.id, 'session_fidelity_answers')).toBe(0);
		expect(await count(other.id, 'curriculum_fidelity_items')).toBe(5);
		for (const who of [people.parent, people.trainee, people.training_admin, null]) {
			expect(await count(who, 'session_fidelity_checks'), String(who)).toBe(0);
			expect(await count(who, 'session_fidelity_answers'), String(who)).toBe(0);
			expect(await count(who, 'curriculum_fidelity_items'), String(who)).toBe(0);
		}
	});

	it('nobody writes the checks or answers directly', async () => {
		for (const who of [ids.lead, ids.facilitator1, people.parent, null]) {
			expect(
				await sqlError(
					backend,
					who,
					'insert into public.session_fidelity_checks (session_id, filled_by, updated_by) values ($1, $2, $2)',
					[session[3], ids.facilitator1]
				),
				String(who)
			).toBe('42501');
			expect(
				await sqlError(backend, who, "update public.session_fidelity_answers set answer = 'no'"),
				String(who)
			).toBe('42501');
			expect(
				await sqlError(backend, who, 'delete from public.session_fidelity_checks'),
				String(who)
			).toBe('42501');
		}
	});
});

describe('the pages carry it', () => {
	it('the session page: the items, the filled checklist, and whether the caller may fill it', async () => {
		const f = SessionPage.parse(
			await ok(await facilitator1(), 'session_page', { group_id: THURSDAY, number: 1 })
		);
		expect(f.fidelity.can_fill).toBe(true);
		expect(f.fidelity.items.map((i) => i.wording)).toEqual(DEFAULT_ITEMS);
		expect(f.fidelity.check).toMatchObject({
			filled_by: 'Priya Shah',
			updated_by: 'Priya Shah',
			counts: { yes: 4, partly: 1, no: 0 }
		});
		expect(f.fidelity.check?.answers.map((a) => a.answer)).toEqual([
			'yes',
			'yes',
			'yes',
			'yes',
			'partly'
		]);
		expect(f.fidelity.check?.answers[4]?.note).toMatch(/parent map/);

		const l = SessionPage.parse(
			await ok(await lead(), 'session_page', { group_id: THURSDAY, number: 1 })
		);
		expect(l.fidelity.can_fill).toBe(false);
		expect(l.fidelity.check?.counts).toEqual({ yes: 4, partly: 1, no: 0 });

		const third = SessionPage.parse(
			await ok(await facilitator2(), 'session_page', { group_id: THURSDAY, number: 3 })
		);
		expect(third.fidelity).toMatchObject({ can_fill: true, check: null });
		expect(third.fidelity.items).toHaveLength(5);
	});

	it('the lead’s review: each session’s checklist beside its notes, session 3 missing', async () => {
		const r = GroupReview.parse(await ok(await lead(), 'group_review', { group_id: THURSDAY }));
		const by = Object.fromEntries(r.sessions.map((s) => [s.number, s]));
		expect(by[1]?.fidelity?.counts).toEqual({ yes: 4, partly: 1, no: 0 });
		expect(by[2]?.fidelity?.counts).toEqual({ yes: 4, partly: 1, no: 0 });
		expect(by[2]?.fidelity?.answers[1]).toMatchObject({
			answer: 'partly',
			wording: DEFAULT_ITEMS[1]
		});
		expect(by[3]?.held).toBe(true);
		expect(by[3]?.fidelity).toBeNull();
		expect(by[4]?.fidelity).toBeNull();
		// The review is the lead's alone.
		expect(await rpcCode(await facilitator1(), 'group_review', { group_id: THURSDAY })).toBe(
			'42501'
		);
	});

	it('another facilitator does not get the session page', async () => {
		expect(
			await rpcCode(await as(other.email), 'session_page', { group_id: THURSDAY, number: 1 })
		).toBe('42501');
	});
});

describe('filling the checklist', () => {
	it('refuses answers that do not cover every item exactly once, with hint answers', async () => {
		const f = await facilitator1();
		const bad: unknown[] = [
			allAnswers().slice(0, 4), // one missing
			[...allAnswers(), { number: 5, answer: 'no', note: '' }], // one twice
			[...allAnswers(), { number: 6, answer: 'yes', note: '' }], // an unknown item
			allAnswers({ 2: { answer: 'maybe' } }),
			allAnswers({ 2: { answer: null } }),
			allAnswers({ 3: { number: '3' } }),
			allAnswers({ 3: { number: 3.5 } }),
			allAnswers({ 4: { note: 'x'.repeat(2001) } }),
			allAnswers({ 4: { note: 42 } }),
			[],
			{ number: 1, answer: 'yes' },
			'yes',
			null,
			[1, 2, 3, 4, 5]
		];
		for (const answers of bad) {
			const r = await rpc(f, 'save_fidelity_check', { session_id: session[3], answers });
			expect(r.error, JSON.stringify(answers).slice(0, 80)).toMatchObject({
				code: 'P0001',
				hint: 'answers'
			});
		}
		expect(await checkRow(session[3]!)).toBeUndefined();
	});

	it('only the group’s facilitators may fill it: not the lead, another facilitator, a parent, training people or anon', async () => {
		const args = { session_id: session[3], answers: allAnswers() };
		for (const who of [
			await lead(),
			await as(other.email),
			await parent1(),
			await trainee(),
			await trainingAdmin(),
			anonClient(backend)
		]) {
			expect(await rpcCode(who, 'save_fidelity_check', args)).toBe('42501');
		}
		expect(await checkRow(session[3]!)).toBeUndefined();
	});

	it('a facilitator fills it once the session has started; the wording is copied', async () => {
		const r = await ok(await facilitator1(), 'save_fidelity_check', {
			session_id: session[3],
			answers: allAnswers({
				2: { answer: 'partly', note: '  Hard to stay with the children’s feelings.  ' },
				5: { answer: 'no', note: 'We ran out of time for the video.' }
			})
		});
		expect(r).toEqual({ session_id: session[3] });
		expect(await checkRow(session[3]!)).toMatchObject({
			filled_by: ids.facilitator1,
			updated_by: ids.facilitator1
		});
		const answers = await answerRows(session[3]!);
		expect(answers.map((a) => a.wording)).toEqual(DEFAULT_ITEMS);
		expect(answers.map((a) => a.answer)).toEqual(['yes', 'partly', 'yes', 'yes', 'no']);
		expect(answers[1]!.note).toBe('Hard to stay with the children’s feelings.');
		expect(
			// keyed by its session (no id column): the audit row names it by that key
			await db(
				"select action from public.audit_log where table_name = 'session_fidelity_checks' and row_id = $1 order by id desc limit 1",
				[session[3]]
			)
		).toEqual([{ action: 'insert' }]);
		expect(
			(
				await db<{ n: number }>(
					"select count(*)::int as n from public.audit_log where table_name = 'session_fidelity_answers' and action = 'insert'"
				)
			)[0]!.n
		).toBeGreaterThanOrEqual(5);
	});

	it('re-saving replaces the answers, keeps who filled it first, and records who saved it last', async () => {
		const before = (await checkRow(session[3]!))!;
		await new Promise((r) => setTimeout(r, 20));
		await ok(await facilitator2(), 'save_fidelity_check', {
			session_id: session[3],
			answers: allAnswers({ 5: { answer: 'partly', note: 'Short on time.' } })
		});
		const after = (await checkRow(session[3]!))!;
		expect(after).toMatchObject({ filled_by: ids.facilitator1, updated_by: ids.facilitator2 });
		expect(after.filled_at).toEqual(before.filled_at);
		expect(after.updated_at.getTime()).toBeGreaterThan(before.updated_at.getTime());
		const answers = await answerRows(session[3]!);
		expect(answers.map((a) => a.answer)).toEqual(['yes', 'yes', 'yes', 'yes', 'partly']);
		expect(answers.map((a) => a.note)).toEqual(['', '', '', '', 'Short on time.']);
		const page = SessionPage.parse(
			await ok(await lead(), 'session_page', { group_id: THURSDAY, number: 3 })
		);
		expect(page.fidelity.check).toMatchObject({
			filled_by: 'Priya Shah',
			updated_by: 'Tom Ellis',
			counts: { yes: 4, partly: 1, no: 0 }
		});
	});

	it('is refused before the session starts, for a cancelled session, and for no such session', async () => {
		const f = await facilitator1();
		const future = await rpc(f, 'save_fidelity_check', {
			session_id: session[5],
			answers: allAnswers()
		});
		expect(future.error).toMatchObject({ code: 'P0001' });
		expect(future.error?.message).toMatch(/once the session has started/);
		expect(await checkRow(session[5]!)).toBeUndefined();

		const group = await createGroup(await lead());
		await startGroup(backend, group);
		const [first] = await db<{ id: string }>(
			'select id from public.sessions where group_id = $1 and number = 1',
			[group]
		);
		// Started, so it can be filled...
		await ok(f, 'save_fidelity_check', { session_id: first!.id, answers: allAnswers() });
		// ...but not once it is cancelled.
		await db("update public.sessions set status = 'cancelled' where id = $1", [first!.id]);
		expect(
			await rpcCode(f, 'save_fidelity_check', { session_id: first!.id, answers: allAnswers() })
		).toBe('P0001');

		expect(
			await rpcCode(f, 'save_fidelity_check', {
				session_id: '00000000-0000-4000-8000-00000000dead',
				answers: allAnswers()
			})
		).toBe('P0002');
	});
});

describe('a new version’s items', () => {
	let draft: string;

	it('a draft copies the published version’s items', async () => {
		draft = (
			await ok<{ id: string }>(await lead(), 'draft_curriculum', { programme_id: PROGRAMME })
		).id;
		const page = CurriculumVersion.parse(
			await ok(await lead(), 'curriculum_page', { curriculum_id: draft })
		);
		expect(page.status).toBe('draft');
		expect(page.fidelity_items.map((i) => i.wording)).toEqual(DEFAULT_ITEMS);
	});

	it('only the lead edits a draft’s items', async () => {
		const args = { curriculum_id: draft, items: ['Mine'] };
		for (const who of [
			await facilitator1(),
			await parent1(),
			await trainee(),
			await trainingAdmin(),
			anonClient(backend)
		]) {
			expect(await rpcCode(who, 'save_fidelity_items', args)).toBe('42501');
		}
		expect(
			await db(
				'select count(*)::int as n from public.curriculum_fidelity_items where curriculum_id = $1',
				[draft]
			)
		).toEqual([{ n: 5 }]);
	});

	it('refuses lists that are empty, too long, or not lines of text, with hint items', async () => {
		const l = await lead();
		for (const items of [
			[],
			Array.from({ length: 11 }, (_, i) => `Item ${i + 1}`),
			['Fine', '   '],
			['Fine', 'x'.repeat(301)],
			['Fine', 3],
			['Fine', null],
			'Fine',
			{ 1: 'Fine' },
			null
		]) {
			const r = await rpc(l, 'save_fidelity_items', { curriculum_id: draft, items });
			expect(r.error, JSON.stringify(items).slice(0, 60)).toMatchObject({
				code: 'P0001',
				hint: 'items'
			});
		}
		expect(
			await rpcCode(l, 'save_fidelity_items', {
				curriculum_id: '00000000-0000-4000-8000-00000000dead',
				items: ['x']
			})
		).toBe('P0002');
	});

	it('the lead replaces a draft’s items; publishing freezes them; new groups get them', async () => {
		const l = await lead();
		const items = [
			'  The session’s ideas were shared in plain words.  ',
			'Parents wondered about their child’s mind and their own.',
			'x'.repeat(300)
		];
		expect(await ok(l, 'save_fidelity_items', { curriculum_id: draft, items })).toEqual({
			curriculum_id: draft,
			items: 3
		});
		const page = CurriculumVersion.parse(await ok(l, 'curriculum_page', { curriculum_id: draft }));
		expect(page.fidelity_items).toEqual([
			{ number: 1, wording: 'The session’s ideas were shared in plain words.' },
			{ number: 2, wording: items[1] },
			{ number: 3, wording: items[2] }
		]);
		// The published version is untouched: groups on it keep their checklist.
		expect(
			await db(
				'select count(*)::int as n from public.curriculum_fidelity_items where curriculum_id = $1',
				[published]
			)
		).toEqual([{ n: 5 }]);

		await ok(l, 'publish_curriculum', { curriculum_id: draft });
		const frozen = await rpc(l, 'save_fidelity_items', { curriculum_id: draft, items: ['x'] });
		expect(frozen.error).toMatchObject({ code: 'P0001', hint: 'items' });

		// A group made now follows the new version, and its checklist is the new one.
		const group = await createGroup(l);
		await startGroup(backend, group);
		const s = SessionPage.parse(
			await ok(await facilitator1(), 'session_page', { group_id: group, number: 1 })
		);
		expect(s.fidelity.items.map((i) => i.number)).toEqual([1, 2, 3]);
		const old = await rpc(await facilitator1(), 'save_fidelity_check', {
			session_id: s.session.id,
			answers: allAnswers()
		});
		expect(old.error).toMatchObject({ code: 'P0001', hint: 'answers' });
		await ok(await facilitator1(), 'save_fidelity_check', {
			session_id: s.session.id,
			answers: allAnswers().slice(0, 3)
		});
		expect((await answerRows(s.session.id)).map((a) => a.wording)).toEqual(
			page.fidelity_items.map((i) => i.wording)
		);
		// Thursday's group still answers the five items of the version it started with.
		const thursday = SessionPage.parse(
			await ok(await facilitator1(), 'session_page', { group_id: THURSDAY, number: 4 })
		);
		expect(thursday.fidelity.items.map((i) => i.wording)).toEqual(DEFAULT_ITEMS);
	});

	it('a version the curriculum migrations install carries the previous version’s items', async () => {
		const [{ id }] = (await db<{ id: string }>(
			`select private.install_curriculum($1, '[{"number": 1, "title": "One", "aims": [], "slides": ["Hello"], "prompts": []}]'::jsonb) as id`,
			[PROGRAMME]
		)) as [{ id: string }];
		expect(
			await db(
				'select number, wording from public.curriculum_fidelity_items where curriculum_id = $1 order by number',
				[id]
			)
		).toEqual([
			{ number: 1, wording: 'The session’s ideas were shared in plain words.' },
			{ number: 2, wording: 'Parents wondered about their child’s mind and their own.' },
			{ number: 3, wording: 'x'.repeat(300) }
		]);
	});
});
