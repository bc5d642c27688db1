// What a database's schema is, read from PostgreSQL's catalog, and the differences between two.
//
// Each object becomes one entry, keyed by its kind and name ("function private.rate(integer,
// integer)", "policy public.groups.<name>"), holding the facts that make it what it is: a
// function's source, volatility, security, settings and grants; a table's columns, flags,
// grants and comment; and so on. Two databases built different ways (the migrations, the
// schema files) are the same schema exactly when their entries are equal. Nothing here reads
// rows, so reference data (programmes, the curriculum) is left out on purpose.
//
// Privileges are compared as sets of (grantee, privilege, grantor, grantable), with a missing
// ACL read as the object's default, so the order grants were made in does not matter.

/**
 * @typedef {Record<string, unknown>} Facts
 * @typedef {Map<string, Facts>} Catalog
 * @typedef {{ key: string, change: 'missing' | 'extra' | 'differs', fields: { field: string, from: unknown, to: unknown }[] }} Difference
 * @typedef {{ query: (sql: string) => Promise<{ rows: any[] }> }} Queryable
 */

/** Schemas that hold no project objects. */
const SYSTEM = `n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
  and n.nspname not like 'pg_temp_%' and n.nspname not like 'pg_toast_temp_%'`;

/**
 * An ACL (or the object's default one when null) as a sorted, comparable text.
 * @param {string} expr the ACL column
 * @param {string} kind SQL for the object type acldefault() takes ('f', 'r', 's', ...)
 * @param {string} owner the owner column
 */
const acl = (expr, kind, owner) =>
	`(select coalesce(string_agg(
      case when a.grantee = 0 then 'PUBLIC' else a.grantee::regrole::text end || '=' ||
      a.privilege_type || case when a.is_grantable then '*' else '' end || '/' ||
      a.grantor::regrole::text, ', ' order by 1), '')
    from aclexplode(coalesce(${expr}, acldefault(${kind}, ${owner}))) a)`;

/**
 * The same for an ACL with no default (columns, default privileges): null means none.
 * @param {string} expr
 */
const plainAcl = (expr) =>
	`(select coalesce(string_agg(
      case when a.grantee = 0 then 'PUBLIC' else a.grantee::regrole::text end || '=' ||
      a.privilege_type || case when a.is_grantable then '*' else '' end || '/' ||
      a.grantor::regrole::text, ', ' order by 1), '')
    from aclexplode(${expr}) a)`;

/** Objects that belong to an extension (pgcrypto's functions) are the extension's, not ours. */
const notFromExtension = (/** @type {string} */ classid, /** @type {string} */ oid) =>
	`not exists (select 1 from pg_depend d where d.classid = '${classid}'::regclass
    and d.objid = ${oid} and d.deptype = 'e')`;

