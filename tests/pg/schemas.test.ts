/**
 * The schema files (supabase/schemas/) and the migrations (supabase/migrations/) build the same
 * database on PostgreSQL 15: the same functions, policies, tables and columns, constraints,
 * grants, triggers, indexes, RLS flags, comments, types and default privileges. The catalog is
 * compared directly (scripts/db/catalog.js) and through migra, which generates migrations from
 * the schemas, so a change made in only one place fails here, listing what differs.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	buildDatabase,
	migrationsDir,
	schemasDir,
	sqlFiles,
	type BuiltDatabase
} from '../../scripts/db/build.js';
import {
	catalogSnapshot,
	describeDifferences,
	diffCatalogs,
	type Catalog
} from '../../scripts/db/catalog.js';
import { migraDiff } from '../../scripts/db/migra.js';
import { serverUrl } from './harness';

let fromMigrations: BuiltDatabase | undefined;
let fromSchemas: BuiltDatabase | undefined;
let migrationsCatalog: Catalog;
let schemasCatalog: Catalog;

async function snapshot(url: string, plant: string[] = []): Promise<Catalog> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		if (!plant.length) return await catalogSnapshot(client);
		await client.query('begin');
		try {
			for (const sql of plant) await client.query(sql);
			return await catalogSnapshot(client);
		} finally {
			await client.query('rollback');
		}
	} finally {
		await client.end();
	}
}

beforeAll(async () => {
	const server = serverUrl();
	[fromMigrations, fromSchemas] = await Promise.all([
		buildDatabase(server, 'migrations', sqlFiles(migrationsDir)),
		buildDatabase(server, 'schemas', sqlFiles(schemasDir))
	]);
	[migrationsCatalog, schemasCatalog] = await Promise.all([
		snapshot(fromMigrations.url),
		snapshot(fromSchemas.url)
	]);
});

afterAll(async () => {
	await Promise.all([fromMigrations?.drop(), fromSchemas?.drop()]);
});

describe('migrations and schema files', () => {
	it('build the same catalog (run `npm run db:migration -- <name>` after editing a schema file)', () => {
		const differences = diffCatalogs(migrationsCatalog, schemasCatalog);
		expect(describeDifferences(differences, { from: 'migrations', to: 'schemas' })).toBe('');
		// and the comparison saw the whole schema, not an empty one
		expect(schemasCatalog.size).toBeGreaterThan(500);
	});

	it('leave migra nothing to migrate', async () => {
		expect(await migraDiff(fromMigrations!.url, fromSchemas!.url)).toBe('');
	});

	it('give every table, view and function in public and private a comment', () => {
		const uncommented = [...migrationsCatalog]
			.filter(([key]) => /^(table|view|function) (public|private)\./.test(key))
			.filter(([, facts]) => !facts.comment)
			.map(([key]) => key);
		expect(uncommented).toEqual([]);
	});
});

describe('the schema files', () => {
	const files = sqlFiles(schemasDir);

	it('are numbered, one feature each, and start with a header saying what the feature is', () => {
		expect(files.length).toBeGreaterThanOrEqual(5);
		for (const f of files) {
			expect(f.name, f.name).toMatch(/^\d\d_[a-z_]+\.sql$/);
			expect(f.sql.split('\n')[0], f.name).toMatch(/^-- [A-Z].+/);
		}
	});

	it('define each object once: no create or replace, alter … add, drop, or alter function', () => {
		// Strip comments and function bodies first: only the statements themselves count.
		const churn =
			/\b(create\s+or\s+replace|alter\s+table\s+\S+\s+(add|drop|alter)|drop\s+(function|table|policy|trigger|index|view|type)|alter\s+(function|policy))\b/gi;
		const found = files.flatMap((f) =>
			[...statementsOnly(f.sql).matchAll(churn)].map((m) => `${f.name}: ${m[0]}`)
		);
		expect(found).toEqual([]);
		const created = files.flatMap((f) =>
			[...statementsOnly(f.sql).matchAll(/\bcreate\s+function\s+([\w.]+)\s*\(/gi)].map((m) => m[1])
		);
		expect(created.filter((name, i) => created.indexOf(name) !== i)).toEqual([]);
	});

	it('hold no data: no statement inserts, updates, deletes or selects', () => {
		const data = files.flatMap((f) =>
			statementsOnly(f.sql)
				.split(';')
				.map((statement) => statement.trim())
				.filter((statement) => /^(insert|update|delete|select|with|copy)\b/i.test(statement))
				.map((statement) => `${f.name}: ${statement.slice(0, 80)}`)
		);
		expect(data).toEqual([]);
	});
});

describe('the comparison notices a change of each kind (so a pass means something)', () => {
	// Each change is made in a transaction on the database built from the schema files, read,
	// and rolled back; the comparison must report the object and the fact that changed.
	const planted: [what: string, sql: string, key: string, field: string | null][] = [
		[
			'a function body',
			`create or replace function private.rate(part int, whole int) returns numeric
			 language sql immutable set search_path = '' as $$ select 1.0 $$`,
			'function private.rate(part integer, whole integer)',
			'source'
		],
		[
			'a function volatility',
			'alter function private.is_clinical_lead() volatile',
			'function private.is_clinical_lead()',
			'volatility'
		],
		[
			'a function security',
			'alter function public.my_profile() security definer',
			'function public.my_profile()',
			'security_definer'
		],
		[
			'a function search_path',
			'alter function public.my_profile() reset search_path',
			'function public.my_profile()',
			'settings'
		],
		[
			'a function privilege',
			'grant execute on function public.run_scheduled_jobs(timestamptz) to authenticated',
			'function public.run_scheduled_jobs(as_of timestamp with time zone)',
			'privileges'
		],
		[
			'a policy condition',
			`alter policy "The clinical lead can read the audit log" on public.audit_log using (true)`,
			'policy public.audit_log.The clinical lead can read the audit log',
			'using'
		],
		[
			'a policy role',
			`alter policy "The clinical lead can read the audit log" on public.audit_log to authenticated, anon`,
			'policy public.audit_log.The clinical lead can read the audit log',
			'roles'
		],
		[
			'a policy check',
			`alter policy "Group staff can raise concerns" on public.concerns with check (true)`,
			'policy public.concerns.Group staff can raise concerns',
			'with_check'
		],
		[
			'a column type',
			'alter table public.interest_list alter column note type varchar(500)',
			'column public.interest_list.note',
			'type'
		],
		[
			'a column default',
			`alter table public.groups alter column capacity set default 11`,
			'column public.groups.capacity',
			'default'
		],
		[
			'a column nullability',
			'alter table public.groups alter column audience drop not null',
			'column public.groups.audience',
			'not_null'
		],
		[
			'a new column',
			'alter table public.groups add column colour text',
			'column public.groups.colour',
			null
		],
		[
			'a constraint',
			'alter table public.groups drop constraint groups_capacity_check',
			'constraint public.groups.groups_capacity_check',
			null
		],
		[
			'a table privilege',
			'grant select on public.notifications to authenticated',
			'table public.notifications',
			'privileges'
		],
		[
			'a column privilege',
			'grant update (role) on public.profiles to authenticated',
			'column public.profiles.role',
			'privileges'
		],
		[
			'a sequence privilege',
			'grant usage on sequence public.audit_log_id_seq to anon',
			'sequence public.audit_log_id_seq',
			'privileges'
		],
		[
			'a trigger',
			'drop trigger groups_capacity on public.groups',
			'trigger public.groups.groups_capacity',
			null
		],
		['an index', 'drop index public.groups_status_idx', 'index public.groups_status_idx', null],
		[
			'row level security',
			'alter table public.programmes disable row level security',
			'table public.programmes',
			'row_level_security'
		],
		[
			'forced row level security',
			'alter table public.programmes force row level security',
			'table public.programmes',
			'force_row_level_security'
		],
		[
			'a comment',
			`comment on table public.groups is 'Something else.'`,
			'table public.groups',
			'comment'
		],
		[
			'a column comment',
			`comment on column public.groups.name is 'Its name.'`,
			'column public.groups.name',
			'comment'
		],
		[
			'an enum',
			`alter type public.concern_urgency add value 'urgent'`,
			'type public.concern_urgency',
			'labels'
		],
		[
			'default privileges',
			'alter default privileges in schema public grant select on tables to supabase_auth_admin',
			'default privileges for postgres in public on tables',
			'privileges'
		],
		[
			'a schema privilege',
			'revoke usage on schema private from anon',
			'schema private',
			'privileges'
		],
		[
			'a view',
			`do $$ begin execute 'create or replace view private.review_group_facts as '
			   || replace(pg_get_viewdef('private.review_group_facts'), ', 20)', ', 19)'); end $$`,
			'view private.review_group_facts',
			'view_definition'
		],
		[
			'a new function',
			`create function private.planted() returns int language sql as $$ select 1 $$`,
			'function private.planted()',
			null
		]
	];

	it.each(planted)('%s', async (_what, sql, key, field) => {
		const changed = await snapshot(fromSchemas!.url, [sql]);
		const differences = diffCatalogs(schemasCatalog, changed);
		const found = differences.find((d) => d.key === key);
		expect(found, describeDifferences(differences, { from: 'before', to: 'after' })).toBeDefined();
		if (field) expect(found?.fields.map((f) => f.field)).toContain(field);
	});
});

/** The statements of a SQL file with comments and $$-quoted function bodies blanked out. */
function statementsOnly(sql: string): string {
	return sql
		.replace(/\$\$[\s\S]*?\$\$/g, '$$ $$')
		.replace(/\/\*[\s\S]*?\*\//g, '')
		.replace(/--[^\n]*/g, '')
		.replace(/'(?:[^']|'')*'/g, "''");
}
