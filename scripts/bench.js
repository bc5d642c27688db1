// `npm run bench`: every role's main pages over real HTTP, at demo size and at national scale.
//
// Builds the app if build/ is stale, then for each scale starts the built app as a child process
// (`node scripts/demo-server.js build`, its own PORT and DATA_DIR), signs each role in through
// the sign-in form as a browser would, and measures each page:
//   - median and p95 server time of sequential requests after warm-up (to the last byte);
//   - HTML bytes: raw, as the server sent them to `Accept-Encoding: br, gzip` (and how), and
//     gzip'd here with node:zlib (so the compressed size is honest whether or not the server
//     compresses);
//   - the embedded backend's rpc and Auth calls per request, from GET /dev/backend-calls (a
//     demo-only route; "n/a" where the build has none);
//   - throughput at 10 connections (autocannon) beside the sign-in page's, and the server's
//     peak RSS under that load (VmHWM, reset before the load, and the largest VmRSS seen);
// then judges the goals (README, "Benchmark") and prints "N of M goals met". Exits 0 either way.
//
//   npm run bench [-- --runs 30 --warmup 3 --duration 5 --only review --demo-only | --scale-only
//                    --no-load --rpc --port N]
//
// Demo size is a fresh temporary data directory seeded by the app's own code; national scale is
// .data-scale (2,000 groups; DATA_DIR overrides), built by scripts/bench/scale-db.js when missing
// or made from other migrations. --rpc also runs the earlier in-process rpc timings
// (scripts/bench/rpc.js) afterwards.
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfStale, buildIsStale } from './build-state.js';
import { Client, freePort, memory, resetPeak, sizes, startServer } from './bench/http.js';
import { loadBackend, root } from './bench/load.js';
import { choosePages, PASSWORD, shortPath } from './bench/pages.js';
import { GOALS, goalsTable, judge, mark, pageTable, summarise, summary } from './bench/report.js';
import { scaleDir, scaleState, seedScale, SITE } from './bench/scale-db.js';

const { values: opts } = parseArgs({
	options: {
		runs: { type: 'string', default: '30' },
		warmup: { type: 'string', default: '3' },
		duration: { type: 'string', default: '5' },
		only: { type: 'string' },
		port: { type: 'string' },
		'scale-only': { type: 'boolean', default: false },
		'demo-only': { type: 'boolean', default: false },
		'no-load': { type: 'boolean', default: false },
		rpc: { type: 'boolean', default: false }
	}
});
const RUNS = Number(opts.runs);
const WARMUP = Number(opts.warmup);
const DURATION = Number(opts.duration);
/** --port N: demo size on N, national scale on N + 1; else free ports. */
const PORT = opts.port ? Number(opts.port) : null;
const log = (line = '') => console.log(line);

/** The embedded backend's cumulative request counts, or null where the route is not there. */
async function backendCalls(client) {
	const res = await client.request('/dev/backend-calls', {
		headers: { accept: 'application/json' }
	});
	if (res.status !== 200) return null;
	try {
		const counts = JSON.parse(res.body.toString('utf8'));
		return typeof counts.rpc === 'number' && typeof counts.auth === 'number' ? counts : null;
	} catch {
		return null;
	}
}

/** Sequential timings and per-request backend calls of one page for one signed-in client. */
async function measurePage(client, path, { counting }) {
	const first = await client.request(path);
	if (first.status !== 200) {
		return {
			error: `${first.status}${first.headers.location ? ` → ${first.headers.location}` : ''}`
		};
	}
	const size = sizes(first);
	for (let i = 1; i < WARMUP; i++) await client.request(path);
	const ms = [];
	let rpc = 0;
	let auth = 0;
	for (let i = 0; i < RUNS; i++) {
		const before = counting ? await backendCalls(client) : null;
		const res = await client.request(path);
		if (res.status !== 200) return { error: `${res.status} on run ${i + 1}` };
		ms.push(res.ms);
		if (before) {
			const after = await backendCalls(client);
			rpc += after.rpc - before.rpc;
			auth += after.auth - before.auth;
		}
	}
	return {
		...summarise(ms),
		...size,
		rpc: counting ? rpc / RUNS : null,
		auth: counting ? auth / RUNS : null
	};
}

/**
 * Answers a second at 10 connections for DURATION seconds: only the 200s count (a page that
 * times out or fails under load scores what it managed), and how many did not answer 200.
 */
async function throughput(base, path, cookie) {
	const result = await autocannon({
		url: base + path,
		connections: 10,
		duration: DURATION,
		timeout: 30,
		headers: { 'accept-encoding': 'br, gzip', ...(cookie ? { cookie } : {}) }
	});
	const bad = result.non2xx + result.errors + result.timeouts;
	return { rps: result['2xx'] / result.duration, bad };
}

