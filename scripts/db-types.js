// `npm run db:types`: regenerate src/lib/database.types.ts. Builds a throw-away database from
// supabase/embedded-bootstrap.sql and every migration on the PostgreSQL 15 server at PG_TEST_URL
// (the npm script starts a private cluster with scripts/with-pg.sh), generates the types from
// it, writes the file and drops the database.
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import pg from 'pg';
import { generateTypes, schemaScripts, TYPES_FILE } from './db-types/generate.js';

const server = process.env.PG_TEST_URL;
if (!server) {
	console.error('PG_TEST_URL is not set: run `npm run db:types`, which starts PostgreSQL 15.');
	process.exit(2);
}

const name = `rg_types_${randomBytes(4).toString('hex')}`;
const url = new URL(server);
url.pathname = `/${name}`;

async function onServer(sql) {
	const admin = new pg.Client({ connectionString: server });
	await admin.connect();
	try {
		await admin.query(sql);
	} finally {
		await admin.end();
	}
}

await onServer(`create database ${name}`);
try {
	const db = new pg.Client({ connectionString: url.toString() });
	await db.connect();
	try {
		for (const script of schemaScripts()) {
			try {
				await db.query(script.sql);
			} catch (e) {
				throw new Error(`${script.name}: ${e.message}`, { cause: e });
			}
		}
	} finally {
		await db.end();
	}
	const types = await generateTypes(url.toString());
	const before = readFileSync(TYPES_FILE, 'utf8');
	writeFileSync(TYPES_FILE, types);
	console.log(
		`${relative(process.cwd(), TYPES_FILE)} ${before === types ? 'is unchanged' : 'was updated'}.`
	);
} finally {
	await onServer(`drop database if exists ${name} with (force)`);
}
