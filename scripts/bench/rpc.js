// `npm run bench -- --rpc` (or `node scripts/bench/rpc.js`): how the lead's review rpcs scale. Times review_dashboard() (no filters, as the
// page first loads), group_review(<a completed group>), the funder report over two years and the
// group's outcomes page, the facilitator register and one
// facilitator's record through supabase-js against the
// embedded backend in-process, on (a) a fresh in-memory database with the demo seed plus 17
// generated groups (20 in all) and (b) the 2,000-group scale database (built by seed:scale; it
// is built or rebuilt here when missing or made from other migrations). Prints median and p95.
//
//   node scripts/bench/rpc.js [--runs 50 --warmup 5 --explain --breakdown]
//
// `npm run bench` itself times the pages over HTTP (scripts/bench.js); these are the rpcs alone.
//
// --explain    also prints `explain (analyze, buffers)` of reading private.review_group_facts
//              at each size (the per-group figures the dashboard is built on).
// --breakdown  also times the dashboard's layers directly in the database, for the lead: the
//              per-group figures alone, the whole view model built but not returned, and
//              returned as the REST layer asks for it (to_jsonb, parsed by PGlite).
import { createClient } from '@supabase/supabase-js';
import { parseArgs } from 'node:util';
import { explainReviewGroups } from './explain.js';
import { generate } from './generate.js';
import { loadBackend } from './load.js';
import { scaleDir, scaleState, seedScale, SITE } from './scale-db.js';

const { values: opts } = parseArgs({
	options: {
		runs: { type: 'string', default: '50' },
		warmup: { type: 'string', default: '5' },
		explain: { type: 'boolean', default: false },
		breakdown: { type: 'boolean', default: false }
	}
});
const RUNS = Number(opts.runs);
const WARMUP = Number(opts.warmup);

function percentile(sorted, p) {
	// nearest-rank
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(label, call) {
	for (let i = 0; i < WARMUP; i++) await call();
	const ms = [];
	for (let i = 0; i < RUNS; i++) {
		const t = performance.now();
		await call();
		ms.push(performance.now() - t);
	}
	ms.sort((a, b) => a - b);
	return { label, median: percentile(ms, 50), p95: percentile(ms, 95), min: ms[0] };
}

/** A completed group from the generated ones, full of registers: the drill-down's usual case. */
async function drillDownGroup(db) {
	const { rows } = await db.query(`
    select g.id from public.groups g
    where g.status = 'open' and g.id::text like '00000000-0000-4000-9000-%'
      and (select max(ends_at) from public.sessions s where s.group_id = g.id and s.status <> 'cancelled') < now()
    order by g.id limit 1`);
	return rows[0].id;
}

async function measure(loaded, backend, name) {
	const client = createClient(backend.url, backend.anonKey, {
		auth: { persistSession: false, autoRefreshToken: false },
		global: { fetch: backend.fetch },
		realtime: loaded.noRealtime
	});
	const { error } = await client.auth.signInWithPassword({
		email: 'lead@example.org',
		password: 'reflective-demo'
	});
	if (error) throw new Error(`sign-in failed: ${error.message}`);
	const groupId = await drillDownGroup(backend.db);
	const must = async (p) => {
		const { data, error } = await p;
		if (error) throw new Error(`${error.code}: ${error.message}`);
		return data;
	};
	const dash = await must(client.rpc('review_dashboard', {}));
	const results = {
		name,
		groups: dash.totals.groups,
		dashboard: await time('review_dashboard', () => must(client.rpc('review_dashboard', {}))),
		drill: await time('group_review', () =>
			must(client.rpc('group_review', { group_id: groupId }))
		),
		// The facilitator register (94_facilitator_pathway.sql): every facilitator's stage and
		// progress, and Leah Morgan's record (co-facilitating), computed from all their groups.
		register: await time('facilitator_register', () =>
			must(client.rpc('facilitator_register_page', {}))
		),
		// Outcome measures (98_outcome_results.sql): the funder report over two years (every
		// finished group's GBO figures, suppressed) and one group's outcomes page.
		report: await time('funder_report', () =>
			must(
				client.rpc('funder_report', {
					from_date: new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10),
					to_date: new Date().toISOString().slice(0, 10)
				})
			)
		),
		outcomes: await time('group_outcomes_page', () =>
			must(client.rpc('group_outcomes_page', { group_id: groupId }))
		),
		record: await time('facilitator_record', () =>
			must(
				client.rpc('facilitator_record_page', {
					person_id: '00000000-0000-4000-8000-000000000103'
				})
			)
		)
	};
	if (opts.breakdown) {
		const LEAD_CLAIMS = JSON.stringify({
			sub: '00000000-0000-4000-8000-000000000001',
			role: 'authenticated'
		});
		const sql = (q) => () =>
			backend.db.transaction(async (tx) => {
				// as the functions' owner with the lead's claims: how the rpc itself runs them
				await tx.query("select set_config('request.jwt.claims', $1, true)", [LEAD_CLAIMS]);
				return tx.query(q);
			});
		results.layers = [
			await time(
				'  figures only',
				// materialized, so every column is worked out (a bare count(*) would skip them)
				sql(
					'with r as materialized (select * from private.review_group_facts) select count(*) from r'
				)
			),
			await time('  view model, not sent', sql('select public.review_dashboard() is not null')),
			await time('  view model, sent', sql('select to_jsonb(public.review_dashboard()) as result'))
		];
	}
	if (opts.explain) {
		console.log(
			`\n── explain (analyze, buffers): review_group_facts at ${results.groups} groups ──`
		);
		console.log(await explainReviewGroups(backend.db));
	}
	return results;
}

