/**
 * src/lib/database.types.ts is generated (`npm run db:types`): this fails when the committed file
 * is not what the generator makes from the migrations today, so the types cannot drift from SQL.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateTypes, TYPES_FILE } from '../../scripts/db-types/generate.js';
import { useFreshDatabase } from './harness';

const db = useFreshDatabase({ seed: false, max: 2 });

describe('generated database types', () => {
	it('src/lib/database.types.ts is what `npm run db:types` makes from the migrations', async () => {
		const fresh = await generateTypes(db().url);
		const committed = readFileSync(TYPES_FILE, 'utf8');
		// On failure: run `npm run db:types` and commit the file.
		expect(committed).toBe(fresh);
	});

	it('a change to the SQL changes the generated file (so the check above can fail)', async () => {
		await db().pool.query(
			'alter function public.enrol_parent(uuid, text, boolean) rename to enrol_family'
		);
		const changed = await generateTypes(db().url);
		expect(changed).toContain('enrol_family: {');
		expect(changed).not.toContain('enrol_parent: {');
		expect(changed).not.toBe(readFileSync(TYPES_FILE, 'utf8'));
	});
});
