// Turns the curriculum files into the SQL of the migration that installs them, so the
// readable files stay the source and the database gets exactly what they say.
import { parseSessionFile } from './parse.js';

/**
 * @param {string} programme the programme id
 * @param {{ name: string, text: string }[]} files session files, named NN-slug.md
 * @returns {string}
 */
export function curriculumSql(programme, files) {
	const sessions = [...files]
		.sort((a, b) => a.name.localeCompare(b.name))
		.map((f, i) => {
			const number = Number(/^(\d+)-/.exec(f.name)?.[1]);
			if (number !== i + 1) throw new Error(`${f.name}: expected session ${i + 1}`);
			return parseSessionFile(f.text, number);
		});
	const json = JSON.stringify(sessions, null, 1);
	if (json.includes('$curriculum$')) throw new Error('the text contains the SQL quote tag');
	return [
		`-- The default ${programme} curriculum, version 1.`,
		'-- GENERATED from curriculum/' + programme + '/*.md by `npm run curriculum:sql`; do not edit.',
		'-- Later changes are made in the app (a new version) or by a new migration.',
		'',
		`select private.install_curriculum('${programme}', $curriculum$${json}$curriculum$::jsonb)`,
		`where not exists (select 1 from public.curricula where programme_id = '${programme}');`,
		''
	].join('\n');
}
