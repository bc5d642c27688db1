import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * What the app accepts from people, read from its source at test time so that a new route,
 * action, form field or query parameter is covered without editing the tests: routes and their
 * path parameters from the folders under src/routes, form actions from each +page.server.ts,
 * the fields each action's form sends from the route's .svelte files and the components they
 * use, and query parameters from the loads (and modules they use) and the pages' GET forms.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const ROUTES = join(ROOT, 'src/routes');
const LIB = join(ROOT, 'src/lib');

export interface Action {
	name: string;
	/** The fields its form(s) send (a name made from a value, like `day_{i}`, as `day_0`). */
	fields: string[];
	/** Names made from a value (`day_{i}`, `trainer_{t.id}`), as regular expressions. */
	patterns: string[];
}

export interface Route {
	/** `/groups/[id]/sessions/[n]` */
	pattern: string;
	params: string[];
	isPage: boolean;
	/** Methods a +server.ts answers. */
	endpoints: string[];
	actions: Action[];
	/** Query parameters the load reads or the page's GET forms send. */
	query: string[];
}

function read(file: string): string {
	return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

/** Files a module imports from $lib or by a relative path, resolved to real files. */
function imports(file: string, source: string): string[] {
	const found: string[] = [];
	for (const m of source.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)) {
		const spec = m[1] as string;
		let base: string | null = null;
		if (spec.startsWith('$lib/')) base = join(LIB, spec.slice(5));
		else if (spec.startsWith('.')) base = resolve(dirname(file), spec);
		if (!base) continue;
		const candidates = [base, `${base}.ts`, `${base}.js`, base.replace(/\.js$/, '.ts')];
		const hit = candidates.find((c) => existsSync(c) && !c.endsWith('/'));
		if (hit && /\.(ts|js|svelte)$/.test(hit)) found.push(hit);
	}
	return found;
}

/**
 * The keys of `export const actions = { ... }`, `default` included, read with the TypeScript
 * parser: a hand-rolled scanner took words in a comment for action names and an apostrophe in
 * one for a string, and so silently skipped real actions.
 */
function actionNames(source: string): string[] {
	const file = ts.createSourceFile('actions.ts', source, ts.ScriptTarget.Latest, true);
	const names: string[] = [];
	const visit = (node: ts.Node) => {
		if (
			ts.isVariableDeclaration(node) &&
			ts.isIdentifier(node.name) &&
			node.name.text === 'actions' &&
			node.initializer
		) {
			let init: ts.Expression = node.initializer;
			// `{ … } satisfies Actions` and `{ … } as Actions` wrap the object.
			while (
				ts.isSatisfiesExpression(init) ||
				ts.isAsExpression(init) ||
				ts.isParenthesizedExpression(init)
			)
				init = init.expression;
			if (ts.isObjectLiteralExpression(init))
				for (const prop of init.properties)
					if (prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)))
						names.push(prop.name.text);
		}
		ts.forEachChild(node, visit);
	};
	visit(file);
	return names;
}

interface FormInfo {
	method: string;
	/** `?/name` → name; no action attribute → default; another address → null. */
	action: string | null;
	names: string[];
}

/** The text of a bracketed literal starting at `open` (the index of its `[`). */
function bracketed(source: string, open: number): string {
	let depth = 0;
	for (let i = open; i < source.length; i++) {
		if (source[i] === '[') depth++;
		else if (source[i] === ']' && --depth === 0) return source.slice(open, i + 1);
	}
	return '';
}

