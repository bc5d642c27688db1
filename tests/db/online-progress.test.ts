import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createEmbeddedBackend, type EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, signIn, SITE, type Client } from './harness';

/**
 * The trainee's side of the online training through the rpc, as the app calls it: progress
 * reports merged as unique seconds, the skip-ahead cap, the completion threshold, "I have watched
 * this", early-access requests, and who is refused. The demo clock is moved with the backend's
 * clockOffsetSeconds (private.clock), so "seconds since the last report" is exact.
 * Demo seed: Chloe (trainee3) paid, early access; Daniel (trainee4) open on the Leeds course, 4 of
 * 9 done; Ben (trainee2) paid, before the opening date; Aisha (trainee1) unpaid. Modules 1–3 are
 * 20-second stored films, 4–9 embedded.
 */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const MODULE = (n: number) => id(4100 + n);
const TRAINING = id(4001);
const BEN_PLACE = id(3302);
const DANIEL_PLACE = id(3304);

let offset = 0;
let backend: EmbeddedBackend;
let chloe: Client;
let daniel: Client;
let ben: Client;
let aisha: Client;

beforeAll(async () => {
	const dump = new Blob([readFileSync(inject('schemaDump'))]);
	backend = await createEmbeddedBackend({
		loadDataDir: dump,
		siteUrl: SITE,
		clockOffsetSeconds: () => offset
	});
	chloe = await signIn(backend, 'trainee3@example.org');
	daniel = await signIn(backend, 'trainee4@example.org');
	ben = await signIn(backend, 'trainee2@example.org');
	aisha = await signIn(backend, 'trainee1@example.org');
});
afterAll(() => backend.close());

type Progress = { seconds_watched: number; percent: number; complete: boolean };

async function report(client: Client, module: string, intervals: unknown) {
	return client.rpc('report_online_progress', { module, intervals: intervals as never });
}
async function reported(client: Client, module: string, intervals: unknown): Promise<Progress> {
	const { data, error } = await report(client, module, intervals);
	if (error) throw new Error(`report refused: ${error.message}`);
	return data as Progress;
}
async function row(trainee: string, module: string) {
	const { rows } = await backend.db.query<{
		watched: string;
		seconds_watched: number;
		completed_how: string | null;
		declared_at: string | null;
	}>(
		`select watched::text, seconds_watched, completed_how, declared_at from public.online_progress
		 where trainee_id = $1 and module_id = $2`,
		[trainee, module]
	);
	return rows[0];
}
const CHLOE = id(413);

