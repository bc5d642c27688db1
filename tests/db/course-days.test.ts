import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, signIn, startBackend, type Client } from './harness';

/**
 * The course days' register through the rpc, as the app calls it. Demo seed: the past autumn
 * course …3002 (two days 91 and 90 days ago, 09:30–16:30, trainer facilitator1 Priya Shah) with
 * Esther Nowak (finished, present both days) and Daniel Reid (a tier without the online
 * training); the Leeds course …3004 is in the future.
 */
const PAST = '00000000-0000-4000-8000-000000003002';
const LEEDS = '00000000-0000-4000-8000-000000003004';

let backend: EmbeddedBackend;
let priya: Client;
let days: string[];
let day1: string;
let day2: string;
let daniel: string;
let esther: string;

beforeAll(async () => {
	backend = await startBackend();
	priya = await signIn(backend, 'facilitator1@example.org');
	const { rows } = await backend.db.query<{ day: string }>(
		`select to_char(day, 'YYYY-MM-DD') as day from public.course_days where course_id = $1 order by day`,
		[PAST]
	);
	days = rows.map((r) => r.day);
	[day1, day2] = days as [string, string];
	const { data, error } = await priya.rpc('course_register_page', { course: PAST, day: day1 });
	expect(error).toBeNull();
	const register = (data as { register: { place_id: string; name: string }[] }).register;
	daniel = register.find((r) => r.name === 'Daniel Reid')!.place_id;
	esther = register.find((r) => r.name === 'Esther Nowak')!.place_id;
});
afterAll(() => backend.close());

async function as(email: string | null): Promise<Client> {
	return email ? signIn(backend, email) : anonClient(backend);
}

describe('course_register_page', () => {
	it('shows each attendee with the online training and the day mark side by side', async () => {
		const { data, error } = await priya.rpc('course_register_page', { course: PAST, day: day1 });
		expect(error).toBeNull();
		const page = data as {
			day: { starts: string; ends: string; future: boolean };
			days: { day: string }[];
			register: { name: string; organisation: string; online: string; status: string | null }[];
		};
		expect(page.day).toMatchObject({ starts: '09:30', ends: '16:30', future: false });
		expect(page.days.map((d) => d.day)).toEqual(days);
		expect(page.register.find((r) => r.name === 'Esther Nowak')).toMatchObject({
			organisation: 'Southgate Fostering Service',
			online: 'Finished',
			status: 'present'
		});
		expect(page.register.find((r) => r.name === 'Daniel Reid')).toMatchObject({
			online: 'Not included',
			status: null
		});
	});

	it('shows progress as "4 of 9" on the Leeds course', async () => {
		const { rows } = await backend.db.query<{ day: string }>(
			`select to_char(min(day), 'YYYY-MM-DD') as day from public.course_days where course_id = $1`,
			[LEEDS]
		);
		const { data, error } = await priya.rpc('course_register_page', {
			course: LEEDS,
			day: rows[0]!.day
		});
		expect(error).toBeNull();
		const page = data as { day: { future: boolean }; register: { name: string; online: string }[] };
		expect(page.day.future).toBe(true);
		expect(page.register.find((r) => r.name === 'Daniel Reid')?.online).toBe('4 of 9');
	});

	it.each([
		['facilitator1@example.org', null],
		['training@example.org', null],
		['lead@example.org', null],
		['facilitator2@example.org', '42501'],
		['trainee5@example.org', '42501'],
		['booker@example.org', '42501'],
		['parent1@example.org', '42501']
	])('as %s: %s', async (email, code) => {
		const { error } = await (
			await as(email)
		).rpc('course_register_page', {
			course: PAST,
			day: day1
		});
		expect(error?.code ?? null).toBe(code);
	});

	it('is not for signed-out visitors', async () => {
		const { error } = await anonClient(backend).rpc('course_register_page', {
			course: PAST,
			day: day1
		});
		expect(error).not.toBeNull();
	});

	it('says not found for a day the course does not have', async () => {
		const { error } = await priya.rpc('course_register_page', { course: PAST, day: '2020-01-01' });
		expect(error?.code).toBe('P0002');
	});
});

