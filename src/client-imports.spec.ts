import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// What a page's browser code may not carry. zod is the view models' schema library: the server
// checks every view with it, so a page needs only the types (`import type`), and a label or
// helper the page shows lives in a zod-free module ($lib/<feature>/labels.ts). date-holidays
// brings moment.js (97 KB compressed); bank holidays are worked out on the server. Each was
// once pulled into the browser by one value import of a schema module, costing every such page
// its Lighthouse score, so the rule is checked over the whole import graph, not page by page.
const SERVER_ONLY = ['zod', 'date-holidays'];

const IMPORT = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*['"]([^'"]+)['"]/g;
const BARE_IMPORT = /(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g;

/** The modules a file imports for their values: `import type` and all-type lists are erased. */
function valueImports(source: string): string[] {
	const found: string[] = [];
	for (const m of source.matchAll(IMPORT)) {
		const [, , typeOnly, clause, spec] = m;
		if (typeOnly) continue;
		const names = clause!.match(/^\{([\s\S]*)\}$/);
		if (names && names[1]!.split(',').every((n) => !n.trim() || /^type\s/.test(n.trim()))) continue;
		found.push(spec!);
	}
	for (const m of source.matchAll(BARE_IMPORT)) found.push(m[1]!);
	return found;
}

const EXTENSIONS = ['', '.ts', '.js', '.svelte', '/index.ts', '/index.js'];

/** A project file for an import, or null for a package (or a virtual module such as $app/…). */
function resolve(from: string, spec: string): string | null {
	const path = spec.replace(/\?.*$/, '');
	let base: string;
	if (path.startsWith('$lib/')) base = join('src/lib', path.slice(5));
	else if (path.startsWith('.')) base = join(dirname(from), path);
	else return null;
	for (const ext of EXTENSIONS) {
		const file = base + ext;
		if (existsSync(file) && statSync(file).isFile()) return file;
	}
	throw new Error(`${from}: cannot find ${spec}`);
}

const packageOf = (spec: string) =>
	spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;

/** Every file SvelteKit sends to a browser as an entry: the pages, layouts and client hooks. */
function clientEntries(dir = 'src/routes'): string[] {
	const files: string[] = [];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) files.push(...clientEntries(path));
		else if (/^\+(page|layout|error)(\.svelte|\.ts)$/.test(entry.name)) files.push(path);
	}
	return dir === 'src/routes' && existsSync('src/hooks.client.ts')
		? [...files, 'src/hooks.client.ts']
		: files;
}

/** For each server-only package a browser file reaches, the chain of imports that reaches it. */
function serverOnlyReached(entries: string[]): string[] {
	const problems: string[] = [];
	const seen = new Set<string>();
	const walk = (file: string, chain: string[]) => {
		if (seen.has(file)) return;
		seen.add(file);
		if (file.startsWith('src/lib/server/')) {
			problems.push(`${[...chain, file].join(' → ')} (SvelteKit refuses $lib/server here)`);
			return;
		}
		if (!/\.(ts|js|svelte)$/.test(file)) return; // an asset (an inlined SVG): no imports
		for (const spec of valueImports(readFileSync(file, 'utf8'))) {
			const target = resolve(file, spec);
			if (target) walk(target, [...chain, file]);
			else if (SERVER_ONLY.includes(packageOf(spec)))
				problems.push(`${[...chain, file].join(' → ')} imports ${spec}`);
		}
	};
	for (const entry of entries) walk(entry, []);
	return problems.map((p) => p.replace(/src\//g, ''));
}

describe("the browser's import graph", () => {
	it('reaches no server-only package from any page, layout or client hook', () => {
		const entries = clientEntries();
		expect(entries.length).toBeGreaterThan(50);
		expect(serverOnlyReached(entries)).toEqual([]);
	});

	it('would catch a value import of a schema module, and lets a type import through', () => {
		expect(valueImports("import { z } from 'zod';")).toEqual(['zod']);
		expect(valueImports("import { STAGES, type Stage } from './types';")).toEqual(['./types']);
		expect(valueImports("import type { Stage } from './types';")).toEqual([]);
		expect(valueImports("import { type Stage, type Row } from './types';")).toEqual([]);
		expect(valueImports("export { PHASES } from '$lib/view-fields';")).toEqual([
			'$lib/view-fields'
		]);
		// The walk itself: a schema module reached through a label import is reported with its path.
		const types = relative('.', 'src/lib/facilitators/types.ts');
		expect(serverOnlyReached([types])).toEqual(
			expect.arrayContaining([
				'lib/facilitators/types.ts imports zod',
				'lib/facilitators/types.ts → lib/view-fields.ts imports zod'
			])
		);
	});
});
