import { PGlite } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import bootstrapSql from '../../../../supabase/embedded-bootstrap.sql?raw';
import seedSql from '../../../../supabase/seed.sql?raw';
import { describeOpenFailure, DatabaseOpenError } from './open-errors';
import { loadSeedFiles } from './storage';

/** The migrations, bundled at build time so `node build` needs no source tree. */
const migrationFiles = import.meta.glob('/supabase/migrations/*.sql', {
	query: '?raw',
	import: 'default',
	eager: true
}) as Record<string, string>;

/** Files the demo seed's storage objects point at (metadata.seed_file), bundled as data URLs. */
const seedFileUrls = import.meta.glob('/supabase/seed-storage/*', {
	query: '?inline',
	import: 'default',
	eager: true
}) as Record<string, string>;

function seedFiles(): Record<string, Uint8Array> {
	return Object.fromEntries(
		Object.entries(seedFileUrls).map(([path, url]) => [
			path.split('/').pop() ?? path,
			new Uint8Array(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'))
		])
	);
}

export interface Migration {
	version: string;
	name: string;
	sql: string;
}

/** Migrations in the order Supabase applies them: by the timestamp that starts each file name. */
export function migrations(): Migration[] {
	return Object.entries(migrationFiles)
		.map(([path, sql]) => {
			const file = path.split('/').pop() ?? path;
			const [version = file, ...rest] = file.replace(/\.sql$/, '').split('_');
			return { version, name: rest.join('_'), sql };
		})
		.sort((a, b) => a.version.localeCompare(b.version));
}

export { bootstrapSql, seedSql };

const trackingSql = `
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  name text,
  applied_at timestamptz not null default now()
);
alter table supabase_migrations.schema_migrations enable row level security;
create schema if not exists embedded;
/** Mail the embedded backend would have sent; shown at /dev/mail. */
create table if not exists embedded.mail_outbox (
  id bigint generated always as identity primary key,
  to_address text not null,
  subject text not null,
  html text not null,
  sent_at timestamptz not null default now()
);
-- Added later (a demo database made before keeps its mail): the rest of what SMTP would carry.
alter table embedded.mail_outbox
  add column if not exists from_address text,
  add column if not exists reply_to text,
  add column if not exists text text,
  add column if not exists headers jsonb not null default '{}',
  add column if not exists attachments jsonb not null default '[]';
alter table embedded.mail_outbox enable row level security;
/** The bytes of stored files (Supabase Storage keeps them outside the database). */
create table if not exists embedded.storage_blobs (
  bucket_id text not null,
  name text not null,
  data bytea not null,
  primary key (bucket_id, name)
);
alter table embedded.storage_blobs enable row level security;
`;

export interface OpenOptions {
	/** A directory to persist into, or undefined for an in-memory database. */
	dataDir?: string;
	/** A dump from `dumpDataDir()` to start from (tests build the schema once and reuse it). */
	loadDataDir?: Blob | File;
	/** Apply supabase/seed.sql when the database is new. */
	seed?: boolean;
	/** Told what start-up is doing (the server prints it); silent when omitted. */
	log?: (line: string) => void;
}

/** PostgreSQL's codes for a disk that is full or files it cannot read (classes 53, 58, XX). */
function isStorageFailure(e: unknown): boolean {
	const code = (e as { code?: unknown } | null)?.code;
	return typeof code === 'string' && (/^(53100|58|XX)/.test(code) || code === 'ENOSPC');
}

/**
 * Whether pgcrypto's hashes work in this PGlite instance. Now and then (about one start in
 * fifteen, seen with PGlite 0.5) an instance comes up whose OpenSSL digests all fail with
 * 'Cannot use "sha256": Cipher cannot be initialized', which would refuse every sign-in (the
 * attempt counter hashes the address) for as long as the server runs; a new instance is fine.
 */
async function hashesWork(db: PGlite): Promise<boolean> {
	const { rows } = await db.query<{ installed: boolean }>(
		`select exists (select 1 from pg_catalog.pg_extension where extname = 'pgcrypto') as installed`
	);
	if (!rows[0]?.installed) return true;
	try {
		await db.query(
			`select extensions.digest('probe', 'sha256'), extensions.hmac('a', 'b', 'sha256')`
		);
		return true;
	} catch {
		return false;
	}
}

/**
 * PostgreSQL's own page cache inside PGlite's WebAssembly heap, which is part of the server's
 * resident memory and never given back: initdb's 128 MB is resident from start-up at
 * national scale. A page it does not hold is read from the data directory's files, which the
 * operating system caches outside the process. Measured at 2,000 groups: see README §Scale.
 */
const SHARED_BUFFERS = '32MB';

/** How many times a start tries for an instance whose hashes work (see hashesWork). */
const CRYPTO_TRIES = 6;

/**
 * Open PGlite, apply the bootstrap and any migrations not yet applied, and seed a new database;
 * an instance whose pgcrypto cannot hash is closed and opened again (the data kept).
 */
export async function openDatabase(options: OpenOptions = {}): Promise<PGlite> {
	let loadDataDir = options.loadDataDir;
	for (let attempt = 1; ; attempt++) {
		const db = await openOnce({ ...options, loadDataDir });
		if (await hashesWork(db)) return db;
		if (attempt === CRYPTO_TRIES) {
			await db.close().catch(() => {});
			throw new Error(
				`The embedded database's cryptography (pgcrypto) failed to start ${CRYPTO_TRIES} times.`
			);
		}
		console.warn('[database] pgcrypto could not hash in this instance: opening it again');
		// In memory, the data so far goes with it to the next instance.
		if (!options.dataDir) loadDataDir = await db.dumpDataDir('none');
		await db.close();
	}
}

async function openOnce(options: OpenOptions): Promise<PGlite> {
	const { dataDir, log } = options;
	if (dataDir) log?.(`Opening the database in ${dataDir}…`);
	let db: PGlite | undefined;
	try {
		db = new PGlite(dataDir ?? 'memory://', {
			extensions: { pgcrypto, pg_trgm },
			loadDataDir: options.loadDataDir,
			startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`]
		});
		await db.waitReady;
		// A damaged catalogue can open and fail at the first read: read once here.
		await db.query('select count(*) from pg_catalog.pg_class');
	} catch (e) {
		await db?.close().catch(() => {});
		throw dataDir ? describeOpenFailure(dataDir, e) : e;
	}
	try {
		await migrate(db, options.seed ?? false, log);
	} catch (e) {
		await db.close().catch(() => {});
		if (dataDir && (isStorageFailure(e) || (e as { errno?: unknown })?.errno !== undefined))
			throw describeOpenFailure(dataDir, e);
		throw e;
	}
	return db;
}

export { DatabaseOpenError };

/**
 * Bring a database up to date: each migration in its own transaction, as the Supabase CLI applies
 * them, so a failed one leaves the database at the last one that worked. (One transaction for
 * all of them cannot work once a migration adds a value to an enum: PostgreSQL will not let a
 * later statement use the value before the transaction that added it commits.) Returns the
 * versions applied now. A new database also gets the demo data when `seed` is set, in a
 * transaction of its own after the migrations.
 */
export async function migrate(
	db: PGlite,
	seed: boolean,
	log?: (line: string) => void
): Promise<string[]> {
	const done = await db.transaction(async (tx) => {
		await tx.exec(bootstrapSql);
		await tx.exec(trackingSql);
		const rows = await tx.query<{ version: string }>(
			'select version from supabase_migrations.schema_migrations'
		);
		return new Set(rows.rows.map((r) => r.version));
	});
	const applied: string[] = [];
	const pending = migrations().filter((m) => !done.has(m.version));
	if (pending.length)
		log?.(`Applying ${pending.length} migration${pending.length === 1 ? '' : 's'}…`);
	for (const m of pending) {
		await db.transaction(async (tx) => {
			await tx.exec(m.sql);
			await tx.query(
				'insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)',
				[m.version, m.name]
			);
		});
		applied.push(m.version);
	}
	if (done.size === 0 && seed) {
		log?.('Loading the demo data…');
		await db.transaction((tx) => tx.exec(seedSql));
		await loadSeedFiles(db, seedFiles());
	}
	return applied;
}
