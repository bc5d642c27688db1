import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, signIn, startBackend } from './harness';

/**
 * The online training's files through Storage's own API (supabase-js), as the app and a hostile
 * client reach them: signing asks the rule (private.may_open_online_file → online_access) with
 * the caller's token; a signed address works without a key until it expires, and only for its file.
 * Demo seed: Daniel (trainee4) open on the Leeds course; Ben (trainee2) paid but before the
 * opening date; Aisha (trainee1) unpaid; Chloe (trainee3) granted early access.
 */
const FILM = '00000000-0000-4000-8000-000000004001/00000000-0000-4000-8000-000000004101/film.webm';
const BUCKET = 'online-training';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

async function signAs(email: string | null, name = FILM, seconds = 60) {
	const client = email ? await signIn(backend, email) : anonClient(backend);
	return client.storage.from(BUCKET).createSignedUrl(name, seconds);
}

describe('signing an online-training file', () => {
	it.each([
		['trainee4@example.org', 'open (Leeds course, paid, after the opening date)'],
		['trainee3@example.org', 'paid and granted early access'],
		['training@example.org', 'training admin'],
		['lead@example.org', 'clinical lead (manages training)'],
		['facilitator1@example.org', 'a trainer of the course (Priya Shah)'],
		['trainee5@example.org', 'her course is over; her place is paid, so it stays open']
	])('%s may (%s)', async (email) => {
		const { data, error } = await signAs(email);
		expect(error).toBeNull();
		expect(data?.signedUrl).toMatch(/\/storage\/v1\/object\/sign\/online-training\/.+\?token=/);
	});

	it.each([
		['trainee1@example.org', 'unpaid'],
		['trainee2@example.org', 'paid, before the opening date'],
		['booker@example.org', 'a booker'],
		['parent1@example.org', 'a parent'],
		[null, 'signed out']
	] as [string | null, string][])('%s may not (%s)', async (email) => {
		const { data, error } = await signAs(email);
		expect(data).toBeNull();
		expect(error?.message).toBe('Object not found');
	});
});

describe('a signed address', () => {
	it('serves the film with byte ranges, without an API key', async () => {
		const { data } = await signAs('trainee4@example.org');
		const url = data!.signedUrl;
		const whole = await backend.fetch(url);
		expect(whole.status).toBe(200);
		expect(whole.headers.get('content-type')).toBe('video/webm');
		const size = (await whole.arrayBuffer()).byteLength;
		expect(size).toBeGreaterThan(10_000);
		const part = await backend.fetch(url, { headers: { range: 'bytes=100-199' } });
		expect(part.status).toBe(206);
		expect(part.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
		expect((await part.arrayBuffer()).byteLength).toBe(100);
		const bad = await backend.fetch(url, { headers: { range: `bytes=${size + 5}-` } });
		expect(bad.status).toBe(416);
	});

	it('stops working once it expires, and never opens another file', async () => {
		const { data } = await signAs('trainee4@example.org', FILM, 1);
		const url = new URL(data!.signedUrl);
		const other = url.href.replace('004101', '004102');
		expect((await backend.fetch(other)).status).toBe(400);
		await new Promise((r) => setTimeout(r, 2100));
		const expired = await backend.fetch(url.href);
		expect(expired.status).toBe(400);
		expect(((await expired.json()) as { error: string }).error).toBe('invalid_token');
	});
});

describe('uploading', () => {
	const name =
		'00000000-0000-4000-8000-000000004001/00000000-0000-4000-8000-000000004109/notes.pdf';
	const pdf = new Blob(['%PDF-1.4 made up'], { type: 'application/pdf' });

	it('the training admin may upload, and the file then signs for her', async () => {
		const admin = await signIn(backend, 'training@example.org');
		const { error } = await admin.storage.from(BUCKET).upload(name, pdf, { upsert: true });
		expect(error).toBeNull();
		expect((await admin.storage.from(BUCKET).createSignedUrl(name, 60)).error).toBeNull();
	});

	it.each(['trainee4@example.org', 'facilitator1@example.org', 'booker@example.org'])(
		'%s may not',
		async (email) => {
			const client = await signIn(backend, email);
			const { error } = await client.storage
				.from(BUCKET)
				.upload(`${name}.${email}`, pdf, { upsert: false });
			expect(error?.message).toBe('new row violates row-level security policy');
		}
	);

	it('refuses a type the bucket does not take', async () => {
		const admin = await signIn(backend, 'training@example.org');
		const { error } = await admin.storage
			.from(BUCKET)
			.upload('x/y/z.html', new Blob(['<p>'], { type: 'text/html' }));
		expect(error?.message).toBe('mime type text/html is not supported');
	});
});

describe('a session that has ended', () => {
	// Storage runs no pre-request hook, so the storage.objects policies ask
	// private.session_is_live themselves: the token still verifies for up to an hour after
	// sign-out, but the database no longer lets it sign, upload or remove a file.
	async function signedOut(email: string) {
		const client = await signIn(backend, email);
		const token = (await client.auth.getSession()).data.session!.access_token;
		const stale = anonClient(backend, backend.anonKey, { authorization: `Bearer ${token}` });
		const live = anonClient(backend, backend.anonKey, { authorization: `Bearer ${token}` });
		return { client, stale, live, signOut: () => client.auth.signOut({ scope: 'local' }) };
	}

	it("a trainee's token signs her film while her session lasts, and not after sign-out", async () => {
		const { live, stale, signOut } = await signedOut('trainee4@example.org');
		expect((await live.storage.from(BUCKET).createSignedUrl(FILM, 60)).error).toBeNull();
		expect((await signOut()).error).toBeNull();
		const { data, error } = await stale.storage.from(BUCKET).createSignedUrl(FILM, 60);
		expect(data).toBeNull();
		expect(error?.message).toBe('Object not found');
		// Another session of hers is untouched.
		const other = await signIn(backend, 'trainee4@example.org');
		expect((await other.storage.from(BUCKET).createSignedUrl(FILM, 60)).error).toBeNull();
	});

	it("the training admin's signed-out token can neither upload nor remove", async () => {
		const name = '00000000-0000-4000-8000-000000004001/00000000-0000-4000-8000-000000004109/x.pdf';
		const pdf = new Blob(['%PDF-1.4 made up'], { type: 'application/pdf' });
		const { client, stale, signOut } = await signedOut('training@example.org');
		expect(
			(await client.storage.from(BUCKET).upload(name, pdf, { upsert: true })).error
		).toBeNull();
		expect((await signOut()).error).toBeNull();
		const upload = await stale.storage.from(BUCKET).upload(`${name}.2`, pdf);
		expect(upload.error?.message).toBe('new row violates row-level security policy');
		const removed = await stale.storage.from(BUCKET).remove([name]);
		expect(removed.data ?? []).toEqual([]);
		// The file is still there for a live session.
		const admin = await signIn(backend, 'training@example.org');
		expect((await admin.storage.from(BUCKET).createSignedUrl(name, 60)).error).toBeNull();
		expect((await admin.storage.from(BUCKET).createSignedUrl(`${name}.2`, 60)).error?.message).toBe(
			'Object not found'
		);
	});
});