/** @type {Record<string, string>} kind -> query returning (key, facts jsonb) */
const QUERIES = {
	schema: `
    select 'schema ' || n.nspname as key, jsonb_build_object(
      'owner', n.nspowner::regrole::text,
      'privileges', ${acl('n.nspacl', "'n'", 'n.nspowner')},
      'comment', obj_description(n.oid, 'pg_namespace')) as facts
    from pg_namespace n where ${SYSTEM} and n.nspname <> 'public'
    union all
    -- public exists in every database; only what was done to it counts
    select 'schema public', jsonb_build_object(
      'privileges', ${acl('n.nspacl', "'n'", 'n.nspowner')},
      'comment', obj_description(n.oid, 'pg_namespace'))
    from pg_namespace n where n.nspname = 'public'`,

	extension: `
    select 'extension ' || e.extname, jsonb_build_object(
      'schema', e.extnamespace::regnamespace::text, 'version', e.extversion)
    from pg_extension e where e.extname <> 'plpgsql'`,

	type: `
    select 'type ' || n.nspname || '.' || t.typname, jsonb_build_object(
      'kind', t.typtype,
      'labels', (select jsonb_agg(e.enumlabel order by e.enumsortorder) from pg_enum e
                 where e.enumtypid = t.oid),
      'base', case when t.typtype = 'd' then format_type(t.typbasetype, t.typtypmod) end,
      'domain_not_null', case when t.typtype = 'd' then t.typnotnull end,
      'domain_default', t.typdefault,
      'owner', t.typowner::regrole::text,
      'privileges', ${acl('t.typacl', "'T'", 't.typowner')},
      'comment', obj_description(t.oid, 'pg_type'))
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    where ${SYSTEM} and t.typtype in ('e', 'd', 'r', 'm')
      and ${notFromExtension('pg_type', 't.oid')}
    union all
    -- composite types made with create type (a table's row type is the table's)
    select 'type ' || n.nspname || '.' || t.typname, jsonb_build_object(
      'kind', 'c',
      'attributes', (select jsonb_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                     order by a.attnum) from pg_attribute a
                     where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped),
      'comment', obj_description(t.oid, 'pg_type'))
    from pg_type t join pg_namespace n on n.oid = t.typnamespace
    join pg_class c on c.oid = t.typrelid and c.relkind = 'c'
    where ${SYSTEM}`,

	relation: `
    select case c.relkind when 'r' then 'table' when 'p' then 'table' when 'v' then 'view'
             when 'm' then 'materialized view' when 'S' then 'sequence' when 'f' then 'foreign table' end
           || ' ' || n.nspname || '.' || c.relname,
      jsonb_build_object(
      'owner', c.relowner::regrole::text,
      'persistence', c.relpersistence,
      'row_level_security', c.relrowsecurity,
      'force_row_level_security', c.relforcerowsecurity,
      'replica_identity', c.relreplident,
      'options', c.reloptions,
      'partition_key', case when c.relkind = 'p' then pg_get_partkeydef(c.oid) end,
      'view_definition', case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid) end,
      'privileges', ${acl('c.relacl', `(case when c.relkind = 'S' then 's' else 'r' end)::"char"`, 'c.relowner')},
      'comment', obj_description(c.oid, 'pg_class'),
      'sequence', (select jsonb_build_object('type', format_type(s.seqtypid, null),
          'start', s.seqstart, 'increment', s.seqincrement, 'min', s.seqmin, 'max', s.seqmax,
          'cache', s.seqcache, 'cycle', s.seqcycle,
          'owned_by', (select d.refobjid::regclass::text || '.' || a.attname
                       from pg_depend d join pg_attribute a
                         on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
                       where d.classid = 'pg_class'::regclass and d.objid = c.oid
                         and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')))
        from pg_sequence s where s.seqrelid = c.oid))
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where ${SYSTEM} and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
      and ${notFromExtension('pg_class', 'c.oid')}`,

	column: `
    select 'column ' || n.nspname || '.' || c.relname || '.' || a.attname, jsonb_build_object(
      -- the column's place among the live ones: select * and to_jsonb depend on it
      'position', (select count(*) from pg_attribute b where b.attrelid = a.attrelid
                   and b.attnum > 0 and not b.attisdropped and b.attnum <= a.attnum),
      'type', format_type(a.atttypid, a.atttypmod),
      'not_null', a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'identity', nullif(a.attidentity, ''),
      'generated', nullif(a.attgenerated, ''),
      'collation', case when a.attcollation <> t.typcollation
                        then (select co.collname from pg_collation co where co.oid = a.attcollation) end,
      'privileges', ${plainAcl('a.attacl')},
      'comment', col_description(c.oid, a.attnum))
    from pg_attribute a
    join pg_class c on c.oid = a.attrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_type t on t.oid = a.atttypid
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where ${SYSTEM} and c.relkind in ('r', 'p', 'v', 'm', 'f') and a.attnum > 0 and not a.attisdropped
      and ${notFromExtension('pg_class', 'c.oid')}`,

	constraint: `
    select 'constraint ' || n.nspname || '.' || coalesce(c.relname, ty.typname) || '.' || k.conname,
      jsonb_build_object(
      'type', k.contype,
      'definition', pg_get_constraintdef(k.oid),
      'deferrable', k.condeferrable,
      'deferred', k.condeferred,
      'validated', k.convalidated,
      'comment', obj_description(k.oid, 'pg_constraint'))
    from pg_constraint k
    join pg_namespace n on n.oid = k.connamespace
    left join pg_class c on c.oid = k.conrelid
    left join pg_type ty on ty.oid = k.contypid
    where ${SYSTEM} and ${notFromExtension('pg_class', 'coalesce(c.oid, 0)')}`,

	index: `
    select 'index ' || n.nspname || '.' || i.relname, jsonb_build_object(
      'table', x.indrelid::regclass::text,
      'definition', pg_get_indexdef(x.indexrelid),
      'comment', obj_description(i.oid, 'pg_class'))
    from pg_index x
    join pg_class i on i.oid = x.indexrelid
    join pg_namespace n on n.oid = i.relnamespace
    where ${SYSTEM} and ${notFromExtension('pg_class', 'x.indrelid')}`,

	function: `
    select case p.prokind when 'p' then 'procedure ' when 'a' then 'aggregate ' else 'function ' end
           || n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
      jsonb_build_object(
      'arguments', pg_get_function_arguments(p.oid),
      'returns', pg_get_function_result(p.oid),
      'language', l.lanname,
      'source', p.prosrc,
      'volatility', p.provolatile,
      'security_definer', p.prosecdef,
      'strict', p.proisstrict,
      'leakproof', p.proleakproof,
      'parallel', p.proparallel,
      'cost', p.procost,
      'rows', p.prorows,
      'settings', (select jsonb_agg(s order by s) from unnest(p.proconfig) s),
      'owner', p.proowner::regrole::text,
      'privileges', ${acl('p.proacl', "'f'", 'p.proowner')},
      'comment', obj_description(p.oid, 'pg_proc'))
    from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace
    join pg_language l on l.oid = p.prolang
    where ${SYSTEM} and ${notFromExtension('pg_proc', 'p.oid')}`,

	trigger: `
    select 'trigger ' || n.nspname || '.' || c.relname || '.' || t.tgname, jsonb_build_object(
      'definition', pg_get_triggerdef(t.oid),
      'enabled', t.tgenabled,
      'comment', obj_description(t.oid, 'pg_trigger'))
    from pg_trigger t
    join pg_class c on c.oid = t.tgrelid
    join pg_namespace n on n.oid = c.relnamespace
    where ${SYSTEM} and not t.tgisinternal`,

	policy: `
    select 'policy ' || p.schemaname || '.' || p.tablename || '.' || p.policyname, jsonb_build_object(
      'permissive', p.permissive,
      'roles', (select jsonb_agg(r order by r) from unnest(p.roles) r),
      'command', p.cmd,
      'using', p.qual,
      'with_check', p.with_check,
      'comment', (select obj_description(o.oid, 'pg_policy') from pg_policy o
                  join pg_class c on c.oid = o.polrelid join pg_namespace n on n.oid = c.relnamespace
                  where n.nspname = p.schemaname and c.relname = p.tablename and o.polname = p.policyname))
    from pg_policies p`,

	rule: `
    select 'rule ' || r.schemaname || '.' || r.tablename || '.' || r.rulename,
      jsonb_build_object('definition', r.definition)
    from pg_rules r where r.schemaname not in ('pg_catalog', 'information_schema')`,

	'default privileges': `
    select 'default privileges for ' || d.defaclrole::regrole::text || ' in '
           || coalesce(d.defaclnamespace::regnamespace::text, 'every schema') || ' on '
           || case d.defaclobjtype when 'r' then 'tables' when 'S' then 'sequences'
                when 'f' then 'functions' when 'T' then 'types' when 'n' then 'schemas' end,
      jsonb_build_object('privileges', ${plainAcl('d.defaclacl')})
    from pg_default_acl d`,

	'event trigger': `
    select 'event trigger ' || e.evtname, jsonb_build_object('event', e.evtevent,
      'function', e.evtfoid::regproc::text, 'tags', e.evttags, 'enabled', e.evtenabled)
    from pg_event_trigger e`
};

