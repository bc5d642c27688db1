// Build throw-away databases on a PostgreSQL server from the project's SQL: the bootstrap, then
// either every migration (the deployable history) or every schema file (the current definition).
// Used by `npm run db:migration` and by the pg suite's check that both build the same database.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const root = join(import.meta.dirname, '..', '..');
export const migrationsDir = join(root, 'supabase', 'migrations');
export const schemasDir = join(root, 'supabase', 'schemas');

/**
 * @typedef {{ name: string, path: string, sql: string }} SqlFile
 * @typedef {{ name: string, url: string, drop: () => Promise<void> }} BuiltDatabase
 */

/**
 * The `.sql` files of a directory in the order they apply: by name (a migration's name starts
 * with its timestamp, a schema file's with its number).
 * @param {string} dir
 * @returns {SqlFile[]}
 */
export function sqlFiles(dir) {
	return readdirSync(dir)
		.filter((name) => name.endsWith('.sql'))
		.sort()
		.map((name) => {
			const path = join(dir, name);
			return { name, path, sql: readFileSync(path, 'utf8') };
		});
}

/**
 * The version for a new migration: the time now (UTC, YYYYMMDDHHMMSS), or one second after the
 * newest migration's when that is later, so the new one always applies last.
 * @param {Date} [now]
 * @returns {string}
 */
export function nextMigrationVersion(now = new Date()) {
	const stamp = (/** @type {Date} */ d) => d.toISOString().replace(/\D/g, '').slice(0, 14);
	const newest = sqlFiles(migrationsDir).at(-1)?.name.slice(0, 14) ?? '';
	if (stamp(now) > newest) return stamp(now);
	const m = /^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/.exec(newest);
	if (!m) throw new Error(`cannot read the version of the newest migration: ${newest}`);
	const [y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0] = m.slice(1).map(Number);
	return stamp(new Date(Date.UTC(y, mo - 1, d, h, mi, s + 1)));
}

/** @returns {SqlFile} */
export function bootstrapFile() {
	const path = join(root, 'supabase', 'embedded-bootstrap.sql');
	return { name: 'embedded-bootstrap.sql', path, sql: readFileSync(path, 'utf8') };
}

/**
 * Where in `sql` a PostgreSQL error points, as " at line N: <that line>".
 * @param {string} sql
 * @param {{ position?: string }} err
 */
function locate(sql, err) {
	const pos = Number(err.position);
	if (!pos) return '';
	const line = sql.slice(0, pos - 1).split('\n').length;
	return ` at line ${line}: ${sql.split('\n')[line - 1]?.trim() ?? ''}`;
}

/**
 * Run one script, turning a failure into an error naming the file, line and SQLSTATE.
 * Returns how long it took, in milliseconds.
 * @param {pg.Client} client
 * @param {string} name
 * @param {string} sql
 * @returns {Promise<number>}
 */
export async function applyScript(client, name, sql) {
	const started = performance.now();
	try {
		await client.query(sql);
	} catch (e) {
		const err = /** @type {pg.DatabaseError} */ (e);
		const details = [
			err.detail && `detail: ${err.detail}`,
			err.hint && `hint: ${err.hint}`,
			err.where && `where: ${err.where}`,
			err.internalQuery && `internal query: ${err.internalQuery}`
		].filter(Boolean);
		throw new Error(
			`${name} failed on PostgreSQL${locate(sql, err)}\n  ${err.code ?? ''} ${err.message}` +
				(details.length ? `\n  ${details.join('\n  ')}` : ''),
			{ cause: e }
		);
	}
	return Math.round(performance.now() - started);
}

/**
 * @param {string} url
 * @param {string} name
 */
export function withDatabase(url, name) {
	const u = new URL(url);
	u.pathname = `/${name}`;
	return u.toString();
}

/**
 * The bootstrap creates the API roles when they are missing, and roles belong to the whole
 * server: two databases bootstrapped at once on a new server would both try to create them.
 * So builds in this process take turns at the bootstrap (the rest runs side by side).
 */
let bootstrapTurn = Promise.resolve();

/**
 * Create a uniquely named database on the server at `serverUrl` and apply the bootstrap, then
 * `files` in order. A failure drops the database and says which file and line failed.
 * @param {string} serverUrl a connection string to any database on the server, as a superuser
 * @param {string} label part of the database's name, to tell them apart (e.g. "schemas")
 * @param {SqlFile[]} files
 * @returns {Promise<BuiltDatabase>}
 */
export async function buildDatabase(serverUrl, label, files) {
	const name = `rg_${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
	const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = withDatabase(serverUrl, name);
	const drop = async () => {
		const c = new pg.Client({ connectionString: serverUrl });
		await c.connect();
		try {
			await c.query(`drop database if exists ${name} with (force)`);
		} finally {
			await c.end();
		}
	};
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
		const bootstrap = bootstrapFile();
		const turn = bootstrapTurn.then(() =>
			applyScript(client, 'supabase/embedded-bootstrap.sql', bootstrap.sql)
		);
		bootstrapTurn = turn.then(
			() => {},
			() => {}
		);
		await turn;
		for (const f of files) await applyScript(client, f.path.slice(root.length + 1), f.sql);
	} catch (e) {
		await client.end().catch(() => {});
		await drop().catch(() => {});
		throw e;
	}
	await client.end();
	return { name, url, drop };
}
