import { expect, test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The demo and a real install cannot be confused: `node build` with no Supabase settings refuses
 * to start; the demo listens on loopback only, answers as localhost and as 127.0.0.1, says it is a
 * demo and prints its API; a real install has no /dev or /supabase. These start their own servers
 * from build/ (which `npm run test:e2e` has just built), so they run once, in the js project.
 */

const BASE_PORT = Number(process.env.E2E_PORT ?? 4173) + 100;

interface Started {
	child: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
}

function start(args: string[], env: Record<string, string>): Started {
	let output = '';
	const child = spawn(process.execPath, args, {
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (output += String(d)));
	child.stderr?.on('data', (d) => (output += String(d)));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, output: () => output, exited };
}

async function waitFor(check: () => boolean, what: string, ms = 60_000): Promise<void> {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

const supabaseEnv = (port: number) => ({
	PORT: String(port),
	PUBLIC_SUPABASE_URL: 'http://127.0.0.1:9',
	PUBLIC_SUPABASE_ANON_KEY: 'anon-key',
	SUPABASE_SERVICE_ROLE_KEY: 'service-key',
	ORIGIN: `http://localhost:${port}`,
	// Nothing listens there: the worker's sends fail and are retried, which this test ignores.
	SMTP_URL: 'smtp://127.0.0.1:9',
	MAIL_FROM: '"Reflective Groups" <groups@clinic.example>'
});

test.describe('modes that cannot be confused @js', () => {
	test('`node build` with no Supabase settings refuses to start and says what to set', async () => {
		const run = start(['build'], { PORT: String(BASE_PORT) });
		const code = await run.exited;
		expect(code).toBe(1);
		const text = run.output();
		for (const name of [
			'PUBLIC_SUPABASE_URL',
			'PUBLIC_SUPABASE_ANON_KEY',
			'SUPABASE_SERVICE_ROLE_KEY',
			'ORIGIN',
			'SMTP_URL',
			'MAIL_FROM'
		]) {
			expect(text).toContain(name);
		}
		expect(text).toContain('npm start');
		expect(text).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
	});

	test('`node build` with a Supabase project but no mail server refuses to start', async () => {
		const env: Record<string, string> = supabaseEnv(BASE_PORT + 5);
		delete env.SMTP_URL;
		delete env.MAIL_FROM;
		const run = start(['build'], env);
		expect(await run.exited).toBe(1);
		const text = run.output();
		expect(text).toContain('it has no way to send email');
		expect(text).toContain('SMTP_URL');
		expect(text).toContain('MAIL_FROM');
		expect(text).not.toContain('PUBLIC_SUPABASE_URL  –');
	});

	test('a real install has no demo pages or embedded API, and sends nosniff on static files', async ({
		request
	}) => {
		const port = BASE_PORT + 1;
		const run = start(['build'], supabaseEnv(port));
		try {
			await waitFor(() => run.output().includes('Listening on'), 'the server');
			const base = `http://localhost:${port}`;
			for (const path of [
				'/dev/mail',
				'/dev/mail/1',
				'/dev/mail/1/attachments/0',
				'/dev/clock',
				'/supabase/auth/v1/settings',
				'/supabase/rest/v1/rpc/my_profile'
			]) {
				expect((await request.get(base + path)).status(), path).toBe(404);
			}
			const asset = readdirSync('build/client/_app/immutable/entry')[0];
			const response = await request.get(`${base}/_app/immutable/entry/${asset}`);
			expect(response.status()).toBe(200);
			expect(response.headers()['x-content-type-options']).toBe('nosniff');
			const robots = await request.get(`${base}/robots.txt`);
			expect(robots.status()).toBe(200);
			expect(robots.headers()['x-content-type-options']).toBe('nosniff');
		} finally {
			run.child.kill('SIGTERM');
			await run.exited;
		}
	});

	test('the demo listens on this computer only, answers as localhost and 127.0.0.1, and says it is a demo', async ({
		request
	}) => {
		const port = BASE_PORT + 2;
		const dataDir = mkdtempSync(join(tmpdir(), 'rg-demo-'));
		const run = start(['scripts/demo-server.js', 'build'], {
			PORT: String(port),
			DATA_DIR: dataDir
		});
		try {
			await waitFor(() => run.output().includes('Listening on'), 'the demo', 90_000);
			const banner = run.output();
			expect(banner).toContain('DEMO ONLY');
			expect(banner).toContain('reflective-demo');
			expect(banner).toContain(`API URL:   http://localhost:${port}/supabase`);
			const anonKey = /anon key:\s+(\S+)/.exec(banner)?.[1] ?? '';
			expect(anonKey).toMatch(/^ey/);

			// A script can use the printed API: an rpc with the anon key is answered (and refused).
			const rpc = await request.post(`http://127.0.0.1:${port}/supabase/rest/v1/rpc/my_profile`, {
				headers: {
					apikey: anonKey,
					authorization: `Bearer ${anonKey}`,
					'content-type': 'application/json'
				},
				data: {}
			});
			expect([200, 401, 403, 404]).toContain(rpc.status());
			expect(rpc.status()).not.toBe(500);

			// Forms work whichever loopback name the browser used.
			for (const host of ['localhost', '127.0.0.1']) {
				const origin = `http://${host}:${port}`;
				const page = await request.get(`${origin}/signin`);
				expect(page.status()).toBe(200);
				expect(page.headers()['x-content-type-options']).toBe('nosniff');
				const post = await request.post(`${origin}/signin`, {
					form: { email: 'lead@example.org', password: 'reflective-demo' },
					headers: { origin, accept: 'text/html' },
					maxRedirects: 0
				});
				// The server's own output says why, should it ever refuse.
				expect(post.status(), `sign-in form on ${origin}:\n${run.output()}`).toBe(303);
			}

			// Another interface of this machine gets no answer.
			const outside = Object.values(networkInterfaces())
				.flat()
				.find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
			if (outside) {
				await expect(
					request.get(`http://${outside}:${port}/signin`, { timeout: 3000 })
				).rejects.toThrow();
			}

			// Stopping it is clean and quick.
			const stopped = Date.now();
			run.child.kill('SIGTERM');
			expect(await run.exited).toBe(0);
			expect(Date.now() - stopped).toBeLessThan(10_000);
		} finally {
			run.child.kill('SIGKILL');
			rmSync(dataDir, { recursive: true, force: true });
		}
	});

	test('npm start refuses to run the demo against a Supabase project', async () => {
		const run = start(['scripts/demo-server.js', 'build'], supabaseEnv(BASE_PORT + 3));
		expect(await run.exited).toBe(1);
		expect(run.output()).toContain('node build');
	});
});