/** Every kind of object the snapshot holds, for reports and for tests that plant each kind. */
export const KINDS = Object.keys(QUERIES);

/**
 * Read a database's schema from its catalog.
 * @param {Queryable} client a connection to the database (any role that can read the catalog)
 * @returns {Promise<Catalog>}
 */
export async function catalogSnapshot(client) {
	/** @type {Catalog} */
	const catalog = new Map();
	for (const [kind, sql] of Object.entries(QUERIES)) {
		const { rows } = await client.query(sql);
		for (const row of rows) {
			const key = /** @type {string} */ (row.key ?? Object.values(row)[0]);
			const facts = /** @type {Facts} */ (row.facts ?? Object.values(row)[1]);
			if (catalog.has(key)) throw new Error(`catalog: two ${kind} entries named ${key}`);
			catalog.set(key, facts);
		}
	}
	return catalog;
}

/**
 * What differs between two catalogs, sorted by key: objects only in `from` (missing from
 * `to`), only in `to` (extra), and those in both whose facts differ, field by field.
 * @param {Catalog} from
 * @param {Catalog} to
 * @returns {Difference[]}
 */
export function diffCatalogs(from, to) {
	/** @type {Difference[]} */
	const out = [];
	const keys = [...new Set([...from.keys(), ...to.keys()])].sort();
	for (const key of keys) {
		const a = from.get(key);
		const b = to.get(key);
		if (!b) out.push({ key, change: 'missing', fields: [] });
		else if (!a) out.push({ key, change: 'extra', fields: [] });
		else {
			const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])]
				.sort()
				.filter((f) => JSON.stringify(a[f] ?? null) !== JSON.stringify(b[f] ?? null))
				.map((field) => ({ field, from: a[field] ?? null, to: b[field] ?? null }));
			if (fields.length) out.push({ key, change: 'differs', fields });
		}
	}
	return out;
}

