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
