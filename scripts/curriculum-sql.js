// `npm run curriculum:sql`: when curriculum/<programme>/*.md differ from the curriculum the
// migrations install, write a new migration that installs them as the programme's next
// published version; when they are the same, write nothing. Landed migrations are never
// rewritten (the version-1 one, 20261122000400_default_curriculum.sql, stays as it landed).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { migrationsDir, nextMigrationVersion, root, sqlFiles } from './db/build.js';
import {
	curriculumContent,
	curriculumMigrationSql,
	newestCurriculumMigration
} from '../src/lib/curriculum/to-sql.js';

const programme = 'reflective-parenting';
const dir = join(root, 'curriculum', programme);
const files = readdirSync(dir)
	.filter((name) => /^\d+-.*\.md$/.test(name))
	.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

const installed = newestCurriculumMigration(sqlFiles(migrationsDir), programme);
if (installed && isDeepStrictEqual(installed.content, curriculumContent(files))) {
	console.log(
		`curriculum/${programme}/*.md are what ${installed.name} installs: nothing to write.`
	);
} else {
	const out = join(
		migrationsDir,
		`${nextMigrationVersion()}_${programme.replaceAll('-', '_')}_curriculum.sql`
	);
	writeFileSync(out, curriculumMigrationSql(programme, files));
	console.log(
		`wrote ${relative(root, out)} from ${files.length} sessions: it installs them as the next ` +
			`published version of the ${programme} curriculum. Read it and commit it with the Markdown.`
	);
}
