import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { signIn, startBackend, type Client } from './harness';

/**
 * Managing the online training (90_online_admin.sql) through the rpc, as the app calls it:
 * only the training staff write content, only drafts change, publishing needs content; the
 * teaching table is for a course's trainers and the staff; early access never opens an unpaid
 * place, belongs to the attendee it was granted to, and a hand-marked completion counts.
 * Demo seed: Leeds course …3004 (trainers lead + facilitator1), Ben's place …3302 (paid, before
 * the opening date), Daniel's Leeds place …3304 (open, 4 of 9), Aisha (NBC4410, unpaid).
 */
const P = '00000000-0000-4000-8000-00000000';
const MBT = `${P}4001`;
const COURSE = `${P}3001`;
const LEEDS = `${P}3004`;
const BEN_PLACE = `${P}3302`;
const DANIEL_PLACE = `${P}3304`;
const DANIEL = `${P}0414`;

let backend: EmbeddedBackend;
const clients = new Map<string, Client>();
async function as(email: string): Promise<Client> {
	let c = clients.get(email);
	if (!c) clients.set(email, (c = await signIn(backend, email)));
	return c;
}
async function call(email: string, fn: string, args: Record<string, unknown>) {
	const client = await as(email);
	// The names are checked by the generated types in the app; here any function is called.
	const { data, error } = await (
		client.rpc as unknown as (
			f: string,
			a: Record<string, unknown>
		) => Promise<{
			data: Record<string, unknown> | null;
			error: { code: string; message: string; hint: string } | null;
		}>
	)(fn, args);
	return { data, error };
}
async function one<T>(sql: string, params: unknown[] = []): Promise<T> {
	return (await backend.db.query<T>(sql, params)).rows[0]!;
}
const accessState = async (place: string) =>
	(await one<{ s: string }>(`select private.online_access($1) ->> 'state' as s`, [place])).s;
const placeOf = async (email: string, course = COURSE) =>
	(
		await one<{ id: string }>(
			`select id from public.course_places where attendee_email = $1 and course_id = $2 and status = 'active'`,
			[email, course]
		)
	).id;

function moduleArgs(training: string, id: string, over: Record<string, unknown> = {}) {
	return {
		training_id: training,
		module_id: id,
		title: 'Mentalizing in practice',
		description: 'A short film.',
		duration_seconds: 125,
		video_kind: 'embed',
		video_path: null,
		video_url: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
		notes_path: null,
		notes_name: null,
		...over
	};
}

beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

