/**
 * Curricula: the default 8-session Reflective Parenting curriculum, the deck staff present from,
 * and versioning (draft → edit → publish; new groups get the latest published version, existing
 * groups keep theirs). Who may read and who may change curricula, through functions and directly.
 *
 * The tests run in order and build on each other: version 2 is drafted, edited and published
 * part-way through the file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, sqlError, startBackend } from './harness';
import {
	PROGRAMME,
	addDailyProgramme,
	clients,
	DAILY_PROGRAMME,
	createAccount,
	createGroup,
	ok,
	rpc,
	rpcCode,
	type Account
} from './groups-fixtures';

const THURSDAY = '00000000-0000-4000-8000-000000001002';
const SEED_GROUPS = [
	'00000000-0000-4000-8000-000000001001',
	THURSDAY,
	'00000000-0000-4000-8000-000000001003'
];

interface CurriculumSession {
	number: number;
	title: string;
	aims: string[];
	slides: string[];
	prompts: string[];
	facilitator_notes: string;
	home_practice: string;
}
interface Deck {
	group: { id: string; name: string };
	session: { id: string; number: number; starts_at: string; released_at: string | null };
	content: CurriculumSession & Record<string, unknown>;
	session_count: number;
}
interface CurriculumPage {
	id: string;
	programme_id: string;
	version: number;
	status: 'draft' | 'published';
	published_at: string | null;
	is_lead: boolean;
	sessions: CurriculumSession[];
}
interface CurriculaPage {
	is_lead: boolean;
	curricula: { id: string; version: number; status: string; groups: number; programme: string }[];
}

/** The Reflective Parenting entries of the curricula page. */
const rp = (page: CurriculaPage) =>
	page.curricula.filter((c) => c.programme === 'Reflective Parenting group');

/** The content the default-curriculum migration installs, parsed from the migration itself. */
function migrationContent(): CurriculumSession[] {
	const sql = readFileSync(
		fileURLToPath(
			new URL('../../supabase/migrations/20261122000400_default_curriculum.sql', import.meta.url)
		),
		'utf8'
	);
	const parts = sql.split('$curriculum$');
	return JSON.parse(parts[1]!) as CurriculumSession[];
}

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator1 = () => as('facilitator1@example.org');
const parent1 = () => as('parent1@example.org');

let v1: string;
/** A facilitator who runs no seed group. */
let outsider: Account;

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}
async function curriculumOf(groupId: string) {
	const [row] = await db<{ curriculum_id: string | null; version: number | null }>(
		`select g.curriculum_id, c.version from public.groups g
		   left join public.curricula c on c.id = g.curriculum_id where g.id = $1`,
		[groupId]
	);
	return row!;
}
async function sessionRow(curriculumId: string, number: number) {
	const [row] = await db<CurriculumSession>(
		'select * from public.curriculum_sessions where curriculum_id = $1 and number = $2',
		[curriculumId, number]
	);
	return row;
}

beforeAll(async () => {
	backend = await startBackend();
	await addDailyProgramme(backend);
	outsider = await createAccount(backend, 'facilitator', { password: true });
	const [row] = await db<{ id: string }>(
		"select id from public.curricula where programme_id = 'reflective-parenting' and version = 1"
	);
	v1 = row!.id;
});
afterAll(() => backend.close());

