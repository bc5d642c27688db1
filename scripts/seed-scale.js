// `npm run seed:scale`: an embedded database with 2,000 groups and 24,000 families (with their
// sessions, registers, withdrawals, waitlists, notes and concerns) in DATA_DIR (default
// ./.data-scale), for `npm run bench`. Rebuilds it if it is already there.
import { loadBackend } from './bench/load.js';
import { scaleDir, seedScale } from './bench/scale-db.js';

const dir = scaleDir();
console.log(`Seeding the scale database in ${dir} …`);
const loaded = await loadBackend();
try {
	const { counts, seconds } = await seedScale(loaded, dir);
	console.table(counts);
	console.log(`Done in ${seconds.toFixed(1)} s. Sign in as lead@example.org / reflective-demo.`);
} catch (e) {
	// In use by a server (src/lib/server/embedded/lock.ts) or unusable: its one sentence.
	if (e?.name !== 'DataDirInUseError' && e?.name !== 'DatabaseOpenError') throw e;
	console.error(e.message);
	process.exitCode = 1;
} finally {
	await loaded.close();
}