/** @param {unknown} v */
function show(v) {
	const text = typeof v === 'string' ? v : JSON.stringify(v);
	return text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
}

/**
 * The differences as lines a person can read, naming which side each value comes from.
 * @param {Difference[]} diffs
 * @param {{ from: string, to: string }} names e.g. { from: 'migrations', to: 'schemas' }
 */
export function describeDifferences(diffs, names) {
	return diffs
		.map((d) => {
			if (d.change === 'missing') return `${d.key}: only in the ${names.from}`;
			if (d.change === 'extra') return `${d.key}: only in the ${names.to}`;
			return [
				`${d.key}:`,
				...d.fields.map(
					(f) => `  ${f.field}:\n    ${names.from}: ${show(f.from)}\n    ${names.to}: ${show(f.to)}`
				)
			].join('\n');
		})
		.join('\n');
}

/** @param {string | null} text */
const literal = (text) => (text === null ? 'null' : `'${text.replaceAll("'", "''")}'`);

/**
 * Statements for what migra does not write: the comments (it does not compare them) and the
 * privileges an object should have (it grants a new table's privileges as if the table started
 * with none, but default privileges give it some). For each difference, `comment on` for a
 * changed comment and grant/revoke for changed privileges; what is left is returned too.
 * @param {Difference[]} diffs
 * @returns {{ sql: string[], remaining: Difference[] }}
 */
export function settleStatements(diffs) {
	/** @type {string[]} */
	const sql = [];
	/** @type {Difference[]} */
	const remaining = [];
	for (const d of diffs) {
		if (d.change !== 'differs') {
			remaining.push(d);
			continue;
		}
		const left = d.fields.filter((f) => {
			if (f.field === 'comment') {
				const target = commentTarget(d.key);
				if (target)
					sql.push(`comment on ${target} is ${literal(/** @type {string | null} */ (f.to))};`);
				return !target;
			}
			if (f.field === 'privileges') {
				const statements = privilegeStatements(d.key, String(f.from ?? ''), String(f.to ?? ''));
				if (statements) sql.push(...statements);
				return !statements;
			}
			return true;
		});
		if (left.length) remaining.push({ ...d, fields: left });
	}
	return { sql, remaining };
}

/** @param {string} role a role name, or PUBLIC */
const grantee = (role) => (role === 'PUBLIC' ? 'public' : quoteParts(role));

