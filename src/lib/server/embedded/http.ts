/** Small helpers for building the JSON responses Supabase's services send. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json; charset=utf-8', ...headers }
	});
}

export function bearer(req: Request): string | null {
	const h = req.headers.get('authorization');
	return h?.toLowerCase().startsWith('bearer ') ? h.slice(7).trim() : null;
}

/** The kinds of value a field of a request body may hold. */
export type FieldKind = 'string' | 'boolean' | 'object';

function kindOf(value: unknown): string {
	if (Array.isArray(value)) return 'array';
	return typeof value === 'object' ? 'object' : typeof value === 'number' ? 'number' : typeof value;
}

/**
 * A request body read as GoTrue reads one (Go's json.Unmarshal into the endpoint's parameters):
 * it must be a JSON object (or `null`, which sets nothing), and each known field must hold its
 * kind of value (`null` leaves it unset). Otherwise the reason, for a 400 `bad_json`.
 */
export async function readJsonObject(
	req: Request,
	kinds: Record<string, FieldKind> = {}
): Promise<{ body: Record<string, unknown>; error?: never } | { body?: never; error: string }> {
	let value: unknown;
	try {
		value = JSON.parse(await req.text());
	} catch (e) {
		return { error: e instanceof Error ? e.message : String(e) };
	}
	if (value === null) return { body: {} };
	if (kindOf(value) !== 'object') {
		return { error: `json: cannot unmarshal ${kindOf(value)} into the request's parameters` };
	}
	const body = value as Record<string, unknown>;
	for (const [key, kind] of Object.entries(kinds)) {
		const v = body[key];
		if (v !== undefined && v !== null && kindOf(v) !== kind) {
			return { error: `json: cannot unmarshal ${kindOf(v)} into field ${key} of type ${kind}` };
		}
	}
	return { body };
}

/** PostgREST's reading of a body: empty is no arguments; not JSON throws. */
export async function readJson(req: Request): Promise<Record<string, unknown>> {
	const text = await req.text();
	if (!text) return {};
	const value: unknown = JSON.parse(text);
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as Record<string, unknown>)
		: {};
}

export function str(value: unknown): string {
	return typeof value === 'string' ? value : '';
}
