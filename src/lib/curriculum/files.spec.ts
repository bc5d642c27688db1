import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSessionFile } from './parse.js';
import { curriculumSql } from './to-sql.js';

const root = join(import.meta.dirname, '..', '..', '..');
const dir = join(root, 'curriculum', 'reflective-parenting');
const files = readdirSync(dir)
	.filter((name) => /^\d+-.*\.md$/.test(name))
	.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

describe('the default curriculum files', () => {
	it('has the 8 sessions of the Reflective Parenting group, each well formed', () => {
		expect(files).toHaveLength(8);
		files.forEach((f, i) => {
			const s = parseSessionFile(f.text, i + 1);
			expect(s.slides.length, f.name).toBeGreaterThanOrEqual(5);
			expect(s.aims.length, f.name).toBeGreaterThanOrEqual(2);
			expect(s.prompts.length, f.name).toBeGreaterThanOrEqual(3);
			expect(s.facilitator_notes.length, f.name).toBeGreaterThan(100);
			expect(s.home_practice.length, f.name).toBeGreaterThan(40);
		});
	});

	it('matches the migration that installs it (run `npm run curriculum:sql` after editing)', () => {
		const migration = readFileSync(
			join(root, 'supabase', 'migrations', '20261122000400_default_curriculum.sql'),
			'utf8'
		);
		expect(migration).toBe(curriculumSql('reflective-parenting', files));
	});
});
