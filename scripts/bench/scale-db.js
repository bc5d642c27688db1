// The scale database: the demo seed plus enough generated groups to make 2,000 groups and
// 24,000 families, persisted in a data directory so the benchmark can reopen it.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate } from './generate.js';
import { root, schemaFingerprint } from './load.js';

export const SITE = 'http://bench.invalid';
export const SCALE = { groups: 2000, families: 24000 };
/** The demo seed brings 3 groups and 12 families; generate the rest. */
const DEMO = { groups: 3, families: 12 };
const MARKER = 'scale-seed.json';

export function scaleDir() {
	return resolve(root, process.env.DATA_DIR || '.data-scale');
}

/** The marker written after a successful seed, or null. */
export function readMarker(dir) {
	const file = join(dir, MARKER);
	return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

/** 'missing' | 'stale' (built from other migrations) | 'ready' */
export function scaleState(dir) {
	const marker = readMarker(dir);
	if (!marker) return 'missing';
	return marker.fingerprint === schemaFingerprint() ? 'ready' : 'stale';
}

/**
 * (Re)build the scale database in `dir`. Refuses to touch a non-empty directory that this
 * script did not create (no marker), so a mistyped DATA_DIR never wipes the app's data.
 */
export async function seedScale(loaded, dir, log = console.log) {
	// A server or bench using the directory (src/lib/server/embedded/lock.ts) keeps its data: this
	// throws before anything is removed. createEmbeddedBackend below takes the lock for the seeding.
	if (existsSync(dir)) loaded.lockDataDir(dir)();
	if (existsSync(dir) && readdirSync(dir).length > 0) {
		if (!readMarker(dir)) {
			throw new Error(
				`${dir} is not empty and was not made by seed:scale; choose another DATA_DIR or delete it yourself.`
			);
		}
		rmSync(join(dir, MARKER));
		rmSync(join(dir, 'pgdata'), { recursive: true, force: true });
		rmSync(join(dir, 'jwt-secret'), { force: true });
	}
	const started = performance.now();
	const backend = await loaded.createEmbeddedBackend({ dataDir: dir, siteUrl: SITE, seed: true });
	const migrated = performance.now();
	log(`  schema + demo seed: ${((migrated - started) / 1000).toFixed(1)} s`);
	const counts = await generate(backend.db, {
		groups: SCALE.groups - DEMO.groups,
		waitlisted: SCALE.families - DEMO.families - (SCALE.groups - DEMO.groups) * 12,
		training: true
	});
	const generated = performance.now();
	log(`  generated data + analyze: ${((generated - migrated) / 1000).toFixed(1)} s`);
	await backend.close();
	const seconds = (performance.now() - started) / 1000;
	writeFileSync(
		join(dir, MARKER),
		JSON.stringify(
			{ fingerprint: schemaFingerprint(), seeded_at: new Date().toISOString(), seconds, counts },
			null,
			2
		) + '\n'
	);
	return { counts, seconds };
}