describe('progress reports', () => {
	it('count overlapping, out-of-order and repeated seconds once, and complete at 90 %', async () => {
		expect(await reported(chloe, MODULE(1), [])).toEqual({
			seconds_watched: 0,
			percent: 0,
			complete: false
		});
		offset += 10;
		expect(
			(
				await reported(chloe, MODULE(1), [
					[0, 4],
					[2, 6],
					[3, 5]
				])
			).seconds_watched
		).toBe(6);
		offset += 10;
		// Out of order, with a gap [8, 10) not yet played.
		expect(
			(
				await reported(chloe, MODULE(1), [
					[10, 14],
					[6, 8]
				])
			).seconds_watched
		).toBe(12);
		expect((await row(CHLOE, MODULE(1)))?.watched).toBe('{[0,8),[10,14)}');
		offset += 10;
		expect(
			(
				await reported(chloe, MODULE(1), [
					[0, 14],
					[0, 14]
				])
			).seconds_watched
		).toBe(14);
		offset += 10;
		// 17 of 20 seconds is 85 %: not yet.
		expect(await reported(chloe, MODULE(1), [[13.6, 17.2]])).toEqual({
			seconds_watched: 17,
			percent: 85,
			complete: false
		});
		offset += 10;
		expect(await reported(chloe, MODULE(1), [[17, 18]])).toEqual({
			seconds_watched: 18,
			percent: 90,
			complete: true
		});
		expect((await row(CHLOE, MODULE(1)))?.completed_how).toBe('watched');
	});

	it('clamps intervals to the film, and a complete module stays complete', async () => {
		offset += 10;
		expect(await reported(chloe, MODULE(1), [[18, 500]])).toEqual({
			seconds_watched: 20,
			percent: 100,
			complete: true
		});
		await backend.db.query(
			'update public.online_trainings set completion_percent = 100 where id = $1',
			[TRAINING]
		);
		try {
			offset += 10;
			expect((await reported(chloe, MODULE(1), [])).complete).toBe(true);
		} finally {
			await backend.db.query(
				'update public.online_trainings set completion_percent = 90 where id = $1',
				[TRAINING]
			);
		}
	});

	it('does not count seeking ahead: at most 2 × the seconds since the last report + 5', async () => {
		// First report of a sitting, with nothing before it: at most 15 new seconds.
		const first = await report(chloe, MODULE(2), [[0, 16]]);
		expect(first.error?.code).toBe('P0001');
		expect(first.error?.hint).toBe('intervals');
		expect(await row(CHLOE, MODULE(2))).toBeUndefined();
		await reported(chloe, MODULE(2), []);
		offset += 3; // 2 × 3 + 5 = 11 new seconds at most
		expect((await report(chloe, MODULE(2), [[0, 12]])).error?.hint).toBe('intervals');
		expect((await row(CHLOE, MODULE(2)))?.seconds_watched).toBe(0);
		expect((await reported(chloe, MODULE(2), [[0, 11]])).seconds_watched).toBe(11);
		// Seconds already counted cost nothing: re-watching needs no time.
		expect((await reported(chloe, MODULE(2), [[0, 11]])).seconds_watched).toBe(11);
		expect((await report(chloe, MODULE(2), [[11, 17]])).error?.hint).toBe('intervals');
	});

	it('counts a long pause as five minutes at most, so a film left for a day cannot be skipped', async () => {
		await backend.db.query(
			'update public.online_modules set duration_seconds = 2000 where id = $1',
			[MODULE(3)]
		);
		await reported(chloe, MODULE(3), []);
		offset += 86400;
		expect((await report(chloe, MODULE(3), [[0, 606]])).error?.hint).toBe('intervals');
		expect((await reported(chloe, MODULE(3), [[0, 605]])).seconds_watched).toBe(605);
	});

	it('completes at the training’s own threshold (100 %)', async () => {
		await backend.db.query(
			'update public.online_trainings set completion_percent = 100 where id = $1',
			[TRAINING]
		);
		try {
			offset += 10;
			expect(await reported(chloe, MODULE(2), [[11, 19]])).toEqual({
				seconds_watched: 19,
				percent: 95,
				complete: false
			});
			offset += 10;
			expect((await reported(chloe, MODULE(2), [[19, 20]])).complete).toBe(true);
		} finally {
			await backend.db.query(
				'update public.online_trainings set completion_percent = 90 where id = $1',
				[TRAINING]
			);
		}
	});

	it.each([
		['not an array', { from: 0 }],
		['a pair the wrong way round', [[5, 3]]],
		['an empty interval', [[4, 4]]],
		['a negative second', [[-1, 3]]],
		['text for a number', [['0', 3]]],
		['three numbers', [[0, 1, 2]]],
		['more than 50 pairs', Array.from({ length: 51 }, (_, i) => [i * 0.1, i * 0.1 + 0.05])]
	])('refuses %s, with the field, changing nothing', async (_, intervals) => {
		const before = await row(CHLOE, MODULE(2));
		const { error } = await report(chloe, MODULE(2), intervals);
		expect(error?.code).toBe('P0001');
		expect(error?.hint).toBe('intervals');
		expect(await row(CHLOE, MODULE(2))).toEqual(before);
	});

	it('refuses reports for an embedded film: another site plays it', async () => {
		const { error } = await report(chloe, MODULE(5), []);
		expect(error?.code).toBe('P0001');
	});
});

describe('“I have watched this”', () => {
	it('completes an embedded module as declared', async () => {
		const { data, error } = await chloe.rpc('declare_module_watched', { module: MODULE(5) });
		expect(error).toBeNull();
		expect(data).toMatchObject({ complete: true, declared: true, completed_how: 'declared' });
		expect((await row(CHLOE, MODULE(5)))?.completed_how).toBe('declared');
	});

	it('keeps a watched module watched', async () => {
		const { data } = await chloe.rpc('declare_module_watched', { module: MODULE(1) });
		expect(data).toMatchObject({ complete: true, declared: true, completed_how: 'watched' });
	});
});

describe('who may report', () => {
	it.each([
		['trainee1@example.org', 'Aisha: unpaid'],
		['trainee2@example.org', 'Ben: before the opening date'],
		['booker@example.org', 'a booker'],
		['facilitator1@example.org', 'a trainer of the course'],
		['training@example.org', 'the training admin']
	])('%s may not (%s)', async (email) => {
		const client = await signIn(backend, email);
		expect((await report(client, MODULE(1), [])).error?.code).toBe('42501');
		const declared = await client.rpc('declare_module_watched', { module: MODULE(4) });
		expect(declared.error?.code).toBe('42501');
	});

	it('signed out may not', async () => {
		const anon = anonClient(backend);
		expect((await report(anon, MODULE(1), [])).error?.code).toMatch(/42501|PGRST202/);
		const declared = await anon.rpc('declare_module_watched', { module: MODULE(4) });
		expect(declared.error?.code).toMatch(/42501|PGRST202/);
	});
});