/**
 * Wait until the server has worked through what a load run left queued (the embedded database
 * answers one query at a time, so requests autocannon gave up on still run after it stops):
 * until the sign-in page answers within `quickMs` again, for at most three minutes.
 */
async function drain(client, quickMs) {
	const until = performance.now() + 180_000;
	while (performance.now() < until) {
		const res = await client.request('/signin');
		if (res.ms <= quickMs) return true;
		await new Promise((r) => setTimeout(r, 250));
	}
	return false;
}

async function runScale(loaded, { name, dataDir, scale, port }) {
	log(`\n══ ${name} ══`);
	let t = performance.now();
	const backend = await loaded.createEmbeddedBackend({
		dataDir,
		siteUrl: scale ? SITE : `http://127.0.0.1:${port}`,
		seed: true
	});
	const chosen = await choosePages(backend.db, { scale });
	await backend.close();
	const c = chosen.counts;
	log(
		`${c.groups} groups, ${c.enrolments} enrolments, ${c.courses} courses, ${c.places} course places` +
			` (database ready in ${((performance.now() - t) / 1000).toFixed(1)} s)`
	);

	const server = startServer({ port, dataDir });
	const results = { name, signin: null, reference: null, pages: [], rss: null, notes: [] };
	const clients = [];
	try {
		await server.listening;
		t = performance.now();
		const anon = new Client(server.base);
		clients.push(anon);
		const warm = await anon.request('/signin');
		log(
			`server pid ${server.pid} on ${server.base}; first page ${warm.status} in ${((performance.now() - t) / 1000).toFixed(1)} s` +
				` (opens the database); RSS ${memory(server.pid)?.rssMB.toFixed(0) ?? '?'} MB`
		);
		const counting = (await backendCalls(anon)) !== null;
		if (!counting)
			results.notes.push('no GET /dev/backend-calls in this build: rpc/auth per request n/a');
		results.signin = { ...(await measurePage(anon, '/signin', { counting })), rps: null };
		const ref = chosen.reference;
		const refClient = new Client(server.base);
		clients.push(refClient);
		await refClient.signIn(ref.email, PASSWORD);
		results.reference = {
			label: ref.label,
			url: ref.path,
			...(await measurePage(refClient, ref.path, { counting })),
			rps: null
		};

		const signedIn = [];
		for (const r of chosen.roles) {
			const pages = r.pages.filter(
				(p) => !opts.only || p.includes(opts.only) || r.role.includes(opts.only)
			);
			if (!pages.length) continue;
			const client = new Client(server.base);
			clients.push(client);
			const home = await client.signIn(r.email, PASSWORD);
			log(`  ${r.role} ${r.email} signed in → ${home}`);
			for (const path of pages) {
				let m;
				try {
					m = await measurePage(client, path, { counting });
				} catch (e) {
					// e.g. ECONNRESET: the server stopped or dropped the connection
					m = { error: `${e.code ?? e.message}` };
				}
				const label = `${r.role}: ${shortPath(path)}`;
				results.pages.push({ role: r.role, path: label, label, url: path, ...m, rps: null });
				log(
					`    ${label}  ${m.error ?? `median ${m.median.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms`}`
				);
				signedIn.push({ page: results.pages.at(-1), cookie: client.cookieHeader() });
				if (server.child.exitCode !== null || server.child.signalCode !== null) break;
			}
			if (server.child.exitCode !== null || server.child.signalCode !== null) {
				const { code, signal } = await server.exited;
				results.notes.push(
					`the server stopped on its own (${code ?? signal}) during ${r.role}'s pages; its last output:\n    ${server.tail.join('\n    ')}`
				);
				break;
			}
		}

		const alive = server.child.exitCode === null && server.child.signalCode === null;
		if (!opts['no-load'] && alive) {
			log(`  load: 10 connections, ${DURATION} s a page …`);
			const peakReset = resetPeak(server.pid);
			if (!peakReset) results.notes.push('could not reset VmHWM: the peak includes start-up');
			let maxRss = 0;
			const sampler = setInterval(() => {
				maxRss = Math.max(maxRss, memory(server.pid)?.rssMB ?? 0);
			}, 200);
			// Each page's load starts on an idle server (see drain).
			const quickMs = Math.max(20, 3 * results.signin.p95);
			const idle = async (after) => {
				if (!(await drain(anon, quickMs))) results.notes.push(`still busy 3 min after ${after}`);
			};
			try {
				await idle('the sequential requests');
				const s = await throughput(server.base, '/signin', null);
				results.signin.rps = s.rps;
				await idle('the sign-in page');
				const refLoad = await throughput(
					server.base,
					results.reference.url,
					refClient.cookieHeader()
				);
				results.reference.rps = refLoad.rps;
				if (refLoad.bad)
					results.notes.push(`${results.reference.label}: ${refLoad.bad} answers not 200`);
				for (const { page, cookie } of signedIn) {
					if (page.error) continue;
					await idle('the previous page');
					const r = await throughput(server.base, page.url, cookie);
					page.rps = r.rps;
					if (r.bad) results.notes.push(`${page.label}: ${r.bad} answers not 200 under load`);
				}
			} finally {
				clearInterval(sampler);
			}
			const mem = memory(server.pid);
			if (mem) {
				maxRss = Math.max(maxRss, mem.rssMB);
				results.rss = {
					peakMB: Math.max(mem.hwmMB, maxRss),
					hwmMB: mem.hwmMB,
					maxRssMB: maxRss,
					nowMB: mem.rssMB
				};
			}
		}
	} finally {
		for (const cl of clients) cl.close();
		const { code, signal } = await server.stop();
		if (code !== 0) results.notes.push(`the server exited with ${code ?? signal}`);
	}

	log('');
	log(pageTable(results));
	log("* KB gzip: the HTML gzip'd here with node:zlib (level 6), whatever the server sent.");
	if (results.rss) {
		const m = results.rss;
		log(
			`Server RSS under load: peak ${m.peakMB.toFixed(0)} MB (VmHWM ${m.hwmMB.toFixed(0)} MB since the load began, largest VmRSS seen ${m.maxRssMB.toFixed(0)} MB; ${m.nowMB.toFixed(0)} MB after).`
		);
	}
	for (const n of results.notes) log(`Note: ${n}`);
	return results;
}

// ── main ──
log(
	`Node ${process.version}; ${RUNS} timed requests after ${WARMUP} warm-up each, load ${opts['no-load'] ? 'skipped' : `${DURATION} s at 10 connections`}.`
);
if (buildIsStale(root)) {
	log('Building the app (build/ is missing or older than the source) …');
	buildIfStale(root);
}
const loaded = await loadBackend();
const runs = [];
let demoDir;
/** One scale's results, or a line saying why it could not be measured (the rest still run). */
async function measured(loaded, scale) {
	try {
		runs.push(await runScale(loaded, scale));
	} catch (e) {
		log(`Could not measure ${scale.name}: ${e.message}`);
	}
}
try {
	if (!opts['scale-only']) {
		demoDir = mkdtempSync(join(tmpdir(), 'rg-bench-demo-'));
		await measured(loaded, {
			name: 'Demo size (a fresh demo database)',
			dataDir: demoDir,
			scale: false,
			port: PORT ?? (await freePort())
		});
	}
	if (!opts['demo-only']) {
		const dir = scaleDir();
		const state = scaleState(dir);
		if (state !== 'ready') {
			log(
				state === 'missing'
					? `\nNo scale database in ${dir}: seeding it now (npm run seed:scale) …`
					: `\nThe scale database in ${dir} was built from other migrations: reseeding …`
			);
			const { seconds } = await seedScale(loaded, dir, (line) => log(line));
			log(`  seeded in ${seconds.toFixed(1)} s`);
		}
		await measured(loaded, {
			name: `National scale (${dir})`,
			dataDir: dir,
			scale: true,
			port: PORT ? PORT + 1 : await freePort()
		});
	}
} finally {
	await loaded.close();
	if (demoDir) rmSync(demoDir, { recursive: true, force: true });
}

// The goals are judged at national scale (at demo size only when national scale was not run).
const judged = runs.at(-1);
if (judged) {
	const goals = judge(judged);
	log(`\n══ Goals (${judged.name}) ══`);
	log(
		`each page: median ≤ ${GOALS.medianMs} ms, ≤ ${GOALS.compressedKB} KB compressed (as sent, or gzip here if sent raw), ` +
			`${GOALS.authPerRequest} Auth calls a request, throughput ≥ 1/3 of the sign-in page's; the server: RSS ≤ ${GOALS.rssMB} MB under load.`
	);
	log(goalsTable(goals));
	const server = goals.find((g) => g.page === '(server)');
	log(`${mark(server)} ${server.goal}: ${server.shown}`);
	log('');
	for (const line of summary(goals)) log(line);
}

if (opts.rpc) {
	log('\n══ rpcs in-process (scripts/bench/rpc.js) ══');
	spawnSync(
		process.execPath,
		[join(root, 'scripts', 'bench', 'rpc.js'), '--runs', String(RUNS), '--warmup', String(WARMUP)],
		{ cwd: root, stdio: 'inherit' }
	);
}
process.exit(0);