describe('online training content', () => {
	const refused = [
		'facilitator1@example.org',
		'trainee4@example.org',
		'booker@example.org',
		'parent1@example.org'
	];

	it.each(refused)('%s may not start a draft or save a module (42501)', async (email) => {
		expect((await call(email, 'new_online_training_draft', { name: 'X' })).error?.code).toBe(
			'42501'
		);
		const save = await call(email, 'save_online_module', moduleArgs(MBT, crypto.randomUUID()));
		expect(save.error?.code).toBe('42501');
		expect((await call(email, 'online_trainings_page', {})).error?.code).toBe('42501');
	});

	it('the training admin starts a draft copied from the latest published version', async () => {
		const { data, error } = await call('training@example.org', 'new_online_training_draft', {
			name: 'MBT Online training'
		});
		expect(error).toBeNull();
		const draft = data!.id as string;
		const row = await one<{ version: number; status: string; n: number }>(
			`select t.version, t.status, (select count(*)::int from public.online_modules m
			   where m.training_id = t.id) as n from public.online_trainings t where t.id = $1`,
			[draft]
		);
		expect(row).toEqual({ version: 2, status: 'draft', n: 9 });
		// Asking again gives the same draft (one draft per name).
		const again = await call('lead@example.org', 'new_online_training_draft', {
			name: 'MBT Online training'
		});
		expect(again.data).toEqual({ id: draft, created: false });
	});

	it('the lead edits a draft: add, move up, remove; the threshold stays within 50–100', async () => {
		const lead = 'lead@example.org';
		const { data } = await call(lead, 'new_online_training_draft', { name: 'Lead draft' });
		const draft = data!.id as string;
		const a = crypto.randomUUID();
		const b = crypto.randomUUID();
		expect((await call(lead, 'save_online_module', moduleArgs(draft, a))).error).toBeNull();
		expect(
			(await call(lead, 'save_online_module', moduleArgs(draft, b, { title: 'Second' }))).error
		).toBeNull();
		expect(
			(await call(lead, 'move_online_module', { module_id: b, direction: 'up' })).data
		).toEqual({ moved: true });
		const order = async () =>
			(
				await backend.db.query<{ id: string }>(
					`select id from public.online_modules where training_id = $1 order by position`,
					[draft]
				)
			).rows.map((r) => r.id);
		expect(await order()).toEqual([b, a]);
		expect((await call(lead, 'remove_online_module', { module_id: b })).error).toBeNull();
		expect(await order()).toEqual([a]);
		expect(
			(
				await one<{ position: number }>(
					`select position from public.online_modules where id = $1`,
					[a]
				)
			).position
		).toBe(1);
		const low = await call(lead, 'save_online_training_settings', {
			training_id: draft,
			completion_percent: 40
		});
		expect(low.error).toMatchObject({ code: 'P0001', hint: 'completion_percent' });
		expect(
			(
				await call(lead, 'save_online_training_settings', {
					training_id: draft,
					completion_percent: 75
				})
			).error
		).toBeNull();
	});

	it('refuses a video stored under another module, and an embed with no address', async () => {
		const admin = 'training@example.org';
		const { data } = await call(admin, 'new_online_training_draft', { name: 'Paths' });
		const draft = data!.id as string;
		const id = crypto.randomUUID();
		const elsewhere = await call(
			admin,
			'save_online_module',
			moduleArgs(draft, id, {
				video_kind: 'file',
				video_url: null,
				video_path: `${MBT}/${P}4101/film.webm`
			})
		);
		expect(elsewhere.error).toMatchObject({ code: 'P0001', hint: 'video_file' });
		const noUrl = await call(
			admin,
			'save_online_module',
			moduleArgs(draft, id, { video_url: null })
		);
		expect(noUrl.error).toMatchObject({ code: 'P0001', hint: 'video_url' });
		const badHost = await call(
			admin,
			'save_online_module',
			moduleArgs(draft, id, { video_url: 'https://evil.example/embed/x' })
		);
		expect(badHost.error?.code).toBe('23514');
	});

	it('publishing needs a module, and every stored module its file; then it is read-only', async () => {
		const admin = 'training@example.org';
		const { data } = await call(admin, 'new_online_training_draft', { name: 'Publish rules' });
		const draft = data!.id as string;
		const empty = await call(admin, 'publish_online_training', { training_id: draft });
		expect(empty.error).toMatchObject({
			code: 'P0001',
			message: 'Add at least one module before publishing.'
		});
		const id = crypto.randomUUID();
		const stored = moduleArgs(draft, id, { video_kind: 'file', video_url: null, title: 'Filmed' });
		expect((await call(admin, 'save_online_module', stored)).error).toBeNull();
		const noFile = await call(admin, 'publish_online_training', { training_id: draft });
		expect(noFile.error).toMatchObject({
			code: 'P0001',
			message: 'Upload the video for "Filmed" before publishing.'
		});
		const path = `${draft}/${id}/film.webm`;
		expect(
			(await call(admin, 'save_online_module', { ...stored, video_path: path })).error
		).toBeNull();
		// Saving again without a new file keeps the stored one.
		expect(
			(await call(admin, 'save_online_module', { ...stored, title: 'Filmed again' })).error
		).toBeNull();
		expect(
			(
				await one<{ p: string }>(
					`select video_path as p from public.online_modules where id = $1`,
					[id]
				)
			).p
		).toBe(path);
		expect((await call(admin, 'publish_online_training', { training_id: draft })).error).toBeNull();

		const frozen = 'This version is published, so it cannot be changed. Make a new draft.';
		for (const [fn, args] of [
			['save_online_module', { ...stored, title: 'Changed' }],
			['save_online_module', moduleArgs(draft, crypto.randomUUID())],
			['move_online_module', { module_id: id, direction: 'down' }],
			['remove_online_module', { module_id: id }],
			['save_online_training_settings', { training_id: draft, completion_percent: 80 }],
			['publish_online_training', { training_id: draft }]
		] as const) {
			expect((await call(admin, fn, args)).error, fn).toMatchObject({
				code: 'P0001',
				message: frozen
			});
		}
		expect(
			(await one<{ t: string }>(`select title as t from public.online_modules where id = $1`, [id]))
				.t
		).toBe('Filmed again');
		// The seeded published version is just as frozen.
		const seeded = await call(admin, 'remove_online_module', { module_id: `${P}4101` });
		expect(seeded.error?.message).toBe(frozen);
	});

	it('a course may use only a published version, chosen by the staff', async () => {
		const admin = 'training@example.org';
		const { data } = await call(admin, 'new_online_training_draft', { name: 'Not yet' });
		const draft = await call(admin, 'set_course_online_training', {
			course: LEEDS,
			training: data!.id
		});
		expect(draft.error).toMatchObject({ code: 'P0001', hint: 'training' });
		const trainer = await call('facilitator1@example.org', 'set_course_online_training', {
			course: LEEDS,
			training: MBT
		});
		expect(trainer.error?.code).toBe('42501');
		expect(
			(await call(admin, 'set_course_online_training', { course: LEEDS, training: MBT })).error
		).toBeNull();
		const page = await call(admin, 'admin_course_page', { course_id: LEEDS });
		expect(page.data!.online).toMatchObject({
			chosen: { id: MBT, version: 1 },
			tier_grants: true
		});
	});
});