describe('the default curriculum', () => {
	it('is installed as version 1 of Reflective Parenting, published, with 8 full sessions', async () => {
		const curricula = await db<{
			programme_id: string;
			version: number;
			status: string;
			published_at: Date | null;
		}>(
			"select programme_id, version, status, published_at from public.curricula where programme_id = 'reflective-parenting'"
		);
		expect(curricula).toHaveLength(1);
		expect(curricula[0]).toMatchObject({
			programme_id: PROGRAMME,
			version: 1,
			status: 'published'
		});
		expect(curricula[0]!.published_at).toBeInstanceOf(Date);

		const sessions = await db<CurriculumSession>(
			'select * from public.curriculum_sessions where curriculum_id = $1 order by number',
			[v1]
		);
		expect(sessions.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(sessions[0]!.title).toBe('What we bring');
		expect(sessions[7]!.title).toBe('Endings and going forward');
		for (const s of sessions) {
			expect(s.title.trim().length, `session ${s.number}`).toBeGreaterThan(0);
			expect(s.aims.length, `session ${s.number} aims`).toBeGreaterThan(0);
			expect(s.slides.length, `session ${s.number} slides`).toBeGreaterThanOrEqual(5);
			expect(s.prompts.length, `session ${s.number} prompts`).toBeGreaterThan(0);
			expect(s.facilitator_notes.length, `session ${s.number} notes`).toBeGreaterThan(0);
			expect(s.home_practice.length, `session ${s.number} home practice`).toBeGreaterThan(0);
			for (const slide of s.slides) expect(typeof slide).toBe('string');
		}
		// Exactly what the migration carries.
		expect(
			sessions.map(
				({ number, title, aims, slides, prompts, facilitator_notes, home_practice }) => ({
					number,
					title,
					aims,
					slides,
					prompts,
					facilitator_notes,
					home_practice
				})
			)
		).toEqual(
			migrationContent().map((s) => ({
				...s,
				facilitator_notes: s.facilitator_notes ?? '',
				home_practice: s.home_practice ?? ''
			}))
		);
	});

	it('every seed group points at it', async () => {
		for (const g of SEED_GROUPS) {
			expect(await curriculumOf(g), g).toEqual({ curriculum_id: v1, version: 1 });
		}
		const [{ n }] = (await db<{ n: number }>(
			"select count(*)::int as n from public.groups where programme_id = 'reflective-parenting' and curriculum_id is null"
		)) as [{ n: number }];
		expect(n).toBe(0);
	});

	it('curricula_page lists it for the lead and facilitators, with the groups using it', async () => {
		const forLead = await ok<CurriculaPage>(await lead(), 'curricula_page');
		expect(forLead.is_lead).toBe(true);
		expect(rp(forLead)).toHaveLength(1);
		expect(rp(forLead)[0]).toMatchObject({
			id: v1,
			version: 1,
			status: 'published',
			groups: 5,
			programme: 'Reflective Parenting group'
		});
		const forFacilitator = await ok<CurriculaPage>(await facilitator1(), 'curricula_page');
		expect(forFacilitator.is_lead).toBe(false);
		expect(rp(forFacilitator).map((c) => c.id)).toEqual([v1]);

		const page = await ok<CurriculumPage>(await facilitator1(), 'curriculum_page', {
			curriculum_id: v1
		});
		expect(page).toMatchObject({ id: v1, version: 1, status: 'published', is_lead: false });
		expect(page.sessions.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
		expect(page.sessions[0]!.slides).toEqual((await sessionRow(v1, 1))!.slides);

		expect(
			await rpcCode(await lead(), 'curriculum_page', {
				curriculum_id: '00000000-0000-4000-8000-00000000dead'
			})
		).toBe('P0002');
	});
});

describe('the session deck', () => {
	it("gives the group's staff the session's title and at least five slides", async () => {
		for (const client of [
			await facilitator1(),
			await as('facilitator2@example.org'),
			await lead()
		]) {
			const deck = await ok<Deck>(client, 'session_deck', { group_id: THURSDAY, number: 2 });
			expect(deck.group).toEqual({ id: THURSDAY, name: 'Thursday evenings' });
			expect(deck.session.number).toBe(2);
			expect(deck.session_count).toBe(8);
			expect(deck.content.title).toBe('Looking after ourselves to look after them');
			expect(deck.content.slides.length).toBeGreaterThanOrEqual(5);
			expect(deck.content.aims.length).toBeGreaterThan(0);
			expect(deck.content.prompts.length).toBeGreaterThan(0);
			expect(deck.content.facilitator_notes).not.toBe('');
			expect(deck.content.home_practice).not.toBe('');
			expect(deck.content).not.toHaveProperty('curriculum_id');
		}
	});

	it('returns the Markdown of every slide unchanged', async () => {
		const source = migrationContent();
		const f1 = await facilitator1();
		for (let n = 1; n <= 8; n++) {
			const deck = await ok<Deck>(f1, 'session_deck', { group_id: THURSDAY, number: n });
			const expected = source.find((s) => s.number === n)!;
			expect(deck.content.slides, `session ${n}`).toEqual(expected.slides);
			expect(deck.content.prompts, `session ${n}`).toEqual(expected.prompts);
			expect(deck.content.facilitator_notes, `session ${n}`).toBe(expected.facilitator_notes);
			expect(deck.content.home_practice, `session ${n}`).toBe(expected.home_practice);
			// Raw Markdown, not rendered HTML.
			expect(deck.content.slides.some((s) => s.startsWith('### '))).toBe(true);
			expect(deck.content.slides.join('\n')).not.toMatch(/<h3|<p>|<li>/);
		}
	});

	it('is refused to parents (even in the group), to other facilitators and to anon', async () => {
		const args = { group_id: THURSDAY, number: 1 };
		expect(await rpcCode(await parent1(), 'session_deck', args)).toBe('42501');
		expect(await rpcCode(await as('parent7@example.org'), 'session_deck', args)).toBe('42501');
		expect(await rpcCode(await as(outsider.email), 'session_deck', args)).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'session_deck', args)).toBe('42501');
	});

	it('has no session 9, and no session of a group that does not exist', async () => {
		expect(await rpcCode(await lead(), 'session_deck', { group_id: THURSDAY, number: 9 })).toBe(
			'P0002'
		);
		expect(
			await rpcCode(await lead(), 'session_deck', {
				group_id: '00000000-0000-4000-8000-00000000dead',
				number: 1
			})
		).toBe('P0002');
	});
});