describe('mark_course_attendance', () => {
	const mark = (client: Client, place: string, day: string, status: string, at_time = '') =>
		client.rpc('mark_course_attendance', { place, day, status, at_time, note: '' });

	it('marks and re-marks (an upsert), keeping the time for late', async () => {
		expect((await mark(priya, daniel, day1, 'present')).error).toBeNull();
		const late = await mark(priya, daniel, day1, 'late', '10:05');
		expect(late.error).toBeNull();
		const { rows } = await backend.db.query<{ status: string; at_time: string; n: number }>(
			`select status, at_time::text, count(*) over () as n from public.course_attendance
			 where place_id = $1 and day = $2`,
			[daniel, day1]
		);
		expect(rows).toEqual([{ status: 'late', at_time: '10:05:00', n: 1 }]);
	});

	it.each([
		['late', '', 'at_time'],
		['left_early', '9.30', 'at_time'],
		['late', '09:30', 'at_time'],
		['left_early', '16:30', 'at_time'],
		['late', '08:00', 'at_time'],
		['present', '10:00', 'at_time'],
		['absent', '12:00', 'at_time'],
		['excused', '', 'status']
	])('refuses %s at "%s" (hint %s) and changes nothing', async (status, time, hint) => {
		const before = await backend.db.query(
			`select status, at_time from public.course_attendance where place_id = $1 and day = $2`,
			[esther, day2]
		);
		const { error } = await mark(priya, esther, day2, status, time);
		expect(error?.code).toBe('P0001');
		expect(error?.hint).toBe(hint);
		const after = await backend.db.query(
			`select status, at_time from public.course_attendance where place_id = $1 and day = $2`,
			[esther, day2]
		);
		expect(after.rows).toEqual(before.rows);
	});

	it('accepts left early within the day', async () => {
		expect((await mark(priya, esther, day2, 'left_early', '15:45')).error).toBeNull();
		expect((await mark(priya, esther, day2, 'present')).error).toBeNull();
	});

	it('refuses a future day', async () => {
		const { rows } = await backend.db.query<{ day: string; place: string }>(
			`select to_char(min(d.day), 'YYYY-MM-DD') as day,
			   '00000000-0000-4000-8000-000000003304' as place
			 from public.course_days d where d.course_id = $1`,
			[LEEDS]
		);
		const { error } = await mark(priya, rows[0]!.place, rows[0]!.day, 'present');
		expect(error?.code).toBe('P0001');
		expect(error?.hint).toBe('day');
	});

	it('refuses a day the course does not have', async () => {
		const { error } = await mark(priya, daniel, '2020-01-01', 'present');
		expect(error?.code).toBe('P0002');
	});

	it.each([
		['facilitator2@example.org', '42501'],
		['trainee5@example.org', '42501'],
		['booker@example.org', '42501']
	])('refuses %s', async (email, code) => {
		const { error } = await mark(await as(email), daniel, day1, 'absent');
		expect(error?.code).toBe(code);
	});

	it('lets the training admin mark', async () => {
		expect((await mark(await as('training@example.org'), daniel, day2, 'absent')).error).toBeNull();
	});
});

describe('mark_course_day_all_present', () => {
	it('marks only the unmarked and says how many', async () => {
		await backend.db.query(
			`delete from public.course_attendance where place_id = $1 and day = $2`,
			[daniel, day2]
		);
		await backend.db.query(
			`update public.course_attendance set status = 'absent' where place_id = $1 and day = $2`,
			[esther, day2]
		);
		const { data, error } = await priya.rpc('mark_course_day_all_present', {
			course: PAST,
			day: day2
		});
		expect(error).toBeNull();
		expect(data).toEqual({ marked: 1 });
		const { rows } = await backend.db.query<{ place_id: string; status: string }>(
			`select place_id, status from public.course_attendance where day = $1 and course_id = $2`,
			[day2, PAST]
		);
		expect(Object.fromEntries(rows.map((r) => [r.place_id, r.status]))).toEqual({
			[daniel]: 'present',
			[esther]: 'absent'
		});
	});

	it('refuses a trainer of another course', async () => {
		const { error } = await (
			await as('facilitator2@example.org')
		).rpc('mark_course_day_all_present', { course: PAST, day: day2 });
		expect(error?.code).toBe('42501');
	});
});
