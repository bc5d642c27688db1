/**
 * The rules behind Supabase's security linter (splinter, github.com/supabase/splinter), and a
 * few of the project's own, as SQL over the catalog. Each rule's query returns one row per
 * offending object (`offender`, a readable name); a clean schema returns none. The same rules
 * run on PGlite (tests/db/lint.test.ts) and PostgreSQL 15 (tests/pg/lint.test.ts), on the
 * database built from every migration, so whatever a later migration adds is checked too.
 *
 * Each rule runs in a transaction that is rolled back, with `search_path = ''` so that names
 * print fully qualified (`private.facilitates(uuid)`), whatever the connection's setting.
 */

/** Runs statements, in order, in one transaction that is rolled back; returns the last's rows. */
export type RunRolledBack = (
	statements: string[],
	params: unknown[]
) => Promise<{ offender: string }[]>;

export interface LintRule {
	name: string;
	/** What it guards against, for the reader of a failure. */
	why: string;
	/** Statements to run first, in the same rolled-back transaction. */
	setup?: string[];
	sql: string;
	/** Bound to $1, $2, … */
	params?: unknown[];
	/** An offence to plant (in the rolled-back transaction) and what the rule must then report. */
	planted: { setup: string[]; offender: string };
}

/**
 * Private functions signed-in clients may call, and why. Only what RLS policies or security
 * invoker page functions call belongs here; each definer helper answers only about the caller
 * or what the caller may see. Anything else in `private` is for the owner (triggers, security
 * definer functions) alone. A new entry needs a reason a reviewer can check.
 */
