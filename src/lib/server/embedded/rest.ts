import type { PGlite, Transaction } from '@electric-sql/pglite';
import { json, readJson } from './http';
import type { ApiRole, Tokens } from './tokens';

/**
 * The one PostgREST endpoint this app uses: POST /rest/v1/rpc/<function>. Per request, as
 * PostgREST does: verify the JWT, then in one transaction switch to its role, expose its claims
 * to auth.uid()/auth.jwt(), run the pre-request check (a revoked session is refused), and call
 * the function with named arguments.
 */

interface FunctionInfo {
	argNames: string[];
	argTypes: string[];
	returnsSet: boolean;
	returnType: string;
}

export interface RestContext {
	db: PGlite;
	tokens: Tokens;
	/** The demo clock's offset from real time, in seconds (0 outside the demo's /dev/clock). */
	clockOffsetSeconds?: () => number;
}

/**
 * Start a request's transaction as PostgREST does: the caller's role, their claims for
 * auth.uid()/auth.jwt(), the method; and the demo clock's offset for private.clock().
 */
export async function actAs(
	tx: Transaction,
	ctx: RestContext,
	role: ApiRole,
	claims: Record<string, unknown>,
	method: string
): Promise<void> {
	// One statement, as PostgREST sets them: each round trip to PGlite costs a few tenths of a
	// millisecond, on every rpc. set_config('role', …, true) is SET LOCAL ROLE.
	const offset = ctx.clockOffsetSeconds?.() ?? 0;
	const moved = Number.isFinite(offset) && offset !== 0;
	await tx.query(
		`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
		   set_config('request.method', $3, true)` +
			(moved ? `, set_config('app.clock_offset_seconds', $4, true)` : ''),
		[role, JSON.stringify(claims), method, ...(moved ? [String(offset)] : [])]
	);
}

const ROLES: ApiRole[] = ['anon', 'authenticated', 'service_role'];

function pgrstError(
	status: number,
	code: string,
	message: string,
	details: string | null = null,
	hint: string | null = null
) {
	return json({ code, message, details, hint }, status);
}

/** PostgREST's mapping from SQLSTATE to HTTP status. */
export function statusForSqlState(code: string, role: ApiRole): number {
	if (code === '42501') return role === 'anon' ? 401 : 403;
	if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
	if (code === '23503' || code === '23505') return 409;
	if (code === '42883' || code === '42P01') return 404;
	if (code === '25006') return 405;
	if (code === 'P0001' || code.startsWith('F0') || code.startsWith('HV')) return 400;
	if (code.startsWith('08') || code === '53300') return 503;
	if (code.startsWith('28') || code.startsWith('0L') || code.startsWith('0P')) return 403;
	if (/^(09|25|2D|38|39|3B|40|53|54|55|57|58|P0|XX|42P17)/.test(code)) return 500;
	return 400;
}

const cache = new WeakMap<PGlite, Map<string, FunctionInfo | null>>();

async function lookup(db: PGlite, name: string): Promise<FunctionInfo | null> {
	let known = cache.get(db);
	if (!known) cache.set(db, (known = new Map()));
	if (known.has(name)) return known.get(name) ?? null;
	const { rows } = await db.query<{
		arg_names: string[] | null;
		arg_types: string[];
		retset: boolean;
		rettype: string;
	}>(
		`select p.proargnames as arg_names,
            array(select format_type(t, null) from unnest(p.proargtypes::oid[]) t) as arg_types,
            p.proretset as retset, format_type(p.prorettype, null) as rettype
       from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public' and p.proname = $1 and p.prokind = 'f'`,
		[name]
	);
	// One function per name: the app defines no overloads, and ambiguity must not guess.
	const row = rows.length === 1 ? rows[0] : undefined;
	const info = row
		? {
				argNames: (row.arg_names ?? []).slice(0, row.arg_types.length),
				argTypes: row.arg_types,
				returnsSet: row.retset,
				returnType: row.rettype
			}
		: null;
	known.set(name, info);
	return info;
}

/** A SQL expression turning the JSON text in $n into the argument's type. */
function argExpression(n: number, type: string): string {
	if (type === 'jsonb' || type === 'json') return `$${n}::${type}`;
	if (type.endsWith('[]')) {
		return `(select array_agg(e) from jsonb_array_elements_text($${n}::jsonb) e)::${type}`;
	}
	return `($${n}::jsonb #>> '{}')::${type}`;
}

export async function handleRest(
	ctx: RestContext,
	req: Request,
	path: string,
	token: string | null
): Promise<Response> {
	const claims = await ctx.tokens.verify(token);
	const role = claims?.role as ApiRole | undefined;
	if (!claims || !role || !ROLES.includes(role)) {
		return pgrstError(401, 'PGRST301', 'JWT could not be decoded or has expired');
	}
	const profile =
		req.headers.get('content-profile') ?? req.headers.get('accept-profile') ?? 'public';
	if (profile !== 'public') {
		return pgrstError(406, 'PGRST106', 'The schema must be one of the following: public');
	}
	const match = /^rpc\/([a-z_][a-z0-9_]*)$/.exec(path);
	if (!match?.[1]) return pgrstError(404, 'PGRST125', 'Invalid path specified in request URL');
	const name = match[1];

	let args: Record<string, unknown>;
	if (req.method === 'GET') {
		args = Object.fromEntries(new URL(req.url).searchParams);
	} else if (req.method === 'POST') {
		try {
			args = await readJson(req);
		} catch {
			return pgrstError(400, 'PGRST102', 'Empty or invalid json');
		}
	} else {
		return pgrstError(405, 'PGRST117', `Unsupported HTTP method: ${req.method}`);
	}

	const fn = await lookup(ctx.db, name);
	const keys = Object.keys(args);
	if (!fn || keys.some((k) => !fn.argNames.includes(k))) {
		return pgrstError(
			404,
			'PGRST202',
			`Could not find the function public.${name}(${keys.sort().join(', ')}) in the schema cache`
		);
	}
	const params: (string | null)[] = [];
	const named = keys.map((k) => {
		const type = fn.argTypes[fn.argNames.indexOf(k)] ?? 'text';
		const value = args[k];
		params.push(value === null || value === undefined ? null : JSON.stringify(value));
		return `"${k}" => ${argExpression(params.length, type)}`;
	});
	const call = `public."${name}"(${named.join(', ')})`;
	const sql =
		fn.returnType === 'void'
			? `select ${call}, null::jsonb as result`
			: fn.returnsSet
				? `select coalesce(jsonb_agg(to_jsonb(r)), '[]'::jsonb) as result from ${call} r`
				: `select to_jsonb(${call}) as result`;

	try {
		const result = await ctx.db.transaction(async (tx) => {
			await actAs(tx, ctx, role, claims, req.method);
			// PostgREST's db-pre-request hook, as a Supabase project is configured with
			// (supabase/schemas/11_session_check.sql): a signed-out session's token is refused here.
			await tx.exec('select private.check_session()');
			const { rows } = await tx.query<{ result: unknown }>(sql, params);
			return rows[0]?.result ?? null;
		});
		if (fn.returnType === 'void') return new Response(null, { status: 204 });
		return json(result);
	} catch (e) {
		const err = e as { code?: string; message?: string; detail?: string; hint?: string };
		const code = err.code ?? 'XX000';
		return pgrstError(
			statusForSqlState(code, role),
			code,
			err.message ?? 'Database error',
			err.detail ?? null,
			err.hint ?? null
		);
	}
}