/** The strings an `{#each LIST as x}` or `{#each LIST as [x, …]}` gives `x`, by variable. */
function eachValues(source: string): Map<string, string[]> {
	const lists = new Map<string, string[]>();
	// `as const as [x, …]`: the list's own `as const` is not where its items are named.
	for (const m of source.matchAll(/\{#each\s+(\[|\w+)[^}]*?\bas\s+(?!const\b)(\[\s*)?(\w+)/g)) {
		const [, list, destructured, variable] = m as unknown as [string, string, string, string];
		const literal =
			list === '['
				? bracketed(source, m.index + m[0].indexOf('['))
				: (() => {
						const def = new RegExp(`const ${list}\\s*=\\s*\\[`).exec(source);
						return def ? bracketed(source, def.index + def[0].length - 1) : '';
					})();
		const inner = literal.slice(1, -1);
		// Destructured: the first string of each inner list; otherwise every string.
		const pattern = destructured ? /\[\s*['"]([^'"]+)['"]/g : /['"]([^'"]+)['"]/g;
		// Several lists may name their items alike (`as [name, label]`): keep every one's.
		lists.set(variable, [
			...(lists.get(variable) ?? []),
			...[...inner.matchAll(pattern)].map((x) => x[1] as string)
		]);
	}
	return lists;
}

/** Static `name="…"` attributes, and `name={x}` / `{name}` where `x` runs over a literal list. */
function fieldNames(markup: string, whole: string): string[] {
	const names = [...markup.matchAll(/\bname="([A-Za-z_][\w-]*)"/g)].map((m) => m[1] as string);
	// A name made from values (`name="day_{i}"`, `name="{id}:{at}"`) is kept with `{}` where each
	// value goes.
	for (const m of markup.matchAll(
		/\bname="((?:[\w:-]|\{[^}"]*\})*\{[^}"]*\}(?:[\w:-]|\{[^}"]*\})*)"/g
	)) {
		names.push((m[1] as string).replace(/\{[^}"]*\}/g, '{}'));
	}
	const lists = eachValues(whole);
	for (const m of markup.matchAll(/\bname=\{(\w+)\}/g)) names.push(...(lists.get(m[1]!) ?? []));
	if (/\s\{name\}/.test(markup)) names.push(...(lists.get('name') ?? []));
	return names;
}

/** Every form in a .svelte file and the components it uses, with the fields each sends. */
function forms(file: string, seen = new Set<string>()): FormInfo[] {
	if (seen.has(file)) return [];
	seen.add(file);
	const source = read(file);
	const components = new Map<string, string>();
	for (const m of source.matchAll(/import\s+(\w+)\s+from\s+['"]([^'"]+\.svelte)['"]/g)) {
		const spec = m[2] as string;
		const path = spec.startsWith('$lib/') ? join(LIB, spec.slice(5)) : resolve(dirname(file), spec);
		components.set(m[1] as string, path);
	}
	const found: FormInfo[] = [];
	for (const m of source.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
		const attrs = m[1] as string;
		const body = m[2] as string;
		const method = (/method="(\w+)"/i.exec(attrs)?.[1] ?? 'GET').toUpperCase();
		const target = /action="([^"]*)"/.exec(attrs)?.[1];
		const action =
			target === undefined ? 'default' : target.startsWith('?/') ? target.slice(2) : null;
		const names = fieldNames(body, source);
		// Components inside the form contribute the fields they render themselves.
		for (const tag of body.matchAll(/<([A-Z]\w*)/g)) {
			const path = components.get(tag[1] as string);
			if (path) names.push(...fieldNames(read(path), read(path)));
		}
		found.push({ method, action, names });
	}
	for (const path of components.values()) found.push(...forms(path, seen));
	return found;
}

/** Query parameter names a route file reads, and whether it reads the whole query string. */
function queryReads(file: string, depth = 0): { names: string[]; whole: boolean } {
	if (!existsSync(file)) return { names: [], whole: false };
	const source = read(file);
	const names = [...source.matchAll(/searchParams\.(?:get|has|getAll)\(\s*['"]([^'"]+)['"]/g)].map(
		(m) => m[1] as string
	);
	let whole = /\.\.\.\s*url\.searchParams|searchParams\.entries\(\)/.test(source);
	// The route's own files and the modules they use directly (a report's parameters, say); not
	// deeper, where the embedded backend reads its own (Supabase's) query parameters.
	const deps = depth === 0 ? imports(file, source).filter((f) => !f.endsWith('.svelte')) : [];
	for (const dep of deps) {
		const r = queryReads(dep, depth + 1);
		names.push(...r.names);
		whole ||= r.whole;
	}
	return { names, whole };
}

function routeDirs(dir: string): string[] {
	const out = [dir];
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		if (entry.isDirectory()) out.push(...routeDirs(join(dir, entry.name)));
	}
	return out;
}

/** The app's routes as its source defines them today. */
export function routeTree(): Route[] {
	const routes: Route[] = [];
	for (const dir of routeDirs(ROUTES)) {
		const page = join(dir, '+page.svelte');
		const server = join(dir, '+page.server.ts');
		const endpoint = join(dir, '+server.ts');
		if (![page, server, endpoint].some(existsSync)) continue;
		const rel = relative(ROUTES, dir).split('/').filter(Boolean);
		const pattern = '/' + rel.filter((s) => !/^\(.*\)$/.test(s)).join('/');
		const pageForms = existsSync(page) ? forms(page) : [];
		const actions = actionNames(read(server)).map((name) => {
			const names = [
				...new Set(pageForms.filter((f) => f.action === name).flatMap((f) => f.names))
			];
			return {
				name,
				fields: [...new Set(names.map((n) => n.replaceAll('{}', '0')))],
				patterns: names.filter((n) => n.includes('{}')).map((n) => `^${n.replaceAll('{}', '.+')}$`)
			};
		});
		const reads = [server, endpoint, page, join(dir, '+page.ts')].map((f) => queryReads(f));
		const query = new Set(reads.flatMap((r) => r.names));
		// A load that takes the whole query string is fed by the page's own GET forms.
		if (reads.some((r) => r.whole)) {
			for (const f of pageForms.filter((f) => f.method === 'GET'))
				f.names.forEach((n) => query.add(n));
		}
		routes.push({
			pattern,
			params: [...pattern.matchAll(/\[(\w+)\]/g)].map((m) => m[1] as string),
			isPage: existsSync(page),
			endpoints: [...read(endpoint).matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)].map(
				(m) => m[1] as string
			),
			actions,
			query: [...query]
		});
	}
	return routes;
}

/** A regular expression matching the route's real addresses, capturing its parameters. */
export function routeMatcher(route: Route): RegExp {
	const body = route.pattern
		.split('/')
		.map((s) => (/^\[\w+\]$/.test(s) ? '([^/]+)' : s.replace(/[.*+?^${}()|\\]/g, '\\$&')))
		.join('/');
	return new RegExp(`^${body || '/'}$`);
}

/** The address of a route with its parameters filled in. */
export function fill(route: Route, values: Record<string, string>): string {
	return route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => values[name] ?? '');
}