export const AUTHENTICATED_PRIVATE_FUNCTIONS: Record<string, string> = {
	'private.current_app_role()': "the caller's own role; policies on profiles and curricula",
	'private.check_session()':
		"PostgREST's db-pre-request hook: refuses a token whose session has ended, before every rpc",
	'private.session_is_live()':
		"whether the caller's own JWT session still exists (reads auth.sessions for that id alone); the storage.objects policies, since Storage runs no pre-request hook",
	'private.is_clinical_lead()': 'whether the caller is the lead; most read policies',
	'private.is_facilitator()': 'whether the caller is a facilitator; the invitations insert policy',
	'private.require_role(public.app_role[])':
		"refuses unless the caller's role fits; page functions",
	'private.facilitates(uuid)': 'whether the caller runs the group; point checks in functions',
	'private.my_group_ids()': 'the groups the caller runs, as a set; read policies, groups_page',
	'private.visible_group_spans()':
		"the session span of each group the caller may see, from the tallies; groups_page's phases",
	'private.my_family_group_ids()': 'the groups the caller is listed in, as a set; read policies',
	'private.my_session_ids()':
		"the sessions of the caller's groups, as a set; register and notes policies",
	'private.my_enrolment_ids()': "the caller's own enrolments, as a set; the register's read policy",
	'private.my_parent_ids()': "the parents in the caller's groups, as a set; the profiles policy",
	'private.my_course_ids()': 'the courses the caller trains, as a set; course and place policies',
	'private.my_booking_ids()':
		"the caller's bookings, as a set; place, invoice and payment policies",
	'private.search_pattern(text)':
		'a search box text as an escaped ilike pattern; list page functions',
	'private.page_window(integer,bigint,integer)':
		'which page of a list to show; list page functions',
	'private.paging_json(integer,integer,bigint)': "a list's paging facts; list page functions",
	'private.belongs_to(uuid)': 'whether the caller is listed in the group; read policies',
	'private.facilitates_parent(uuid)':
		'whether the caller runs a group of that parent; profiles policy',
	'private.attends(uuid)': 'whether the caller has a place in the group; my_session',
	'private.is_group_staff(uuid)':
		"whether the caller is the lead or the group's facilitator; policies",
	'private.require_group_staff(uuid)': "refuses unless the caller is the group's staff; group_page",
	'private.group_outcome_summary(uuid)':
		"a group's outcome figures, only for its staff (refuses anyone else first); group_page",
	'private.session_group(uuid)':
		'security invoker: a session the caller can read; register policies',
	'private.group_phase(uuid)': 'security invoker: the phase of a group the caller can read; pages',
	'private.facilitator_first_names(uuid)': "first names, only for the group's families and staff",
	'private.waitlist_position(uuid)': "a waitlist place, only for that parent or the group's staff",
	'private.absent_twice(uuid)': "flags on the group page, only for the group's staff",
	'private.group_reminders(uuid)':
		"a group's reminder times, only for its staff and families; group_page, my_messages",
	'private.parent_session(uuid)': "a session's parent view, only for its attendees and staff",
	'private.session_json(jsonb)': 'formats a session the caller already read; no lookups',
	'private.account_state(text)':
		'whether an account is set up, only for the lead, the inviter and the family’s facilitators',
	'private.parent_account_state(uuid)':
		'the same for a parent by id (group_page, invoker), only for the lead, the inviter and their facilitators',
	'private.clinic_contact()': "the clinic's public contact details, for signed-in people only",
	'private.may_facilitate(uuid)':
		'security invoker: whether an account may be put on a group, from records the caller can read; edit_group_page, new_group_form',
	'private.facilitator_refusal(uuid)':
		'security invoker: why an account may not be put on a group, from records the caller can read; may_facilitate',
	'private.facilitator_stage(uuid)':
		'security invoker: a stage on the facilitator pathway, from records the caller can read; new_group_form',
	'private.co_facilitated_group_ids(uuid,integer)':
		'security invoker: the groups a person runs with an accredited facilitator, of groups the caller can read; facilitator_stage',
	'private.clock()':
		"security invoker: now, plus the demo clock's offset that only the embedded backend sets; measure windows and the online training's opening",
	'private.london_today()':
		"today's date in London on the app's clock (nothing personal); facilitator_stage",
	'private.may_open_online_file(text)':
		'whether the caller may have an online-training file; the storage.objects read policy',
	'private.region()':
		"which UK nation's bank holidays apply (nothing personal); group_page, new_group_form",
	'private.manages_training()':
		'whether the caller is the training admin or the lead; course read policies',
	'private.trains(uuid)': 'whether the caller trains the course; course_places policy',
	'private.booked(uuid)': 'whether the caller made the booking; booking, invoice, payment policies',
	'private.consults(uuid)':
		"whether the caller is the group's named consultant; the consultations read policy",
	'private.consulted_groups()':
		'the id and name of the groups the caller consults for, only theirs; groups_page',
	'private.family_measures(uuid)':
		"one family's measures and their states, only for that family's parent or the group's staff (null otherwise); parent_home",
	'private.outcome_enrolment_ids()':
		"the enrolments whose outcomes the caller may read (their own, their groups'); outcome policies",
	'private.fidelity_items(uuid)':
		'security invoker: a curriculum version’s checklist items, as RLS lets the caller read them (staff); curriculum_page'
};

/**
 * Security definer functions anyone with the public key may call (anon), and why. Each is a
 * public page's data, returns only what that page shows, and writes nothing. A new entry needs a
 * reason a reviewer can check (and a test of exactly what it returns).
 */
export const ANON_DEFINER_FUNCTIONS: Record<string, string> = {
	'private.check_session()':
		"PostgREST's db-pre-request hook, which runs for every request as its role, anon too: it reads only auth.sessions for the caller's own JWT session_id (API keys have none and pass) and returns nothing; tests/db/auth-revoked.test.ts",
	'public.next_groups()':
		'the public /next-groups page: groups open for enrolment, their area (never the address), places left and funding, and the clinic contact; tests/db/public-pages.test.ts compares its keys with an allow-list',
	'public.courses_page()':
		'the public /courses list: upcoming published courses, dates, venue name and postcode district, fee range, places left; never a booker, an attendee or money taken; tests/db/course-pages.test.ts compares its keys with an allow-list',
	'public.course_page(text)':
		'the public /courses/<slug> page: a published course (null for a draft), its content, days, venue, trainers by name, fee tiers and places left; never a booker, an attendee or money taken; tests/db/course-pages.test.ts compares its keys with an allow-list',
	'public.certificate_check(text)':
		'the public /certificates/<code> check: whether a code is live, with only the name, course title and dates printed on it (nothing else about the person); tests/db/certificates.test.ts compares its keys with an allow-list'
};

