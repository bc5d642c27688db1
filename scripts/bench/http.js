// The built app as a child process, and a small HTTP client that signs in like a browser (a
// cookie jar, the same-origin Origin header on the form post) for `npm run bench`.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { root } from './load.js';

/**
 * Start `node scripts/demo-server.js build` on 127.0.0.1:port with its own DATA_DIR; resolves
 * once it listens. Its stderr is passed on (the first 20 lines), each line marked [server].
 */
export function startServer({ port, dataDir }) {
	const env = { ...process.env, PORT: String(port), DATA_DIR: dataDir, HOST: '127.0.0.1' };
	delete env.ORIGIN;
	const child = spawn(process.execPath, [join(root, 'scripts', 'demo-server.js'), 'build'], {
		cwd: root,
		env,
		stdio: ['ignore', 'pipe', 'pipe']
	});
	child.stderr.setEncoding('utf8');
	// Passed on, up to a point: a page that fails can log a line for every row.
	let shown = 0;
	let hidden = 0;
	child.stderr.on('data', (chunk) => {
		for (const l of chunk.split('\n')) {
			if (!l.trim()) continue;
			if (shown++ < 20) console.error(`  [server] ${l}`);
			else hidden++;
		}
	});
	child.on('exit', () => {
		if (hidden) console.error(`  [server] … and ${hidden} more lines on stderr, not shown`);
	});
	const exited = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal }))
	);
	/** The last lines it printed, for when it stops on its own. */
	const tail = [];
	child.stdout.on('data', (chunk) => {
		for (const l of String(chunk).split('\n')) if (l.trim()) tail.push(l);
		tail.splice(0, Math.max(0, tail.length - 20));
	});
	const listening = new Promise((resolve, reject) => {
		let out = '';
		child.stdout.setEncoding('utf8');
		child.stdout.on('data', (chunk) => {
			out += chunk;
			if (out.includes('Listening on')) resolve();
		});
		exited.then(({ code, signal }) =>
			reject(new Error(`the server exited (${code ?? signal}) before listening:\n${out}`))
		);
	});
	return {
		child,
		pid: child.pid,
		base: `http://127.0.0.1:${port}`,
		listening,
		tail,
		exited,
		/** SIGTERM, then wait: the server closes its database before it exits. */
		async stop() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			return exited;
		}
	};
}

/** A port on 127.0.0.1 that nothing listens on now. */
export function freePort() {
	return new Promise((resolve, reject) => {
		const probe = net.createServer();
		probe.on('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

/** VmRSS and VmHWM of a process, in MB (null when /proc cannot tell). */
export function memory(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
		return { rssMB: kb('VmRSS') / 1024, hwmMB: kb('VmHWM') / 1024 };
	} catch {
		return null;
	}
}

/** Reset a process's peak RSS (VmHWM) to its current RSS; false where Linux refuses. */
export function resetPeak(pid) {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** A browser-ish client of one origin: keep-alive, a cookie jar, no redirects followed. */
export class Client {
	constructor(base) {
		this.base = base;
		this.origin = new URL(base).origin;
		this.agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
		/** @type {Map<string, string>} */
		this.jar = new Map();
	}

	cookieHeader() {
		return [...this.jar].map(([k, v]) => `${k}=${v}`).join('; ');
	}

	keep(setCookie = []) {
		for (const c of setCookie) {
			const [pair, ...attrs] = c.split(';');
			const eq = pair.indexOf('=');
			const name = pair.slice(0, eq).trim();
			const value = pair.slice(eq + 1).trim();
			const gone = attrs.some((a) => /^\s*max-age\s*=\s*0\s*$/i.test(a)) || value === '';
			if (gone) this.jar.delete(name);
			else this.jar.set(name, value);
		}
	}

	/**
	 * One request; resolves { status, headers, body (as sent), ms (to the last byte) }.
	 * Cookies go with it and come back into the jar.
	 */
	request(path, options = {}) {
		// A kept-alive socket the server closed just as this request went out: once more, on a
		// new one (Node's documented retry for req.reusedSocket).
		return this.once(path, options).catch((e) => {
			if (e.reusedSocket && e.code === 'ECONNRESET') return this.once(path, options);
			throw e;
		});
	}

	once(path, { method = 'GET', headers = {}, body } = {}) {
		return new Promise((resolve, reject) => {
			const started = performance.now();
			const req = http.request(
				new URL(path, this.base),
				{
					method,
					agent: this.agent,
					headers: {
						'accept-encoding': 'br, gzip',
						accept: 'text/html,application/xhtml+xml',
						...(this.jar.size ? { cookie: this.cookieHeader() } : {}),
						...headers
					}
				},
				(res) => {
					const chunks = [];
					res.on('data', (c) => chunks.push(c));
					res.on('end', () => {
						const ms = performance.now() - started;
						this.keep(res.headers['set-cookie']);
						resolve({
							status: res.statusCode,
							headers: res.headers,
							body: Buffer.concat(chunks),
							ms
						});
					});
					res.on('error', reject);
				}
			);
			req.on('error', (e) => reject(Object.assign(e, { reusedSocket: req.reusedSocket })));
			if (body) req.write(body);
			req.end();
		});
	}

	/** Sign in through the form as a browser without JavaScript would; returns where it lands. */
	async signIn(email, password) {
		const form = await this.request('/signin');
		if (form.status !== 200) throw new Error(`GET /signin: ${form.status}`);
		const res = await this.request('/signin', {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: this.origin
			},
			body: new URLSearchParams({ email, password, next: '' }).toString()
		});
		if (res.status !== 303) {
			throw new Error(`sign-in of ${email} answered ${res.status}, not 303 (a redirect home)`);
		}
		return res.headers.location;
	}

	close() {
		this.agent.destroy();
	}
}

/** The HTML of a response, decoded from what the server sent. */
export function decoded(res) {
	const enc = res.headers['content-encoding'];
	if (enc === 'br') return brotliDecompressSync(res.body);
	if (enc === 'gzip') return gunzipSync(res.body);
	return res.body;
}

/** Sizes of one response: as sent (and how), raw, and gzip'd here with node:zlib. */
export function sizes(res) {
	const raw = decoded(res);
	return {
		encoding: res.headers['content-encoding'] || null,
		wireBytes: res.body.length,
		rawBytes: raw.length,
		gzipBytes: gzipSync(raw).length
	};
}
