import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import {
	chmodSync,
	cpSync,
	existsSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { HOMES, signIn } from './helpers';

/**
 * The server as an operator sees it: responses compressed when the browser accepts it, the
 * embedded database locked to one server, stopped cleanly by SIGTERM, and plain sentences for a
 * data directory that cannot be used. The last ones start their own servers from build/, so
 * they run once, in the js project.
 */

interface Raw {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

/** A GET with exactly these headers (fetch would add and undo its own Accept-Encoding). */
function rawGet(
	url: string,
	headers: Record<string, string> = {},
	agent?: http.Agent
): Promise<Raw> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { headers, agent }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks)
					})
				);
			})
			.on('error', reject);
	});
}

function decode(r: Raw): string {
	const encoding = r.headers['content-encoding'];
	if (encoding === 'br') return brotliDecompressSync(r.body).toString();
	if (encoding === 'gzip') return gunzipSync(r.body).toString();
	return r.body.toString();
}

/** Each page has its own CSP nonce; everything else is the same page. */
const withoutNonces = (html: string) => html.replace(/nonce(=|-)"?[A-Za-z0-9+/=_-]+"?/g, 'nonce');

async function cookieHeader(page: Page): Promise<string> {
	return (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
}

test.describe('compression', () => {
	test('a page comes back br or gzip with Vary, and decodes to the same HTML', async ({
		baseURL
	}) => {
		const url = `${baseURL}/signin`;
		const plain = await rawGet(url);
		expect(plain.status).toBe(200);
		expect(plain.headers['content-encoding']).toBeUndefined();
		expect(plain.headers.vary).toMatch(/accept-encoding/i);
		const html = withoutNonces(plain.body.toString());
		expect(html).toContain('Sign in');

		const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
		expect(br.headers['content-encoding']).toBe('br');
		expect(br.headers.vary).toMatch(/accept-encoding/i);
		expect(br.body.length).toBeLessThan(plain.body.length / 2);
		expect(withoutNonces(decode(br))).toBe(html);

		const gz = await rawGet(url, { 'accept-encoding': 'br;q=0, gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(withoutNonces(decode(gz))).toBe(html);

		// Static files are served precompressed (adapter-node's precompress), with Vary.
		const entry = readdirSync('build/client/_app/immutable/entry').find((f) => f.endsWith('.js'));
		const asset = await rawGet(`${baseURL}/_app/immutable/entry/${entry}`, {
			'accept-encoding': 'br'
		});
		expect(asset.status).toBe(200);
		expect(asset.headers['content-encoding']).toBe('br');
		expect(asset.headers.vary).toMatch(/accept-encoding/i);
	});

	test('the funder report CSV comes back compressed and decodes to the same CSV @js', async ({
		page,
		baseURL
	}, testInfo) => {
		await signIn(page, testInfo, HOMES.lead.email, HOMES.lead);
		const cookie = await cookieHeader(page);
		const url = `${baseURL}/review/report.csv`;
		const plain = await rawGet(url, { cookie });
		expect(plain.status).toBe(200);
		expect(plain.headers['content-type']).toMatch(/^text\/csv/);
		const gz = await rawGet(url, { cookie, 'accept-encoding': 'gzip' });
		expect(gz.headers['content-encoding']).toBe('gzip');
		expect(gz.headers.vary).toMatch(/accept-encoding/i);
		expect(decode(gz)).toBe(plain.body.toString());
	});
});

const BASE_PORT = Number(process.env.E2E_PORT ?? 4173) + 150;

interface Started {
	child: ChildProcess;
	output: () => string;
	exited: Promise<number | null>;
}

function start(command: string, args: string[], env: Record<string, string>): Started {
	let output = '';
	const child = spawn(command, args, {
		env: { PATH: process.env.PATH ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stdout?.on('data', (d) => (output += String(d)));
	child.stderr?.on('data', (d) => (output += String(d)));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
	return { child, output: () => output, exited };
}

async function waitFor(check: () => boolean, what: string, ms = 120_000): Promise<void> {
	const until = Date.now() + ms;
	while (!check()) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}

/**
 * PostgreSQL's own record of how it last stopped: pg_control's state, 1 = "shut down" (clean),
 * 6 = "in production" (still open, or killed: the next start must recover).
 */
function controlState(dataDir: string): number {
	return readFileSync(join(dataDir, 'pgdata', 'global', 'pg_control')).readUInt32LE(16);
}

/** The process has ended (a zombie awaiting its new parent's reaping counts as ended). */
function gone(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return true;
	}
	try {
		return / Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\)/, ''));
	} catch {
		return true;
	}
}

async function signsIn(port: number, anonKey: string): Promise<number> {
	const res = await fetch(`http://127.0.0.1:${port}/supabase/auth/v1/token?grant_type=password`, {
		method: 'POST',
		headers: { apikey: anonKey, 'content-type': 'application/json' },
		body: JSON.stringify({ email: HOMES.lead.email, password: 'reflective-demo' })
	});
	return res.status;
}

test.describe('the embedded database as a server @js', () => {
	test.describe.configure({ timeout: 300_000 });

	test('one server per data directory, SIGTERM closes it cleanly, a read-only one says so', async () => {
		const dataDir = mkdtempSync(join(tmpdir(), 'rg-server-'));
		const demo = (port: number) =>
			start(process.execPath, ['scripts/demo-server.js', 'build'], {
				PORT: String(port),
				DATA_DIR: dataDir
			});
		const first = demo(BASE_PORT);
		try {
			await waitFor(() => first.output().includes('Listening on'), 'the first server');
			const out = first.output();
			expect(out).toContain(`Opening the database in ${dataDir}/pgdata…`);
			expect(out).toMatch(/Applying \d+ migrations…/);
			expect(out).toContain('Loading the demo data…');
			expect(out).toMatch(/Ready in \d+\.\d s/);
			const anonKey = /anon key:\s+(\S+)/.exec(out)?.[1] ?? '';
			expect(await signsIn(BASE_PORT, anonKey)).toBe(200);

			await test.step('a second server on the same directory refuses, naming it and the pid', async () => {
				const second = demo(BASE_PORT + 1);
				expect(await second.exited).toBe(1);
				const text = second.output();
				expect(text).toContain(
					`The demo database in ${dataDir} is already in use by another server (process ${first.child.pid})`
				);
				expect(text).not.toMatch(/\n\s+at /);
				expect(text).not.toContain('Listening on');
				// The first keeps serving, with its data.
				expect((await rawGet(`http://127.0.0.1:${BASE_PORT}/signin`)).status).toBe(200);
				expect(await signsIn(BASE_PORT, anonKey)).toBe(200);
			});

			await test.step('SIGTERM with a keep-alive client connected: exit 0 within 5 s', async () => {
				const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
				expect((await rawGet(`http://127.0.0.1:${BASE_PORT}/signin`, {}, agent)).status).toBe(200);
				const t0 = Date.now();
				first.child.kill('SIGTERM');
				expect(await first.exited).toBe(0);
				expect(Date.now() - t0).toBeLessThan(5_000);
				agent.destroy();
				expect(first.output()).toContain('Database closed.');
				expect(controlState(dataDir)).toBe(1);
				expect(existsSync(join(dataDir, 'server.lock'))).toBe(false);
			});
		} finally {
			first.child.kill('SIGKILL');
		}

		await test.step('under a shell as `npm start` runs it, stopping the parent stops it', async () => {
			// `sh -c '…; true'` cannot exec node in its place, as npm's `sh -c` does not.
			const wrapped = start('sh', ['-c', 'node scripts/demo-server.js build; true'], {
				PORT: String(BASE_PORT + 2),
				DATA_DIR: dataDir,
				npm_lifecycle_event: 'start'
			});
			await waitFor(() => wrapped.output().includes('Listening on'), 'the restarted server');
			// It opened a cleanly closed database: no migrations, no demo data again.
			expect(wrapped.output()).not.toContain('Loading the demo data');
			const lock = readFileSync(join(dataDir, 'server.lock'), 'utf8');
			const pid = Number(lock.split('\n')[0]);
			wrapped.child.kill('SIGTERM');
			await wrapped.exited;
			const t0 = Date.now();
			await waitFor(() => gone(pid), 'the server to stop', 5_000);
			expect(Date.now() - t0).toBeLessThan(5_000);
			expect(existsSync(join(dataDir, 'server.lock'))).toBe(false);
			expect(controlState(dataDir)).toBe(1);
		});

		await test.step('a read-only directory gives one plain sentence and exit 1', async () => {
			const readOnly = mkdtempSync(join(tmpdir(), 'rg-readonly-'));
			cpSync(dataDir, readOnly, { recursive: true });
			chmodSync(join(readOnly, 'pgdata'), 0o500);
			chmodSync(readOnly, 0o500);
			try {
				const run = start(process.execPath, ['scripts/demo-server.js', 'build'], {
					PORT: String(BASE_PORT + 3),
					DATA_DIR: readOnly
				});
				expect(await run.exited).toBe(1);
				const text = run.output();
				expect(text).toContain(
					`The demo database in ${readOnly}/pgdata cannot be opened: the folder is read-only.`
				);
				expect(text).not.toContain('Aborted');
				expect(text).not.toMatch(/\n\s+at /);
			} finally {
				chmodSync(readOnly, 0o700);
				chmodSync(join(readOnly, 'pgdata'), 0o700);
				rmSync(readOnly, { recursive: true, force: true });
			}
		});

		await test.step('a damaged directory says so, and is left as it was', async () => {
			const damaged = mkdtempSync(join(tmpdir(), 'rg-damaged-'));
			cpSync(dataDir, damaged, { recursive: true });
			const control = join(damaged, 'pgdata', 'global', 'pg_control');
			const garbage = Buffer.alloc(100, 0x5a);
			writeFileSync(control, garbage);
			try {
				const run = start(process.execPath, ['scripts/demo-server.js', 'build'], {
					PORT: String(BASE_PORT + 4),
					DATA_DIR: damaged
				});
				expect(await run.exited).toBe(1);
				expect(run.output()).toContain(
					`The demo database in ${damaged}/pgdata cannot be opened: its files are damaged`
				);
				expect(run.output()).not.toContain('Aborted');
				expect(readFileSync(control).equals(garbage)).toBe(true);
			} finally {
				rmSync(damaged, { recursive: true, force: true });
			}
		});
		rmSync(dataDir, { recursive: true, force: true });
	});
});