const SCHEMAS = "('public', 'private')";

/** Functions in our schemas, leaving out any that belong to an extension. */
const OUR_FUNCTIONS = `
  pg_catalog.pg_proc p
  join pg_catalog.pg_namespace n on n.oid = p.pronamespace
  where n.nspname in ${SCHEMAS}
    and not exists (select 1 from pg_catalog.pg_depend d
                    where d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
                      and d.objid = p.oid and d.deptype = 'e')`;

export const LINT_RULES: LintRule[] = [
	{
		name: 'function_search_path_mutable',
		why: "splinter 0011: a function without search_path = '' resolves names through the caller's path",
		sql: `
      select p.oid::pg_catalog.regprocedure::text as offender
      from ${OUR_FUNCTIONS}
        and not coalesce('search_path=""' = any (p.proconfig), false)
      order by 1`,
		planted: {
			setup: ['create function public.lint_planted() returns int language sql as $$ select 1 $$'],
			offender: 'public.lint_planted()'
		}
	},
	{
		name: 'anon_security_definer_function_executable',
		why: 'splinter 0028: a security definer function anon can execute runs as its owner for anyone with the public key (unless a public page needs it: ANON_DEFINER_FUNCTIONS says which and why)',
		sql: `
      select p.oid::pg_catalog.regprocedure::text as offender
      from ${OUR_FUNCTIONS}
        and p.prosecdef
        and pg_catalog.has_function_privilege('anon', p.oid, 'EXECUTE')
        and p.oid::pg_catalog.regprocedure::text <> all ($1::text[])
      order by 1`,
		params: [Object.keys(ANON_DEFINER_FUNCTIONS)],
		planted: {
			setup: [
				"create function public.lint_planted() returns int language sql security definer set search_path = '' as $$ select 1 $$",
				'grant execute on function public.lint_planted() to anon'
			],
			offender: 'public.lint_planted()'
		}
	},
	{
		name: 'function_executable_by_public',
		why: 'every function is granted to the roles that need it, never to PUBLIC (which includes anon)',
		sql: `
      select p.oid::pg_catalog.regprocedure::text as offender
      from ${OUR_FUNCTIONS}
        and (p.proacl is null
             or exists (select 1 from pg_catalog.aclexplode(p.proacl) a
                        where a.grantee = 0 and a.privilege_type = 'EXECUTE'))
      order by 1`,
		planted: {
			setup: [
				"create function private.lint_planted() returns int language sql set search_path = '' as $$ select 1 $$",
				'grant execute on function private.lint_planted() to public'
			],
			offender: 'private.lint_planted()'
		}
	},
	{
		name: 'sequence_privileges_for_clients',
		why: 'a client that can use, read or set a sequence can break every insert that draws from it (setval as anon made audited writes fail)',
		sql: `
      select c.oid::pg_catalog.regclass::text || ': ' || r.role || ' has ' || v.privilege as offender
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      cross join (values ('anon'), ('authenticated')) r (role)
      cross join (values ('USAGE'), ('SELECT'), ('UPDATE')) v (privilege)
      where c.relkind = 'S' and n.nspname in ${SCHEMAS}
        and pg_catalog.has_sequence_privilege(r.role, c.oid, v.privilege)
      order by 1`,
		planted: {
			setup: [
				'create sequence public.lint_planted_seq',
				'grant usage on sequence public.lint_planted_seq to authenticated'
			],
			offender: 'public.lint_planted_seq: authenticated has USAGE'
		}
	},
	{
		name: 'rls_disabled',
		why: 'splinter 0013 (and the same for private): a table without Row Level Security is open to every grant',
		sql: `
      select c.oid::pg_catalog.regclass::text as offender
      from pg_catalog.pg_class c
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and n.nspname in ${SCHEMAS} and not c.relrowsecurity
      order by 1`,
		planted: {
			setup: ['create table private.lint_planted (id int)'],
			offender: 'private.lint_planted'
		}
	},
	{
		name: 'multiple_permissive_policies',
		why: 'splinter 0006: several permissive policies for one table, role and action are each run for every row',
		sql: `
      select c.oid::pg_catalog.regclass::text || ' ' || r.rolname || ' ' || act.cmd || ': '
          || pg_catalog.string_agg(p.polname, ', ' order by p.polname) as offender
      from pg_catalog.pg_policy p
      join pg_catalog.pg_class c on c.oid = p.polrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      join pg_catalog.pg_roles r on p.polroles @> array[r.oid] or p.polroles = array[0::oid]
      cross join lateral pg_catalog.unnest(case p.polcmd
          when 'r' then array['SELECT'] when 'a' then array['INSERT']
          when 'w' then array['UPDATE'] when 'd' then array['DELETE']
          else array['SELECT', 'INSERT', 'UPDATE', 'DELETE'] end) act (cmd)
      where c.relkind = 'r' and p.polpermissive and n.nspname in ${SCHEMAS}
        and r.rolname not like 'pg\\_%' and r.rolname not like 'supabase%admin'
        and not r.rolbypassrls
      group by c.oid, r.rolname, act.cmd
      having count(*) > 1
      order by 1`,
		planted: {
			setup: [
				'create table public.lint_planted (id int)',
				'alter table public.lint_planted enable row level security',
				'create policy "First" on public.lint_planted for select to authenticated using (true)',
				'create policy "Second" on public.lint_planted for all to authenticated using (true)'
			],
			offender: 'public.lint_planted authenticated SELECT: First, Second'
		}
	},
	{
		name: 'policy_runs_per_row',
		why: 'a policy that calls a function with a column (private.facilitates(group_id)) or runs a correlated exists() is worked out again for every row; at national scale that was 450 ms for one facilitator reading their sessions. Ask `group_id in (select private.my_group_ids())` instead: a set, made once per query',
		sql: `
      select c.oid::pg_catalog.regclass::text || ': ' || p.polname as offender
      from pg_catalog.pg_policy p
      join pg_catalog.pg_class c on c.oid = p.polrelid
      join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      cross join lateral (select coalesce(pg_catalog.pg_get_expr(p.polqual, p.polrelid), '') || ' '
          || coalesce(pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid), '') as expr) e
      where n.nspname in ${SCHEMAS}
        -- a schema-qualified call with an argument, e.g. private.facilitates(group_id)
        and (e.expr ~* '[a-z_]+\\.[a-z_]+\\([^)]' or e.expr ~* 'exists\\s*\\(')
      order by 1`,
		planted: {
			setup: [
				'create table public.lint_planted (id uuid)',
				'alter table public.lint_planted enable row level security',
				'create policy "Per row" on public.lint_planted for select to authenticated using ((select private.facilitates(id)))'
			],
			offender: 'public.lint_planted: Per row'
		}
	},
	{
		name: 'private_function_not_on_allow_list',
		why: 'only the private helpers that policies and invoker page functions need may be called by signed-in clients (tests/shared/lint-rules.ts lists them, with reasons)',
		sql: `
      with executable as (
        select p.oid::pg_catalog.regprocedure::text as fn
        from ${OUR_FUNCTIONS}
          and n.nspname = 'private'
          and pg_catalog.has_function_privilege('authenticated', p.oid, 'EXECUTE')
      )
      select fn || ' is executable by authenticated but not on the allow-list' as offender
      from executable where fn <> all ($1::text[])
      union all
      select a.fn || ' is on the allow-list but not an executable private function' as offender
      from pg_catalog.unnest($1::text[]) a (fn)
      where a.fn not in (select fn from executable)
      order by 1`,
		params: [Object.keys(AUTHENTICATED_PRIVATE_FUNCTIONS)],
		planted: {
			setup: [
				"create function private.lint_planted() returns int language sql set search_path = '' as $$ select 1 $$",
				'grant execute on function private.lint_planted() to authenticated'
			],
			offender: 'private.lint_planted() is executable by authenticated but not on the allow-list'
		}
	},
	{
		name: 'private_function_takes_table_row',
		why: 'a helper clients can call must look rows up itself: given a row, it would trust whatever the caller put in it',
		sql: `
      select p.oid::pg_catalog.regprocedure::text as offender
      from ${OUR_FUNCTIONS}
        and n.nspname = 'private'
        and pg_catalog.has_function_privilege('authenticated', p.oid, 'EXECUTE')
        and exists (
          select 1 from pg_catalog.unnest(p.proargtypes::oid[]) a (type)
          join pg_catalog.pg_type t on t.oid = a.type
          left join pg_catalog.pg_type e on e.oid = t.typelem and t.typcategory = 'A'
          join pg_catalog.pg_class r on r.oid in (t.typrelid, e.typrelid)
          where r.relkind in ('r', 'p', 'v', 'm', 'f'))
      order by 1`,
		planted: {
			setup: [
				"create function private.lint_planted(s public.sessions) returns int language sql set search_path = '' as $$ select 1 $$",
				'grant execute on function private.lint_planted(public.sessions) to authenticated'
			],
			offender: 'private.lint_planted(public.sessions)'
		}
	},
	{
		name: 'new_objects_are_private_by_default',
		why: 'default privileges: a function or sequence a later migration adds is not open to anon or PUBLIC (nor, in private, to authenticated) until that migration grants it',
		setup: [
			'create function public.lint_probe() returns int language sql as $$ select 1 $$',
			'create function private.lint_probe() returns int language sql as $$ select 1 $$',
			'create sequence public.lint_probe_seq',
			'create sequence private.lint_probe_seq'
		],
		sql: `
      select f.fn || ' is executable by ' || r.role as offender
      from (values ('public.lint_probe()'), ('private.lint_probe()')) f (fn)
      cross join (values ('anon'), ('public')) r (role)
      where pg_catalog.has_function_privilege(r.role, f.fn::pg_catalog.regprocedure, 'EXECUTE')
      union all
      select 'private.lint_probe() is executable by authenticated'
      where pg_catalog.has_function_privilege('authenticated', 'private.lint_probe()'::pg_catalog.regprocedure, 'EXECUTE')
      union all
      select s.seq || ': ' || r.role || ' has ' || v.privilege
      from (values ('public.lint_probe_seq'), ('private.lint_probe_seq')) s (seq)
      cross join (values ('anon'), ('authenticated')) r (role)
      cross join (values ('USAGE'), ('SELECT'), ('UPDATE')) v (privilege)
      where pg_catalog.has_sequence_privilege(r.role, s.seq::pg_catalog.regclass, v.privilege)
      order by 1`,
		planted: {
			setup: ['alter default privileges in schema public grant execute on functions to anon'],
			offender: 'public.lint_probe() is executable by anon'
		}
	}
];

/**
 * A rule's offenders, run through the harness's rolled-back transaction; with `planted`, after
 * planting the rule's example offence (to show the rule can fail).
 */
export async function offenders(
	rule: LintRule,
	run: RunRolledBack,
	options: { planted?: boolean } = {}
): Promise<string[]> {
	const rows = await run(
		[
			"set local search_path = ''",
			...(options.planted ? rule.planted.setup : []),
			...(rule.setup ?? []),
			rule.sql
		],
		rule.params ?? []
	);
	return rows.map((r) => r.offender);
}
