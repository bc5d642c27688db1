// `npm start`: the demo. Build when the build is missing or older than the source, then serve it
// with scripts/demo-server.js (embedded backend, demo data, loopback only).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { refuseSupabaseSettings } from './demo-guard.js';

refuseSupabaseSettings();

const root = new URL('..', import.meta.url).pathname;
const built = join(root, 'build', 'index.js');

function newest(path) {
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const sources = ['src', 'supabase', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts'];
const stale =
	!existsSync(built) ||
	Math.max(...sources.map((p) => newest(join(root, p)))) > statSync(built).mtimeMs;

if (stale) {
	console.log('Building the app (first start or source changed)…');
	execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit']
	});
}

process.argv[2] = join(root, 'build');
await import('./demo-server.js');
