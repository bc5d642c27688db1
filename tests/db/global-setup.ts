import type { TestProject } from 'vitest/node';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../src/lib/server/embedded/database';

/**
 * Build the schema (bootstrap, migrations, demo seed) once and dump it; every test file starts
 * its own in-memory database from the dump, which takes a fraction of a fresh migrate.
 */
export default async function setup(project: TestProject) {
	const started = performance.now();
	const db = await openDatabase({ seed: true });
	const dump = await db.dumpDataDir('none');
	await db.close();
	const dir = mkdtempSync(join(tmpdir(), 'rg-db-'));
	const path = join(dir, 'schema.tar');
	writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
	project.provide('schemaDump', path);
	console.log(`[db] schema built and dumped in ${Math.round(performance.now() - started)} ms`);
}

declare module 'vitest' {
	export interface ProvidedContext {
		schemaDump: string;
	}
}