describe('the teaching table', () => {
	it.each(['lead@example.org', 'training@example.org', 'facilitator1@example.org'])(
		'%s may see the Leeds course’s attendees',
		async (email) => {
			const { data, error } = await call(email, 'teaching_course_page', { course_id: LEEDS });
			expect(error).toBeNull();
			const daniel = (data!.attendees as { place_id: string; access: { state: string } }[]).find(
				(a) => a.place_id === DANIEL_PLACE
			);
			expect(daniel?.access.state).toBe('open');
			expect(data!.is_staff).toBe(email !== 'facilitator1@example.org');
		}
	);

	it.each([
		'facilitator2@example.org',
		'trainee4@example.org',
		'booker@example.org',
		'parent1@example.org'
	])('%s may not (42501)', async (email) => {
		expect((await call(email, 'teaching_course_page', { course_id: LEEDS })).error?.code).toBe(
			'42501'
		);
	});

	it('a trainer sees only the courses they train; the staff see all', async () => {
		const courses = async (email: string) =>
			((await call(email, 'teaching_page', {})).data!.courses as { id: string }[]).map((c) => c.id);
		expect(await courses('facilitator2@example.org')).toEqual([]);
		expect(await courses('facilitator1@example.org')).toContain(LEEDS);
		expect((await courses('training@example.org')).length).toBeGreaterThanOrEqual(3);
		expect((await call('trainee4@example.org', 'teaching_page', {})).error?.code).toBe('42501');
	});
});

