// `npm run curriculum:sql`: regenerate the default-curriculum migration from curriculum/*.md.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curriculumSql } from '../src/lib/curriculum/to-sql.js';

const root = new URL('..', import.meta.url).pathname;
const programme = 'reflective-parenting';
const dir = join(root, 'curriculum', programme);
const files = readdirSync(dir)
	.filter((name) => /^\d+-.*\.md$/.test(name))
	.map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));
const out = join(root, 'supabase', 'migrations', '20261122000400_default_curriculum.sql');
writeFileSync(out, curriculumSql(programme, files));
console.log(`wrote ${out} from ${files.length} sessions`);