describe('who can read curricula directly', () => {
	it('staff can; parents and anon get nothing at all', async () => {
		const count = async (who: string | null, table: string) =>
			(
				await asRole<{ n: number }>(backend, who, `select count(*)::int as n from public.${table}`)
			)[0]!.n;
		expect(await count(ids.lead, 'curricula')).toBeGreaterThan(0);
		expect(await count(ids.facilitator1, 'curricula')).toBeGreaterThan(0);
		expect(await count(outsider.id, 'curriculum_sessions')).toBeGreaterThanOrEqual(8);
		for (const who of [ids.parent(1), ids.parent(7), null]) {
			expect(await count(who, 'curricula'), String(who)).toBe(0);
			expect(await count(who, 'curriculum_sessions'), String(who)).toBe(0);
		}
	});

	it('parents cannot use the curriculum pages', async () => {
		expect(await rpcCode(await parent1(), 'curricula_page')).toBe('42501');
		expect(await rpcCode(await parent1(), 'curriculum_page', { curriculum_id: v1 })).toBe('42501');
		expect(await rpcCode(anonClient(backend), 'curricula_page')).not.toBeNull();
	});

	it('nobody writes the tables directly, not even the lead', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1)]) {
			expect(
				await sqlError(
					backend,
					who,
					"insert into public.curricula (programme_id, version, status) values ('reflective-parenting', 9, 'draft')"
				),
				who
			).toBe('42501');
			expect(
				await sqlError(backend, who, "update public.curriculum_sessions set title = 'Hacked'"),
				who
			).toBe('42501');
			expect(
				await sqlError(
					backend,
					who,
					"update public.curricula set status = 'draft', published_at = null"
				),
				who
			).toBe('42501');
			expect(await sqlError(backend, who, 'delete from public.curriculum_sessions'), who).toBe(
				'42501'
			);
			expect(await sqlError(backend, who, 'delete from public.curricula'), who).toBe('42501');
		}
		expect(
			await sqlError(
				backend,
				ids.lead,
				"select private.install_curriculum('reflective-parenting', '[]')"
			)
		).toBe('42501');
		expect((await sessionRow(v1, 1))!.title).toBe('What we bring');
	});
});