/**
 * grant and revoke statements that turn one privileges text (as the catalog reads it) into
 * another for the object a key names, or null for kinds it cannot name.
 * @param {string} key
 * @param {string} from
 * @param {string} to
 * @returns {string[] | null}
 */
function privilegeStatements(key, from, to) {
	const items = (/** @type {string} */ text) =>
		new Set(
			text
				.split(', ')
				.filter(Boolean)
				.map((item) => item.replace(/\/[^/]*$/, ''))
		);
	const a = items(from);
	const b = items(to);
	const m = /^(\w+(?: \w+)?) (.+)$/.exec(key);
	if (!m) return null;
	const [, kind, name = ''] = m;
	/** @type {(privilege: string, column?: string) => string} */
	let on;
	let prefix = '';
	if (['table', 'view', 'materialized view', 'foreign table'].includes(kind ?? '')) {
		on = (p) => `${p} on table ${quoteParts(name)}`;
	} else if (kind === 'sequence' || kind === 'schema' || kind === 'type') {
		on = (p) => `${p} on ${kind} ${quoteParts(name)}`;
	} else if (kind === 'function' || kind === 'procedure') {
		const open = name.indexOf('(');
		on = (p) => `${p} on ${kind} ${quoteParts(name.slice(0, open))}${name.slice(open)}`;
	} else if (kind === 'column') {
		const parts = name.split('.');
		on = (p) =>
			`${p} (${quoteParts(parts.slice(2).join('.'))}) on table ${quoteParts(parts.slice(0, 2).join('.'))}`;
	} else if (kind === 'default privileges') {
		const d = /^for (.+) in (.+) on (\w+)$/.exec(name);
		if (!d) return null;
		const [, role = '', schema = '', objects = ''] = d;
		prefix = `alter default privileges for role ${grantee(role)}${schema === 'every schema' ? '' : ` in schema ${quoteParts(schema)}`} `;
		on = (p) => `${p} on ${objects}`;
	} else {
		return null;
	}
	/** @type {string[]} */
	const out = [];
	for (const item of a) {
		if (b.has(item)) continue;
		const [role = '', privilege = ''] = item.split('=');
		out.push(
			`${prefix}revoke ${on(privilege.replace('*', '').toLowerCase())} from ${grantee(role)};`
		);
	}
	for (const item of b) {
		if (a.has(item)) continue;
		const [role = '', privilege = ''] = item.split('=');
		const option = privilege.endsWith('*') ? ' with grant option' : '';
		out.push(
			`${prefix}grant ${on(privilege.replace('*', '').toLowerCase())} to ${grantee(role)}${option};`
		);
	}
	return out;
}

/** @param {string} name schema.name or schema.table.name */
function quoteParts(name) {
	return name
		.split('.')
		.map((p) => (/^[a-z_][a-z0-9_]*$/.test(p) ? p : `"${p.replaceAll('"', '""')}"`))
		.join('.');
}

/**
 * The object a catalog key names, as `comment on` needs it, or null for kinds without one here.
 * @param {string} key
 */
function commentTarget(key) {
	const m = /^(\w+(?: \w+)?) (.+)$/.exec(key);
	if (!m) return null;
	const [, kind, name = ''] = m;
	switch (kind) {
		case 'table':
		case 'view':
		case 'sequence':
		case 'type':
		case 'index':
		case 'schema':
		case 'materialized view':
			return `${kind} ${quoteParts(name)}`;
		case 'column':
			return `column ${quoteParts(name)}`;
		case 'function':
		case 'procedure': {
			const open = name.indexOf('(');
			return `${kind} ${quoteParts(name.slice(0, open))}${name.slice(open)}`;
		}
		case 'trigger':
		case 'policy':
		case 'constraint': {
			const parts = name.split('.');
			const object = parts.slice(2).join('.');
			const quoted = /^[a-z_][a-z0-9_]*$/.test(object)
				? object
				: `"${object.replaceAll('"', '""')}"`;
			return `${kind} ${quoted} on ${quoteParts(parts.slice(0, 2).join('.'))}`;
		}
		default:
			return null;
	}
}
