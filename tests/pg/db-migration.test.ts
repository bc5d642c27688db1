/**
 * `npm run db:migration`: with the schema files as they are it writes nothing and says so; after
 * a schema change it writes the statements that make the migrations build the changed database
 * (migra's, plus the comments and privileges migra leaves out), checked by applying them.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrationsDir, root, schemasDir, sqlFiles } from '../../scripts/db/build.js';
import { describeDifferences } from '../../scripts/db/catalog.js';
import { generateMigration } from '../../scripts/db/generate.js';
import { serverUrl } from './harness';

const run = promisify(execFile);

describe('npm run db:migration', () => {
	it('says plainly that there is no difference, and writes nothing, when the schema files match', async () => {
		// --check, so that a schema edit not yet migrated fails here without writing a file
		const before = sqlFiles(migrationsDir).map((f) => f.name);
		const { stdout } = await run(
			process.execPath,
			[join(root, 'scripts', 'db-migration.js'), '--check'],
			{ env: { ...process.env, PG_TEST_URL: serverUrl() } }
		);
		expect(stdout).toMatch(/^No difference: the \d+ migrations build exactly the database/);
		expect(sqlFiles(migrationsDir).map((f) => f.name)).toEqual(before);
	});

	it('refuses a name that is not lower case with underscores, before building anything', async () => {
		await expect(
			run(process.execPath, [join(root, 'scripts', 'db-migration.js'), 'Add Reminders'], {
				env: { ...process.env, PG_TEST_URL: serverUrl() }
			})
		).rejects.toMatchObject({ code: 2, stderr: expect.stringMatching(/^usage: /) });
	});

	it('writes, for a schema change, statements that leave no difference once applied', async () => {
		// A change as someone might make it in supabase/schemas/: a new table with its comments,
		// RLS, a policy and narrowed grants; a changed function; a changed comment; a dropped
		// function; a new column with a check.
		const change = {
			name: '99_planted.sql',
			path: join(schemasDir, '99_planted.sql'),
			sql: `
create table public.reminders (
  id uuid primary key default gen_random_uuid(),
  group_id uuid not null references public.groups (id) on delete cascade
);
comment on table public.reminders is 'Reminders the server sends before each session.';
comment on column public.reminders.group_id is 'The group whose session it is.';
alter table public.reminders enable row level security;
create policy "The clinical lead can read reminders" on public.reminders
  for select to authenticated using ((select private.is_clinical_lead()));
revoke insert, update, delete, truncate on public.reminders from anon, authenticated;
alter table public.interest_list add column referred_by text check (length(referred_by) <= 100);
create or replace function private.rate(part int, whole int) returns numeric
language sql immutable set search_path = ''
as $$
  select case when whole > 0 then round(100.0 * part / whole, 2) end
$$;
comment on table public.groups is 'Closed cohorts of at most the programme''s places.';
drop function public.new_group_form();
`
		};
		const generated = await generateMigration(serverUrl(), {
			migrations: sqlFiles(migrationsDir),
			schemas: [...sqlFiles(schemasDir), change]
		});
		expect(describeDifferences(generated.remaining, { from: 'after it', to: 'schemas' })).toBe('');
		expect(generated.differences.map((d) => d.key)).toEqual(
			expect.arrayContaining([
				'table public.reminders',
				'column public.interest_list.referred_by',
				'function private.rate(part integer, whole integer)',
				'table public.groups',
				'function public.new_group_form()'
			])
		);
		expect(generated.sql).toContain('create table "public"."reminders"');
		expect(generated.sql).toContain('drop function if exists "public"."new_group_form"()');
		expect(generated.sql).toContain(
			"comment on table public.reminders is 'Reminders the server sends before each session.';"
		);
		expect(generated.sql).toContain('revoke insert on table public.reminders from anon;');
		expect(generated.sql).toMatch(/create or replace function private\.rate/i);
	});
});
