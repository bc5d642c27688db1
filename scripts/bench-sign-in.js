// `npm run bench:sign-in`: does how long a refused sign-in takes tell whether the email has an
// account? Times, on a fresh demo database in-process, a wrong password for real accounts
// against the same for unknown emails:
//   (a) straight to the embedded Auth server (GoTrue's /token password grant), and
//   (b) through the sign-in action's code (signInWithLimits: the SQL limits, the password grant
//       and the refusal floor), each attempt from an address of its own so no limit is reached.
// Prints median and p95 of each, and their difference.
//
//   npm run bench:sign-in [-- --runs 40]
import { createClient } from '@supabase/supabase-js';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';
import { root } from './bench/load.js';

const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '40' } } });
const RUNS = Number(opts.runs);

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(call) {
	const ms = [];
	for (let i = 0; i < RUNS; i++) {
		const t = performance.now();
		await call(i);
		ms.push(performance.now() - t);
	}
	ms.sort((a, b) => a - b);
	return { median: percentile(ms, 50), p95: percentile(ms, 95) };
}

const f = (n) => n.toFixed(1).padStart(7);

function report(label, real, unknown) {
	console.log(`${label}`);
	console.log(`  real account, wrong password  median ${f(real.median)} ms  p95 ${f(real.p95)} ms`);
	console.log(
		`  unknown email                 median ${f(unknown.median)} ms  p95 ${f(unknown.p95)} ms`
	);
	console.log(`  difference of medians         ${f(real.median - unknown.median)} ms`);
}

// The app's TypeScript, through Vite's SSR loader (as scripts/bench/load.js does).
const vite = await createServer({
	root,
	configFile: false,
	logLevel: 'error',
	appType: 'custom',
	server: { middlewareMode: true, hmr: false, ws: false, watch: null },
	optimizeDeps: { noDiscovery: true, include: [] },
	oxc: { tsconfig: false }
});
try {
	const { createEmbeddedBackend } = await vite.ssrLoadModule('/src/lib/server/embedded/backend.ts');
	const { noRealtime } = await vite.ssrLoadModule('/src/lib/server/no-realtime.ts');
	const { signInWithLimits, REFUSAL_FLOOR_MS } = await vite.ssrLoadModule(
		'/src/lib/server/sign-in-limits.ts'
	);
	const backend = await createEmbeddedBackend({ siteUrl: 'http://app.test', seed: true });
	const client = (key = backend.anonKey) =>
		createClient(backend.url, key, {
			auth: { persistSession: false, autoRefreshToken: false },
			global: { fetch: backend.fetch },
			realtime: noRealtime
		});
	const admin = client(backend.serviceRoleKey);
	// 12 demo parents in turn, so no account comes near the hook's 100-failure ceiling.
	const realEmail = (i) => `parent${(i % 12) + 1}@example.org`;
	const unknownEmail = (i) => `nobody${i}@example.org`;
	const grant = (email) => client().auth.signInWithPassword({ email, password: 'not it' });
	console.log(`Node ${process.version}; ${RUNS} timed attempts of each kind after warm-up.`);

	await grant(unknownEmail(-1));
	await grant(realEmail(-1));
	report(
		'(a) Auth server password grant',
		await time((i) => grant(realEmail(i))),
		await time((i) => grant(unknownEmail(RUNS + i)))
	);

	let address = 0;
	const viaApp = (email, refusalFloorMs) =>
		signInWithLimits(
			{ supabase: client(), admin },
			{ email, password: 'not it', address: `10.77.${address >> 8}.${address++ & 255}` },
			{ refusalFloorMs }
		);
	report(
		'(b) the sign-in action, no refusal floor',
		await time((i) => viaApp(realEmail(i), 0)),
		await time((i) => viaApp(unknownEmail(2 * RUNS + i), 0))
	);
	report(
		`(c) the sign-in action, as deployed (refusals take at least ${REFUSAL_FLOOR_MS} ms)`,
		await time((i) => viaApp(realEmail(i), REFUSAL_FLOOR_MS)),
		await time((i) => viaApp(unknownEmail(3 * RUNS + i), REFUSAL_FLOOR_MS))
	);
	await backend.close();
} finally {
	await vite.close();
}
