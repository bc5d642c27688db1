import type { APIRequestContext } from '@playwright/test';

/**
 * What people see, read over HTTP: the pages a role can reach by following links, and each
 * page's server data (SvelteKit's `__data.json`, the same data the page renders), flattened so
 * two readings can be compared value by value.
 */

const SKIP = [/^\/signout/, /^\/dev\//, /^\/supabase\//, /^\/_app\//];

export interface Crawl {
	/** HTML pages, path and query. */
	pages: string[];
	/** Other linked addresses that answered (downloads). */
	files: string[];
	/** Each page's HTML, for the forms on it. */
	html: Map<string, string>;
}

/** Every same-site page linked from `start`, breadth first, up to `limit`. */
export async function crawl(ctx: APIRequestContext, start: string, limit = 250): Promise<Crawl> {
	const queue = [start];
	const seen = new Set(queue);
	const result: Crawl = { pages: [], files: [], html: new Map() };
	while (queue.length && result.pages.length < limit) {
		const path = queue.shift() as string;
		const res = await ctx.get(path, { maxRedirects: 0 });
		if (res.status() !== 200) continue;
		if (!res.headers()['content-type']?.startsWith('text/html')) {
			result.files.push(path);
			continue;
		}
		const html = await res.text();
		result.pages.push(path);
		result.html.set(path, html);
		for (const m of html.matchAll(/href="([^"#]+)/g)) {
			const href = (m[1] as string).replace(/&amp;/g, '&');
			if (!href.startsWith('/') || href.startsWith('//')) continue;
			if (SKIP.some((re) => re.test(href)) || seen.has(href)) continue;
			seen.add(href);
			queue.push(href);
		}
	}
	return result;
}

/** SvelteKit's data address for a page: `/review?page=2` → `/review/__data.json?page=2`. */
function dataAddress(path: string): string {
	const url = new URL(path, 'http://x');
	return `${url.pathname.replace(/\/$/, '')}/__data.json${url.search}`;
}

/** devalue's flattened form (what `__data.json` holds) back into plain values. */
function hydrate(values: unknown[], index: number): unknown {
	if (index < 0) return `<special ${index}>`;
	const v = values[index];
	if (Array.isArray(v)) {
		// A leading string marks a typed value (a Date, say): keep it as written.
		if (typeof v[0] === 'string') return JSON.stringify(v);
		return v.map((i) => hydrate(values, i as number));
	}
	if (v && typeof v === 'object') {
		return Object.fromEntries(Object.entries(v).map(([k, i]) => [k, hydrate(values, i as number)]));
	}
	return v;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>) {
	if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}.${k}`, out);
		if (Object.keys(value).length === 0) out.set(prefix, Array.isArray(value) ? '[]' : '{}');
	} else {
		out.set(prefix, JSON.stringify(value));
	}
}

export interface Reading {
	/** Decoded page data by page path. */
	data: Map<string, unknown>;
	/** Every value, keyed `page.path.to.value`. */
	flat: Map<string, string>;
}

/** Each page's server data as the role sees it now. */
export async function read(ctx: APIRequestContext, pages: string[]): Promise<Reading> {
	const reading: Reading = { data: new Map(), flat: new Map() };
	for (const path of pages) {
		const res = await ctx.get(dataAddress(path), { maxRedirects: 0 });
		const body = res.status() === 200 ? await res.json() : { status: res.status() };
		const nodes = ((body.nodes ?? []) as ({ type: string; data?: unknown[] } | null)[]).map((n) =>
			n?.type === 'data' && n.data ? hydrate(n.data, 0) : (n?.type ?? null)
		);
		const decoded = body.nodes ? nodes : body;
		reading.data.set(path, decoded);
		flatten(decoded, path, reading.flat);
	}
	return reading;
}

/**
 * The values that differ between `before` and `after`, ignoring those that differed between two
 * readings taken before anything was done (the time of the request, say).
 */
export function changes(first: Reading, before: Reading, after: Reading): string[] {
	const moving = new Set<string>();
	for (const key of new Set([...first.flat.keys(), ...before.flat.keys()])) {
		if (first.flat.get(key) !== before.flat.get(key)) moving.add(key);
	}
	const found: string[] = [];
	for (const key of new Set([...before.flat.keys(), ...after.flat.keys()])) {
		if (moving.has(key)) continue;
		const [was, is] = [before.flat.get(key), after.flat.get(key)];
		if (was !== is) found.push(`${key}: ${short(was)} → ${short(is)}`);
	}
	return found;
}

function short(value: string | undefined): string {
	if (value === undefined) return '(absent)';
	return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function singular(word: string): string {
	return word.replace(/ies$/, 'y').replace(/s$/, '');
}

/**
 * The ids in page data and addresses, by kind: `sessions[3].id` and `session_id` are sessions,
 * `/groups/<id>` a group. The kind comes from the key (or, for `id`, the list or object it is in).
 */
export function idsByKind(reading: Reading, paths: string[]): Map<string, Set<string>> {
	const kinds = new Map<string, Set<string>>();
	const add = (kind: string, id: string) => {
		if (!kinds.has(kind)) kinds.set(kind, new Set());
		kinds.get(kind)?.add(id);
	};
	const walk = (value: unknown, parentKey: string) => {
		if (Array.isArray(value)) return value.forEach((v) => walk(v, parentKey));
		if (!value || typeof value !== 'object') return;
		for (const [k, v] of Object.entries(value)) {
			if (typeof v === 'string' && UUID.test(v)) {
				add(k === 'id' ? singular(parentKey) : k.replace(/_id$/, ''), v);
			} else {
				walk(v, k);
			}
		}
	};
	for (const data of reading.data.values()) walk(data, '');
	for (const path of paths) {
		const segments = new URL(path, 'http://x').pathname.split('/');
		segments.forEach((s, i) => {
			if (UUID.test(s) && i > 0) add(singular(segments[i - 1] as string), s);
		});
	}
	return kinds;
}

export interface RenderedForm {
	action: string;
	names: string[];
}

/** The POST forms in a page's HTML: which action each posts to and the fields it sends. */
export function renderedForms(html: string): RenderedForm[] {
	const forms: RenderedForm[] = [];
	for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
		const attrs = m[1] as string;
		if (!/method="post"/i.test(attrs)) continue;
		const target = /action="([^"]*)"/.exec(attrs)?.[1]?.replace(/&amp;/g, '&');
		if (target && !target.startsWith('?/')) continue;
		const names = [
			...(m[2] as string).matchAll(/<(?:input|select|textarea)\b[^>]*\bname="([^"]+)"/g)
		].map((n) => n[1] as string);
		forms.push({ action: target ? target.slice(2) : 'default', names: [...new Set(names)] });
	}
	return forms;
}
