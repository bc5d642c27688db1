// The SQL that turns one database's schema into another's, as @pgkit/migra writes it (a port of
// djrobstep's migra: no Docker, just two connections). It compares tables, columns,
// constraints, indexes, views, functions, triggers, policies, types and (asked here) grants,
// but not comments or default privileges: scripts/db/catalog.js covers those.
import { createClient } from '@pgkit/client';
import { run } from '@pgkit/migra';

/**
 * @param {string} fromUrl the database as it is (built from the migrations)
 * @param {string} toUrl the database as it should be (built from the schema files)
 * @returns {Promise<string>} the statements, or '' when there is nothing to change
 */
export async function migraDiff(fromUrl, toUrl) {
	const from = createClient(fromUrl);
	const to = createClient(toUrl);
	try {
		// unsafe: drops are allowed, since a person reads every generated migration before it lands
		const migration = await run(from, to, { withPrivileges: true, unsafe: true });
		return migration.sql.trim();
	} finally {
		await from.end();
		await to.end();
	}
}
