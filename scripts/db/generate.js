// The body of the next migration: what turns the database the migrations build into the one the
// schema files build, checked by applying it. `npm run db:migration` writes it to a file.
import pg from 'pg';
import { applyScript, buildDatabase } from './build.js';
import { catalogSnapshot, diffCatalogs, settleStatements } from './catalog.js';
import { migraDiff } from './migra.js';

/**
 * @typedef {import('./build.js').SqlFile} SqlFile
 * @typedef {import('./catalog.js').Difference} Difference
 * @typedef {{
 *   differences: Difference[],
 *   sql: string,
 *   remaining: Difference[]
 * }} Generated
 */

/** @param {string} url */
async function snapshot(url) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await catalogSnapshot(client);
	} finally {
		await client.end();
	}
}

/**
 * @param {string} url
 * @param {string} label
 * @param {string} sql
 */
async function apply(url, label, sql) {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await applyScript(client, label, sql);
	} finally {
		await client.end();
	}
}

/**
 * Build the migrations and the schema files on the server, and when their catalogs differ, the
 * statements that bring the first to the second: @pgkit/migra's, then `comment on`, grant and
 * revoke for the comments and privileges it leaves different. The statements are applied to a
 * third database built from the migrations, and `remaining` is what still differs after them
 * (empty when the migration is complete). Every database is dropped afterwards.
 * @param {string} server a connection string to the server, as a superuser
 * @param {{ migrations: SqlFile[], schemas: SqlFile[] }} files
 * @returns {Promise<Generated>}
 */
export async function generateMigration(server, files) {
	const [fromMigrations, fromSchemas] = await Promise.all([
		buildDatabase(server, 'migrations', files.migrations),
		buildDatabase(server, 'schemas', files.schemas)
	]);
	/** @type {import('./build.js').BuiltDatabase | undefined} */
	let check;
	try {
		const target = await snapshot(fromSchemas.url);
		const differences = diffCatalogs(await snapshot(fromMigrations.url), target);
		if (!differences.length) return { differences, sql: '', remaining: [] };

		const parts = [];
		const migra = await migraDiff(fromMigrations.url, fromSchemas.url);
		check = await buildDatabase(server, 'check', files.migrations);
		if (migra) {
			parts.push(migra);
			await apply(check.url, 'the statements migra wrote', migra);
		}
		const settle = settleStatements(diffCatalogs(await snapshot(check.url), target));
		if (settle.sql.length) {
			const sql = settle.sql.join('\n');
			parts.push(sql);
			await apply(check.url, 'the comment, grant and revoke statements', sql);
		}
		const remaining = diffCatalogs(await snapshot(check.url), target);
		return { differences, sql: parts.join('\n\n'), remaining };
	} finally {
		await Promise.all([fromMigrations.drop(), fromSchemas.drop(), check?.drop()]);
	}
}
