// `npm run bench:online-progress`: what one progress report of the online training costs, and how
// big a trainee's record of a four-hour training gets. Through supabase-js against the embedded
// backend in-process (the demo seed), as the player reports: a trainee (Daniel Reid, whose place
// is open) watches a made-up 4-hour film in 10-second reports, with the demo clock moved 10 s per
// report (so the skip-ahead cap lets each one count), going back twice to rewatch a stretch and
// skipping a part. Prints the report's median and p95 time, and the stored row's size.
//
//   npm run bench:online-progress [-- --reports 1440]
import { createClient } from '@supabase/supabase-js';
import { parseArgs } from 'node:util';
import { loadBackend } from './bench/load.js';

const { values: opts } = parseArgs({ options: { reports: { type: 'string', default: '1440' } } });
const REPORTS = Number(opts.reports);
const TRAINING = '00000000-0000-4000-8000-000000004001';
const DANIEL = '00000000-0000-4000-8000-000000000414';
const FOUR_HOURS = 4 * 3600;

function percentile(sorted, p) {
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const loaded = await loadBackend();
let offset = 0;
const backend = await loaded.createEmbeddedBackend({
	siteUrl: 'http://bench.invalid',
	seed: true,
	clockOffsetSeconds: () => offset
});
try {
	// A four-hour stored film added to the published demo training (a benchmark's liberty).
	const { rows } = await backend.db.query(
		`insert into public.online_modules (training_id, position, title, duration_seconds, video_kind,
		   video_path)
		 values ($1::uuid, 50, 'Four hours', $2, 'file', $1::text || '/bench/film.webm') returning id`,
		[TRAINING, FOUR_HOURS]
	);
	const module = rows[0].id;
	const client = createClient(backend.url, backend.anonKey, {
		auth: { persistSession: false, autoRefreshToken: false },
		global: { fetch: backend.fetch },
		realtime: loaded.noRealtime
	});
	const signIn = await client.auth.signInWithPassword({
		email: 'trainee4@example.org',
		password: 'reflective-demo'
	});
	if (signIn.error) throw new Error(signIn.error.message);
	const report = async (intervals) => {
		const { data, error } = await client.rpc('report_online_progress', { module, intervals });
		if (error) throw new Error(`${error.code}: ${error.message}`);
		return data;
	};
	await report([]); // the sitting starts

	const ms = [];
	let at = 0;
	for (let i = 0; i < REPORTS; i++) {
		// Rewatch 20 minutes twice (at a quarter and at half way); skip 5 minutes at three quarters.
		if (i === Math.floor(REPORTS / 4) || i === Math.floor(REPORTS / 2)) at = Math.max(0, at - 1200);
		if (i === Math.floor((3 * REPORTS) / 4)) at += 300;
		const from = at % FOUR_HOURS;
		at += 10;
		offset += 10;
		const t = performance.now();
		await report([[from, Math.min(from + 10, FOUR_HOURS)]]);
		ms.push(performance.now() - t);
	}
	ms.sort((a, b) => a - b);
	const size = await backend.db.query(
		`select seconds_watched, pg_column_size(watched) as watched_bytes,
		   pg_column_size(p.*) as row_bytes,
		   (select count(*) from unnest(watched)) as ranges, completed_at is not null as complete
		 from public.online_progress p where trainee_id = $1 and module_id = $2`,
		[DANIEL, module]
	);
	const r = size.rows[0];
	console.log(`online progress: ${REPORTS} reports of 10 s on a ${FOUR_HOURS / 3600}-hour film`);
	console.log(
		`  report_online_progress  median ${percentile(ms, 50).toFixed(2)} ms  p95 ${percentile(ms, 95).toFixed(2)} ms  min ${ms[0].toFixed(2)} ms`
	);
	console.log(
		`  stored: 1 row; ${r.seconds_watched} unique seconds in ${r.ranges} range(s); watched ${r.watched_bytes} bytes, row ${r.row_bytes} bytes; complete ${r.complete}`
	);
} finally {
	await backend.close();
	await loaded.close();
}
