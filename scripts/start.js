// `npm start`: the demo. Build when the build is missing or older than the source, then serve it
// with scripts/demo-server.js (embedded backend, demo data, loopback only).
import { join } from 'node:path';
import { buildIfStale, buildIsStale } from './build-state.js';
import { refuseSupabaseSettings } from './demo-guard.js';

refuseSupabaseSettings();

const root = new URL('..', import.meta.url).pathname;

if (buildIsStale(root)) {
	console.log('Building the app (first start or source changed)…');
	buildIfStale(root);
}

process.argv[2] = join(root, 'build');
await import('./demo-server.js');
