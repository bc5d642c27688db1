import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSessionFile } from './parse.js';
import {
	curriculumContent,
	curriculumMigrationSql,
	installedCurriculum,
	newestCurriculumMigration
} from './to-sql.js';

const root = join(import.meta.dirname, '..', '..', '..');
const programme = 'reflective-parenting';
const dir = join(root, 'curriculum', programme);
const files = readdirSync(dir)
	.filter((name) => /^\d+-.*\.md$/.test(name))
	.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
const migrationsDir = join(root, 'supabase', 'migrations');
const migrations = readdirSync(migrationsDir)
	.filter((name) => name.endsWith('.sql'))
	.map((name) => ({ name, sql: readFileSync(join(migrationsDir, name), 'utf8') }));

/** The files with one slide of session 1 reworded, as an editor might change them. */
const edited = files.map((f) =>
	f.name.startsWith('01-') ? { ...f, text: f.text.replace('Welcome to', 'Welcome, all, to') } : f
);

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

	it('are what the newest curriculum migration installs (run `npm run curriculum:sql` after editing)', () => {
		const newest = newestCurriculumMigration(migrations, programme);
		expect(newest, 'no migration installs the curriculum').not.toBeNull();
		expect(newest?.content).toEqual(curriculumContent(files));
	});
});

describe('curriculum migrations', () => {
	it('an edit to the files no longer matches the newest migration, so the check above catches it', () => {
		expect(curriculumContent(edited)).not.toEqual(
			newestCurriculumMigration(migrations, programme)?.content
		);
	});

	it('a new one installs the files as the next published version, and is then the newest', () => {
		const sql = curriculumMigrationSql(programme, edited);
		expect(sql).toMatch(
			/^select private\.install_curriculum\('reflective-parenting', \$curriculum\$/m
		);
		// installed unconditionally, as a new version: install_curriculum numbers it
		expect(sql).not.toMatch(/where not exists/);
		expect(installedCurriculum(sql, programme)).toEqual(curriculumContent(edited));
		const later = [
			...migrations,
			{ name: '29991231235959_reflective_parenting_curriculum.sql', sql }
		];
		expect(newestCurriculumMigration(later, programme)).toEqual({
			name: '29991231235959_reflective_parenting_curriculum.sql',
			content: curriculumContent(edited)
		});
	});

	it('the landed version-1 migration is read as it is, where not exists and all', () => {
		const v1 = migrations.find((m) => m.name === '20261122000400_default_curriculum.sql');
		expect(v1?.sql).toMatch(/where not exists/);
		expect(installedCurriculum(v1?.sql ?? '', programme)).toHaveLength(8);
		expect(installedCurriculum(v1?.sql ?? '', 'reflective-fostering')).toBeNull();
	});

	it('refuses text that would end the quoted JSON early', () => {
		const hostile = files.map((f, i) =>
			i === 0 ? { ...f, text: f.text.replace('Welcome to', '$curriculum$ Welcome to') } : f
		);
		expect(() => curriculumMigrationSql(programme, hostile)).toThrow(/quote tag/);
	});
});
