// Whether build/ is missing or older than the source, and building it: shared by `npm start`
// and `npm run bench`, which both serve the built app.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['src', 'supabase', 'static', 'package.json', 'svelte.config.js', 'vite.config.ts'];

function newest(path) {
	const s = statSync(path);
	if (!s.isDirectory()) return s.mtimeMs;
	return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** True when `root`/build is missing or any source is newer than it. */
export function buildIsStale(root) {
	const built = join(root, 'build', 'index.js');
	return (
		!existsSync(built) ||
		Math.max(...SOURCES.map((p) => newest(join(root, p)))) > statSync(built).mtimeMs
	);
}

/** `vite build` in `root` (its errors shown), when the build is stale; true if it built. */
export function buildIfStale(root) {
	if (!buildIsStale(root)) return false;
	execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit']
	});
	return true;
}
