import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, signIn, sqlError, startBackend, type Client } from './harness';
import { THURSDAY_GROUP } from './seed-reset';

const TUESDAY_GROUP = '00000000-0000-4000-8000-000000001001';

interface ParentSession {
	id: string;
	number: number;
	released: boolean;
	title: string;
	content: { slides: string[]; home_practice: string } | null;
	my_attendance: { status: string; reason: string | null } | null;
}

let backend: EmbeddedBackend;
let parent1: Client;
const sessions: Record<number, string> = {};
let tuesdaySession1 = '';

beforeAll(async () => {
	backend = await startBackend();
	parent1 = await signIn(backend, 'parent1@example.org');
	const { rows } = await backend.db.query<{ id: string; number: number }>(
		'select id, number from public.sessions where group_id = $1',
		[THURSDAY_GROUP]
	);
	for (const r of rows) sessions[r.number] = r.id;
	const t = await backend.db.query<{ id: string }>(
		'select id from public.sessions where group_id = $1 and number = 1',
		[TUESDAY_GROUP]
	);
	tuesdaySession1 = t.rows[0]!.id;
});
afterAll(() => backend.close());

describe('released materials', () => {
	it('a parent reads the slides and home practice of released sessions of their group', async () => {
		const { data, error } = await parent1.rpc('my_session', { session_id: sessions[1]! });
		expect(error).toBeNull();
		const s = data as unknown as ParentSession;
		expect(s.released).toBe(true);
		expect(s.title).toBe('What we bring');
		expect(s.content?.slides.length).toBeGreaterThanOrEqual(5);
		expect(s.content?.home_practice.length).toBeGreaterThan(20);
		expect(JSON.stringify(s)).not.toContain('facilitator_notes');
	});

	it('an unreleased session shows only its title and date', async () => {
		const { data } = await parent1.rpc('my_session', { session_id: sessions[5]! });
		const s = data as unknown as ParentSession;
		expect(s.released).toBe(false);
		expect(s.title).toBeTruthy();
		expect(s.content).toBeNull();
	});

	it('another group’s sessions are not found, released or not', async () => {
		const { data, error } = await parent1.rpc('my_session', { session_id: tuesdaySession1 });
		expect(data).toBeNull();
		expect(error?.code).toBe('P0002');
	});

	it('the curriculum tables stay closed to parents, directly and through the REST surface', async () => {
		expect(
			await asRole(backend, ids.parent(1), 'select * from public.curriculum_sessions')
		).toEqual([]);
		// The rpc surface has no generic table access, and the staff deck is refused.
		const deck = await parent1.rpc('session_deck', { group_id: THURSDAY_GROUP, number: 5 });
		expect(deck.error?.code).toBe('42501');
		expect(deck.data).toBeNull();
		const anon = await anonClient(backend).rpc('my_session', { session_id: sessions[1]! });
		expect(anon.data).toBeNull();
		expect(anon.status).toBe(401);
	});

	it('the home page lists the parent’s own sessions with titles, and no other family', async () => {
		const { data } = await parent1.rpc('parent_home');
		const text = JSON.stringify(data);
		expect(text).toContain('What we bring');
		for (const other of ['Denise Campbell', 'parent2@example.org', 'Brenda Hughes']) {
			expect(text).not.toContain(other);
		}
		expect(text).not.toContain('slides');
	});
});

describe('calendar', () => {
	it('lists every session of the parent’s group with a revision for SEQUENCE', async () => {
		const { data } = await parent1.rpc('my_calendar');
		const rows = data as unknown as { id: string; revision: number; group_name: string }[];
		expect(rows).toHaveLength(8);
		expect(new Set(rows.map((r) => r.group_name))).toEqual(new Set(['Thursday evenings']));
	});

	it('a moved session gets a higher revision, so calendars update it', async () => {
		const before = await backend.db.query<{ revision: number }>(
			'select revision from public.sessions where id = $1',
			[sessions[8]!]
		);
		const facilitator = await signIn(backend, 'facilitator1@example.org');
		const { rows: current } = await backend.db.query<{ starts_at: string }>(
			'select starts_at::text from public.sessions where id = $1',
			[sessions[8]!]
		);
		const later = new Date(new Date(current[0]!.starts_at).getTime() + 24 * 3600_000).toISOString();
		expect(
			(await facilitator.rpc('move_session', { session_id: sessions[8]!, starts_at: later })).error
		).toBeNull();
		const after = await backend.db.query<{ revision: number }>(
			'select revision from public.sessions where id = $1',
			[sessions[8]!]
		);
		expect(after.rows[0]!.revision).toBe(before.rows[0]!.revision + 1);
	});
});