const loaded = await loadBackend();
try {
	console.log(`Node ${process.version}; ${RUNS} timed calls after ${WARMUP} warm-up calls each.`);

	let t = performance.now();
	const small = await loaded.createEmbeddedBackend({ siteUrl: SITE, seed: true });
	await generate(small.db, { groups: 17 });
	console.log(
		`(a) in-memory demo + 17 groups ready in ${((performance.now() - t) / 1000).toFixed(1)} s`
	);
	const a = await measure(loaded, small, 'small');
	await small.close();

	const dir = scaleDir();
	const state = scaleState(dir);
	if (state !== 'ready') {
		console.log(
			state === 'missing'
				? `(b) no scale database in ${dir}: seeding it now (npm run seed:scale) …`
				: `(b) the scale database in ${dir} was built from other migrations: reseeding …`
		);
		const { seconds } = await seedScale(loaded, dir, (line) => console.log(line));
		console.log(`    seeded in ${seconds.toFixed(1)} s`);
	}
	t = performance.now();
	const big = await loaded.createEmbeddedBackend({ dataDir: dir, siteUrl: SITE });
	console.log(
		`(b) scale database ${dir} opened in ${((performance.now() - t) / 1000).toFixed(1)} s`
	);
	const b = await measure(loaded, big, 'scale');
	await big.close();

	const f = (x) => x.toFixed(1).padStart(8);
	console.log('');
	console.log('rpc                  groups   median ms   p95 ms   min ms');
	for (const rpc of ['dashboard', 'drill', 'report', 'outcomes', 'register', 'record']) {
		for (const r of [a, b]) {
			const m = r[rpc];
			console.log(
				`${m.label.padEnd(20)} ${String(r.groups).padStart(6)}  ${f(m.median)}    ${f(m.p95)} ${f(m.min)}`
			);
		}
		const ratio = (k) => (b[rpc][k] / a[rpc][k]).toFixed(2);
		console.log(
			`${''.padEnd(20)} ratio ${b.groups}/${a.groups}: median ×${ratio('median')}, p95 ×${ratio('p95')}`
		);
	}
	if (a.layers) {
		console.log('\nreview_dashboard in the database (SQL only, as the lead):');
		a.layers.forEach((m, i) => {
			for (const [r, l] of [
				[a, m],
				[b, b.layers[i]]
			]) {
				console.log(
					`${l.label.padEnd(24)} ${String(r.groups).padStart(6)}  ${f(l.median)}    ${f(l.p95)} ${f(l.min)}`
				);
			}
		});
	}
} finally {
	await loaded.close();
}
