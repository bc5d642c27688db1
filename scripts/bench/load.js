// Load the embedded backend's TypeScript from plain Node: database.ts uses Vite's `?raw` imports
// and import.meta.glob, so it goes through Vite's own SSR module loader (already a dependency).
import { createServer } from 'vite';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const root = new URL('../..', import.meta.url).pathname;

/** { createEmbeddedBackend, lockDataDir, noRealtime, close } from the app's own source. */
export async function loadBackend() {
	const server = await createServer({
		root,
		configFile: false,
		logLevel: 'error',
		appType: 'custom',
		server: { middlewareMode: true, hmr: false, ws: false, watch: null },
		optimizeDeps: { noDiscovery: true, include: [] },
		// tsconfig.json extends .svelte-kit/tsconfig.json, which only exists after `svelte-kit
		// sync`; the backend needs no TypeScript settings beyond stripping types.
		oxc: { tsconfig: false }
	});
	const backend = await server.ssrLoadModule('/src/lib/server/embedded/backend.ts');
	const realtime = await server.ssrLoadModule('/src/lib/server/no-realtime.ts');
	return {
		createEmbeddedBackend: backend.createEmbeddedBackend,
		lockDataDir: backend.lockDataDir,
		noRealtime: realtime.noRealtime,
		close: () => server.close()
	};
}

/** A fingerprint of the bootstrap, migrations and demo seed a database was built from. */
export function schemaFingerprint() {
	const hash = createHash('sha256');
	const dir = join(root, 'supabase', 'migrations');
	for (const file of readdirSync(dir)
		.filter((f) => f.endsWith('.sql'))
		.sort()) {
		hash.update(file).update(readFileSync(join(dir, file)));
	}
	hash.update(readFileSync(join(root, 'supabase', 'embedded-bootstrap.sql')));
	hash.update(readFileSync(join(root, 'supabase', 'seed.sql')));
	hash.update(readFileSync(join(root, 'scripts', 'bench', 'generate.js')));
	return hash.digest('hex').slice(0, 16);
}