describe('apologies', () => {
	it('a parent sends apologies for an upcoming session; the facilitators see them on the register', async () => {
		const sent = await parent1.rpc('send_apologies', {
			session_id: sessions[6]!,
			reason: 'School play'
		});
		expect(sent.error).toBeNull();
		const facilitator = await signIn(backend, 'facilitator1@example.org');
		const { data } = await facilitator.rpc('session_page', { group_id: THURSDAY_GROUP, number: 6 });
		const register = (
			data as unknown as { register: { full_name: string; status: string; reason: string }[] }
		).register;
		expect(register.find((r) => r.full_name === 'Margaret Doyle')).toMatchObject({
			status: 'apologies',
			reason: 'School play'
		});
	});

	it('can be withdrawn before the session, and only what they sent', async () => {
		expect(
			(await parent1.rpc('withdraw_apologies', { session_id: sessions[6]! })).error
		).toBeNull();
		const { rows } = await backend.db.query(
			'select 1 from public.attendance a join public.enrolments e on e.id = a.enrolment_id where a.session_id = $1 and e.parent_id = $2',
			[sessions[6]!, ids.parent(1)]
		);
		expect(rows).toEqual([]);
		const again = await parent1.rpc('withdraw_apologies', { session_id: sessions[6]! });
		expect(again.error?.code).toBe('P0001');
	});

	it('not for a session that has started, nor for another group', async () => {
		const past = await parent1.rpc('send_apologies', { session_id: sessions[2]!, reason: null });
		expect(past.error?.code).toBe('P0001');
		const other = await parent1.rpc('send_apologies', {
			session_id: tuesdaySession1,
			reason: null
		});
		expect(other.error?.code).toBe('P0002');
	});

	it('never for someone else: the function takes no person, and direct writes are refused', async () => {
		const { rows } = await backend.db.query<{ id: string }>(
			'select id from public.enrolments where parent_id = $1',
			[ids.parent(2)]
		);
		const theirs = rows[0]!.id;
		expect(
			await sqlError(
				backend,
				ids.parent(1),
				"insert into public.attendance (session_id, enrolment_id, status) values ($1, $2, 'apologies')",
				[sessions[6]!, theirs]
			)
		).toBe('42501');
		const extra = await parent1.rpc('send_apologies', {
			session_id: sessions[6]!,
			enrolment_id: theirs
		} as never);
		expect(extra.error?.code).toBe('PGRST202');
		const { rows: marks } = await backend.db.query(
			'select 1 from public.attendance where enrolment_id = $1 and session_id = $2',
			[theirs, sessions[6]!]
		);
		expect(marks).toEqual([]);
	});

	it('staff and other roles cannot send a parent’s apologies', async () => {
		const facilitator = await signIn(backend, 'facilitator1@example.org');
		expect(
			(await facilitator.rpc('send_apologies', { session_id: sessions[6]! })).error?.code
		).toBe('42501');
	});
});

describe('the demo seed', () => {
	it('gives the running group a history: held sessions, a register, an absence flag and a concern', async () => {
		const lead = await signIn(backend, 'lead@example.org');
		const { data } = await lead.rpc('group_page', { group_id: THURSDAY_GROUP });
		const page = data as unknown as {
			sessions: { number: number; status: string }[];
			absent_twice: string[];
			open_concerns: number;
		};
		expect(page.sessions.filter((s) => s.status === 'held').map((s) => s.number)).toEqual([
			1, 2, 3
		]);
		expect(page.absent_twice).toHaveLength(1);
		expect(page.open_concerns).toBe(1);
	});
});