describe('versions: draft, edit, publish', () => {
	let v2: string;
	let groupBefore: string;
	const newSlides = [
		'### Noticing\n\nWhat do you **notice** in yourself when a child is upset?',
		'<script>alert("x")</script>\n\n- one\n- two\n\n[link](javascript:alert(1))',
		'A plain slide with <b>inline HTML</b> & an ampersand'
	];

	it('a draft copies the latest published version, and asking again returns the same draft', async () => {
		const l = await lead();
		v2 = (await ok<{ id: string }>(l, 'draft_curriculum', { programme_id: PROGRAMME })).id;
		expect(v2).not.toBe(v1);
		expect((await ok<{ id: string }>(l, 'draft_curriculum', { programme_id: PROGRAMME })).id).toBe(
			v2
		);

		const [row] = await db<{
			version: number;
			status: string;
			published_at: Date | null;
			created_by: string;
		}>('select version, status, published_at, created_by from public.curricula where id = $1', [
			v2
		]);
		expect(row).toEqual({ version: 2, status: 'draft', published_at: null, created_by: ids.lead });
		const copy = await db(
			`select number, title, aims, slides, prompts, facilitator_notes, home_practice
			   from public.curriculum_sessions where curriculum_id = $1 order by number`,
			[v2]
		);
		const original = await db(
			`select number, title, aims, slides, prompts, facilitator_notes, home_practice
			   from public.curriculum_sessions where curriculum_id = $1 order by number`,
			[v1]
		);
		expect(copy).toHaveLength(8);
		expect(copy).toEqual(original);

		const page = await ok<CurriculaPage>(l, 'curricula_page');
		expect(rp(page).map((c) => [c.version, c.status])).toEqual([
			[2, 'draft'],
			[1, 'published']
		]);
		// A facilitator sees the draft exists but cannot change it (below).
		const draftPage = await ok<CurriculumPage>(await facilitator1(), 'curriculum_page', {
			curriculum_id: v2
		});
		expect(draftPage).toMatchObject({ version: 2, status: 'draft', published_at: null });
	});

	it('there is nothing to draft from for a programme without a curriculum', async () => {
		expect(
			await rpcCode(await lead(), 'draft_curriculum', { programme_id: DAILY_PROGRAMME.id })
		).toBe('P0001');
	});

	it('facilitators and parents cannot draft, edit or publish', async () => {
		const session = {
			curriculum_id: v2,
			number: 1,
			title: 'Taken over',
			aims: [],
			slides: ['x'],
			prompts: [],
			facilitator_notes: '',
			home_practice: ''
		};
		for (const client of [await facilitator1(), await as(outsider.email), await parent1()]) {
			expect(await rpcCode(client, 'draft_curriculum', { programme_id: PROGRAMME })).toBe('42501');
			expect(await rpcCode(client, 'save_curriculum_session', session)).toBe('42501');
			expect(
				await rpcCode(client, 'save_curriculum_session', { ...session, curriculum_id: v1 })
			).toBe('42501');
			expect(await rpcCode(client, 'publish_curriculum', { curriculum_id: v2 })).toBe('42501');
		}
		expect(
			await rpcCode(anonClient(backend), 'publish_curriculum', { curriculum_id: v2 })
		).not.toBeNull();
		expect((await sessionRow(v2, 1))!.title).toBe('What we bring');
		const [row] = await db<{ status: string }>(
			'select status from public.curricula where id = $1',
			[v2]
		);
		expect(row!.status).toBe('draft');
	});

	it('a published version cannot be edited or published again', async () => {
		const l = await lead();
		const edit = await rpc(l, 'save_curriculum_session', {
			curriculum_id: v1,
			number: 3,
			title: 'Rewritten history',
			aims: ['a'],
			slides: ['b'],
			prompts: [],
			facilitator_notes: '',
			home_practice: ''
		});
		expect(edit.error?.code).toBe('P0001');
		expect(await rpcCode(l, 'publish_curriculum', { curriculum_id: v1 })).toBe('P0001');
		expect((await sessionRow(v1, 3))!.title).toBe('The story behind behaviour');
	});

	it('the lead edits a session of the draft; every session keeps at least one slide', async () => {
		const l = await lead();
		const session = {
			curriculum_id: v2,
			number: 3,
			title: '  Behaviour has a story  ',
			aims: ['Wonder what a child is feeling'],
			slides: newSlides,
			prompts: ['When did a behaviour make sense once you knew why?'],
			facilitator_notes: 'Keep it *gentle*.',
			home_practice: 'Notice one feeling a day.'
		};
		expect(await ok(l, 'save_curriculum_session', session)).toEqual({ number: 3 });
		const saved = (await sessionRow(v2, 3))!;
		expect(saved).toMatchObject({
			title: 'Behaviour has a story',
			aims: session.aims,
			slides: newSlides,
			prompts: session.prompts,
			facilitator_notes: 'Keep it *gentle*.',
			home_practice: 'Notice one feeling a day.'
		});

		const empty = await rpc(l, 'save_curriculum_session', { ...session, slides: [] });
		expect(empty.error?.code).toBe('P0001');
		expect(empty.error?.hint).toBe('slides');
		expect((await sessionRow(v2, 3))!.slides).toEqual(newSlides);

		expect(await rpcCode(l, 'save_curriculum_session', { ...session, number: 9 })).toBe('P0002');
		// Version 1 is untouched.
		expect((await sessionRow(v1, 3))!.title).toBe('The story behind behaviour');

		const page = await ok<CurriculumPage>(l, 'curriculum_page', { curriculum_id: v2 });
		expect(page.sessions.find((s) => s.number === 3)!.title).toBe('Behaviour has a story');
	});

	it('a group created while version 2 is still a draft gets version 1', async () => {
		groupBefore = await createGroup(await lead());
		expect(await curriculumOf(groupBefore)).toEqual({ curriculum_id: v1, version: 1 });
		const deck = await ok<Deck>(await facilitator1(), 'session_deck', {
			group_id: groupBefore,
			number: 3
		});
		expect(deck.content.title).toBe('The story behind behaviour');
	});

	it('publishing: new groups get version 2, existing groups keep version 1', async () => {
		const l = await lead();
		expect(await ok(l, 'publish_curriculum', { curriculum_id: v2 })).toEqual({ id: v2 });
		const [row] = await db<{ status: string; published_at: Date | null }>(
			'select status, published_at from public.curricula where id = $1',
			[v2]
		);
		expect(row!.status).toBe('published');
		expect(row!.published_at).toBeInstanceOf(Date);

		const groupAfter = await createGroup(l);
		expect(await curriculumOf(groupAfter)).toEqual({ curriculum_id: v2, version: 2 });
		expect(await curriculumOf(groupBefore)).toEqual({ curriculum_id: v1, version: 1 });
		for (const g of SEED_GROUPS)
			expect(await curriculumOf(g), g).toEqual({ curriculum_id: v1, version: 1 });

		const f1 = await facilitator1();
		const after = await ok<Deck>(f1, 'session_deck', { group_id: groupAfter, number: 3 });
		expect(after.content.title).toBe('Behaviour has a story');
		// The Markdown (HTML and all) comes back exactly as saved: sanitizing is the renderer's job.
		expect(after.content.slides).toEqual(newSlides);
		const before = await ok<Deck>(f1, 'session_deck', { group_id: groupBefore, number: 3 });
		expect(before.content.title).toBe('The story behind behaviour');
		const thursday = await ok<Deck>(f1, 'session_deck', { group_id: THURSDAY, number: 3 });
		expect(thursday.content.title).toBe('The story behind behaviour');

		const page = await ok<CurriculaPage>(l, 'curricula_page');
		expect(rp(page).map((c) => [c.version, c.status, c.groups])).toEqual([
			[2, 'published', 1],
			[1, 'published', 6]
		]);
	});

	it('version 2 is now closed to edits, and the next draft (version 3) starts from it', async () => {
		const l = await lead();
		expect(await rpcCode(l, 'publish_curriculum', { curriculum_id: v2 })).toBe('P0001');
		expect(
			await rpcCode(l, 'save_curriculum_session', {
				curriculum_id: v2,
				number: 3,
				title: 'Changed after publishing',
				aims: [],
				slides: ['x'],
				prompts: [],
				facilitator_notes: '',
				home_practice: ''
			})
		).toBe('P0001');
		expect((await sessionRow(v2, 3))!.title).toBe('Behaviour has a story');

		const v3 = (await ok<{ id: string }>(l, 'draft_curriculum', { programme_id: PROGRAMME })).id;
		const [row] = await db<{ version: number; status: string }>(
			'select version, status from public.curricula where id = $1',
			[v3]
		);
		expect(row).toEqual({ version: 3, status: 'draft' });
		expect((await sessionRow(v3, 3))!.slides).toEqual(newSlides);
		// A draft never reaches new groups.
		expect(await curriculumOf(await createGroup(l))).toMatchObject({ version: 2 });
	});
});