describe('early access requests', () => {
	async function request(client: Client, place: string, message = 'I am away in June.') {
		return client.rpc('request_early_access', { place, message });
	}
	async function queued(): Promise<{ to_profile: string; payload: Record<string, unknown> }[]> {
		const { rows } = await backend.db.query<{
			to_profile: string;
			payload: Record<string, unknown>;
		}>(
			`select to_profile, payload from public.notifications where kind = 'online_access_requested'`
		);
		return rows;
	}

	it('are taken once per place, and emailed to each training admin', async () => {
		const { data, error } = await request(ben, BEN_PLACE);
		expect(error).toBeNull();
		expect(data).toMatchObject({ requested_at: expect.any(String) });
		const mail = await queued();
		const { rows: admins } = await backend.db.query<{ id: string }>(
			`select id from public.profiles where role = 'training_admin'`
		);
		expect(mail.map((m) => m.to_profile).sort()).toEqual(admins.map((a) => a.id).sort());
		expect(mail[0]!.payload).toMatchObject({
			trainee_name: 'Ben Carter',
			course_id: id(3001),
			paid: true,
			message: 'I am away in June.'
		});
		const again = await request(ben, BEN_PLACE);
		expect(again.error?.code).toBe('P0001');
		expect(again.error?.details).toBe('already_asked');
		expect(await queued()).toHaveLength(mail.length);
	});

	it('show on /training as the latest request', async () => {
		const { data } = await ben.rpc('my_training');
		const place = (data as { places: { id: string; online_training: unknown }[] }).places.find(
			(p) => p.id === BEN_PLACE
		);
		expect(place?.online_training).toMatchObject({
			state: 'before_opening',
			request: { answer: null, requested_at: expect.any(String) }
		});
	});

	it('are refused when the training is already open, or the message is too long', async () => {
		const open = await request(daniel, DANIEL_PLACE);
		expect(open.error?.code).toBe('P0001');
		expect(open.error?.message).toBe('The online training is already open to you.');
		const { data } = await aisha.rpc('my_training');
		const aishaPlace = (data as { places: { id: string }[] }).places[0]!.id;
		const long = await request(aisha, aishaPlace, 'x'.repeat(1001));
		expect(long.error?.code).toBe('P0001');
		expect(long.error?.hint).toBe('message');
		// Unpaid may ask (the answer is still "once it is paid").
		expect((await request(aisha, aishaPlace)).error).toBeNull();
	});

	it('are only for the trainee’s own place', async () => {
		expect((await request(daniel, BEN_PLACE)).error?.code).toBe('P0002');
		const karen = await signIn(backend, 'booker@example.org');
		expect((await request(karen, BEN_PLACE)).error?.code).toBe('42501');
	});
});

describe('the online training pages', () => {
	it('list the modules in order with the trainee’s progress', async () => {
		const { data, error } = await daniel.rpc('online_training_page', { place: DANIEL_PLACE });
		expect(error).toBeNull();
		const page = data as {
			status: { state: string; done: number; modules: number };
			modules: { position: number; progress: { complete: boolean } }[];
		};
		expect(page.status).toMatchObject({ state: 'open', done: 4, modules: 9 });
		expect(page.modules.map((m) => m.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(page.modules.map((m) => m.progress.complete)).toEqual([
			true,
			true,
			true,
			true,
			false,
			false,
			false,
			false,
			false
		]);
	});

	it('are not found for someone else’s place, and a module is refused until open', async () => {
		expect((await daniel.rpc('online_training_page', { place: BEN_PLACE })).error?.code).toBe(
			'P0002'
		);
		const mod = await ben.rpc('online_module_page', { place: BEN_PLACE, module: MODULE(1) });
		expect(mod.error?.code).toBe('42501');
		const open = await daniel.rpc('online_module_page', {
			place: DANIEL_PLACE,
			module: MODULE(2)
		});
		expect(open.data).toMatchObject({
			module: { position: 2, video_kind: 'file' },
			previous: { id: MODULE(1) },
			next: { id: MODULE(3) },
			progress: { complete: true }
		});
	});

	it('show the booker how many have finished', async () => {
		const karen = await signIn(backend, 'booker@example.org');
		const { data } = await karen.rpc('my_bookings');
		const bookings = (data as { bookings: { reference: string; online_training: unknown }[] })
			.bookings;
		expect(bookings.find((b) => b.reference === 'NBC4410')?.online_training).toEqual({
			places: 3,
			finished: 0
		});
	});
});

describe('a cancelled place', () => {
	it('stops progress (withdrawn)', async () => {
		offset += 10;
		expect((await report(daniel, MODULE(1), [])).error).toBeNull();
		await backend.db.query(`update public.course_places set status = 'cancelled' where id = $1`, [
			DANIEL_PLACE
		]);
		expect((await report(daniel, MODULE(1), [])).error?.code).toBe('42501');
		const page = await daniel.rpc('online_training_page', { place: DANIEL_PLACE });
		expect((page.data as { status: { state: string } }).status.state).toBe('withdrawn');
	});
});