describe('early access', () => {
	const admin = 'training@example.org';

	it('needs a reason', async () => {
		const { error } = await call(admin, 'grant_online_early_access', {
			place: BEN_PLACE,
			reason: '  '
		});
		expect(error).toMatchObject({ code: 'P0001', hint: 'reason' });
		expect(await accessState(BEN_PLACE)).toBe('before_opening');
	});

	it('granted to an unpaid place does not open it, and the email says it opens once paid', async () => {
		const aisha = await placeOf('trainee1@example.org');
		expect(await accessState(aisha)).toBe('unpaid');
		const { data, error } = await call(admin, 'grant_online_early_access', {
			place: aisha,
			reason: 'Starts a new post next month'
		});
		expect(error).toBeNull();
		expect(data).toEqual({ state: 'unpaid', open: false });
		expect(await accessState(aisha)).toBe('unpaid');
		const mail = await one<{ payload: { open: boolean } }>(
			`select payload from public.notifications where kind = 'online_early_access'
			   and to_profile = $1`,
			[`${P}0411`]
		);
		expect(mail.payload.open).toBe(false);
	});

	it('granted to Ben (paid, before opening) opens it; withdrawing closes it', async () => {
		expect(
			(
				await call(admin, 'grant_online_early_access', {
					place: BEN_PLACE,
					reason: 'Asked by phone'
				})
			).data
		).toEqual({ state: 'open_early', open: true });
		expect(await accessState(BEN_PLACE)).toBe('open_early');
		const twice = await call(admin, 'grant_online_early_access', {
			place: BEN_PLACE,
			reason: 'Again'
		});
		expect(twice.error?.message).toBe('This attendee already has early access.');
		const trainer = await call('facilitator1@example.org', 'withdraw_online_early_access', {
			place: BEN_PLACE
		});
		expect(trainer.error?.code).toBe('42501');
		expect(await accessState(BEN_PLACE)).toBe('open_early');
		expect((await call(admin, 'withdraw_online_early_access', { place: BEN_PLACE })).data).toEqual({
			state: 'before_opening'
		});
		expect(await accessState(BEN_PLACE)).toBe('before_opening');
	});

	it('a substitute on the same place does not inherit it', async () => {
		await call(admin, 'grant_online_early_access', { place: BEN_PLACE, reason: 'Asked by phone' });
		expect(await accessState(BEN_PLACE)).toBe('open_early');
		const sub = await call(admin, 'substitute_attendee', {
			place: BEN_PLACE,
			name: 'Gwen Hale',
			email: 'gwen.hale@northfield.example.org',
			role: 'Social worker',
			organisation: 'Northfield Borough Council'
		});
		expect(sub.error).toBeNull();
		expect(await accessState(BEN_PLACE)).toBe('before_opening');
	});

	it('answers an open request when granting, and declines one only with a reason', async () => {
		const chloe = await placeOf('trainee3@example.org');
		const req = await one<{ id: string }>(
			`insert into public.online_access_requests (place_id, trainee_id, message)
			 values ($1, $2, 'Could I start early?') returning id`,
			[chloe, `${P}0413`]
		);
		const noReason = await call(admin, 'decline_online_access_request', {
			request: req.id,
			reason: ''
		});
		expect(noReason.error).toMatchObject({ code: 'P0001', hint: 'reason' });
		expect(
			(
				await call(admin, 'decline_online_access_request', {
					request: req.id,
					reason: 'Not before the invoice is paid'
				})
			).error
		).toBeNull();
		const answered = await one<{ answer: string; answer_reason: string }>(
			`select answer, answer_reason from public.online_access_requests where id = $1`,
			[req.id]
		);
		expect(answered).toEqual({
			answer: 'declined',
			answer_reason: 'Not before the invoice is paid'
		});

		const daniel = await one<{ id: string }>(
			`insert into public.online_access_requests (place_id, trainee_id, message)
			 values ($1, $2, '') returning id`,
			[DANIEL_PLACE, DANIEL]
		);
		await call(admin, 'grant_online_early_access', { place: DANIEL_PLACE, reason: 'Asked' });
		expect(
			await one<{ answer: string }>(
				`select answer from public.online_access_requests where id = $1`,
				[daniel.id]
			)
		).toEqual({ answer: 'granted' });
	});
});

describe('completion marked by hand', () => {
	const admin = 'training@example.org';
	const summary = async () =>
		(
			await one<{ s: { complete: boolean; marked_by_staff: boolean; done: number } }>(
				`select private.online_progress_summary($1, $2) as s`,
				[DANIEL, MBT]
			)
		).s;

	it('makes the progress summary complete, and undoing it does not', async () => {
		expect(await summary()).toMatchObject({ complete: false, done: 4 });
		const noReason = await call(admin, 'mark_online_training_complete', {
			place: DANIEL_PLACE,
			reason: 'x'
		});
		expect(noReason.error).toMatchObject({ code: 'P0001', hint: 'reason' });
		const trainer = await call('facilitator1@example.org', 'mark_online_training_complete', {
			place: DANIEL_PLACE,
			reason: 'Did it on paper'
		});
		expect(trainer.error?.code).toBe('42501');
		expect(
			(
				await call(admin, 'mark_online_training_complete', {
					place: DANIEL_PLACE,
					reason: 'Did it on paper'
				})
			).error
		).toBeNull();
		expect(await summary()).toMatchObject({ complete: true, marked_by_staff: true, done: 4 });
		const page = await call('facilitator1@example.org', 'teaching_course_page', {
			course_id: LEEDS
		});
		const row = (page.data!.attendees as { place_id: string; marked: unknown }[]).find(
			(a) => a.place_id === DANIEL_PLACE
		);
		expect(row?.marked).toMatchObject({ by: 'Ruth Okafor', reason: 'Did it on paper' });
		expect(
			(await call(admin, 'undo_online_training_complete', { place: DANIEL_PLACE })).error
		).toBeNull();
		expect(await summary()).toMatchObject({ complete: false, marked_by_staff: false });
	});

	it('refuses a place whose attendee has no account', async () => {
		const farah = await placeOf('farah.malik@northfield.example.org');
		const { error } = await call(admin, 'mark_online_training_complete', {
			place: farah,
			reason: 'Did it on paper'
		});
		expect(error).toMatchObject({
			code: 'P0001',
			message: 'This attendee has no account yet, so there is nothing to mark.'
		});
	});
});
