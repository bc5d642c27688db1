import type { Handle } from '@sveltejs/kit';
import {
	constants,
	createBrotliCompress,
	createGzip,
	type BrotliCompress,
	type Gzip
} from 'node:zlib';

/**
 * Dynamic responses (pages, JSON, CSV, calendars) compressed in SvelteKit's `handle`, so both the
 * demo (scripts/demo-server.js) and a real install (`node build`) send them compressed. Static
 * files are served precompressed by adapter-node before `handle` runs (svelte.config.js).
 */

export type Encoding = 'br' | 'gzip';

/** Smaller bodies are sent as they are: compressing them saves nothing worth the time. */
export const MIN_BYTES = 1024;

/**
 * The encoding to use for an Accept-Encoding header (RFC 9110 §12.5.3): the acceptable one with
 * the highest q, br before gzip when they tie; `*` stands for any not named; q=0 refuses.
 */
export function negotiateEncoding(header: string | null | undefined): Encoding | null {
	if (!header) return null;
	const q = new Map<string, number>();
	for (const part of header.split(',')) {
		const [rawName = '', ...params] = part.toLowerCase().split(';');
		const name = rawName.trim();
		if (!name) continue;
		let weight = 1;
		for (const param of params) {
			const [key, value] = param.trim().split('=');
			if (key === 'q') {
				const parsed = Number(value);
				weight = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
			}
		}
		// `x-gzip` is gzip's old name (RFC 9110 §8.4.1.3).
		const key = name === 'x-gzip' ? 'gzip' : name;
		q.set(key, Math.max(q.get(key) ?? 0, weight));
	}
	const any = q.get('*');
	let best: Encoding | null = null;
	let bestQ = 0;
	for (const encoding of ['br', 'gzip'] as const) {
		const weight = q.get(encoding) ?? any ?? 0;
		if (weight > bestQ) {
			best = encoding;
			bestQ = weight;
		}
	}
	return best;
}

/** Text-like types worth compressing; images, video, PDF, zip and fonts already are. */
export function isCompressible(contentType: string | null): boolean {
	if (!contentType) return false;
	const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
	return (
		type.startsWith('text/') ||
		type === 'application/json' ||
		type === 'application/javascript' ||
		type === 'application/xml' ||
		type === 'application/manifest+json' ||
		type === 'image/svg+xml' ||
		type.endsWith('+json') ||
		type.endsWith('+xml')
	);
}

function addVary(headers: Headers): void {
	const vary = headers.get('vary');
	if (!vary) headers.set('vary', 'Accept-Encoding');
	else if (!/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary))
		headers.set('vary', `${vary}, Accept-Encoding`);
}

function compressor(encoding: Encoding): BrotliCompress | Gzip {
	return encoding === 'br'
		? createBrotliCompress({
				// Quality 11 (the default) is for files compressed once; 5 is fast enough per request.
				params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_MODE]: 1 }
			})
		: createGzip({ level: 6 });
}

/**
 * The body through node:zlib, flushed after every chunk, so a streamed page (SvelteKit's deferred
 * data) reaches the browser piece by piece rather than when the stream ends.
 */
function compressStream(
	first: Uint8Array[],
	rest: ReadableStreamDefaultReader<Uint8Array> | null,
	encoding: Encoding
): ReadableStream<Uint8Array> {
	const z = compressor(encoding);
	const flush = () =>
		encoding === 'br'
			? (z as BrotliCompress).flush(constants.BROTLI_OPERATION_FLUSH)
			: (z as Gzip).flush(constants.Z_SYNC_FLUSH);
	return new ReadableStream<Uint8Array>({
		start(controller) {
			z.on('data', (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
			z.on('end', () => controller.close());
			z.on('error', (e) => controller.error(e));
			const pump = async () => {
				for (const chunk of first) z.write(chunk);
				flush();
				while (rest) {
					const { done, value } = await rest.read();
					if (done) break;
					z.write(value);
					flush();
				}
				z.end();
			};
			pump().catch((e) => {
				z.destroy(e instanceof Error ? e : new Error(String(e)));
				controller.error(e);
			});
		},
		cancel(reason) {
			void rest?.cancel(reason);
			z.destroy();
		}
	});
}

/** Reads until `MIN_BYTES` have come or the body ends, so a small body is known to be small. */
async function readStart(
	reader: ReadableStreamDefaultReader<Uint8Array>
): Promise<{ chunks: Uint8Array[]; size: number; done: boolean }> {
	const chunks: Uint8Array[] = [];
	let size = 0;
	while (size < MIN_BYTES) {
		const { done, value } = await reader.read();
		if (done) return { chunks, size, done: true };
		chunks.push(value);
		size += value.byteLength;
	}
	return { chunks, size, done: false };
}

function concat(chunks: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
	const out = new Uint8Array(size);
	let at = 0;
	for (const c of chunks) {
		out.set(c, at);
		at += c.byteLength;
	}
	return out;
}

/** Caches must keep compressed and plain copies apart, even when this one went plain. */
function withVary(response: Response): Response {
	try {
		addVary(response.headers);
		return response;
	} catch {
		// Headers of a fetched response are immutable: copy them.
		const headers = new Headers(response.headers);
		addVary(headers);
		return new Response(response.body, {
			status: response.status,
			statusText: response.statusText,
			headers
		});
	}
}

/** Whether a response may be compressed at all, whatever the client accepts. */
function eligible(request: Request, response: Response, pathname: string): boolean {
	const h = response.headers;
	return (
		request.method !== 'HEAD' &&
		response.status >= 200 &&
		response.status !== 204 &&
		response.status !== 206 &&
		response.status !== 304 &&
		response.body !== null &&
		!h.has('content-encoding') &&
		!h.has('content-range') &&
		// Stored files (the online training's videos) are served for byte ranges, never compressed.
		!pathname.startsWith('/supabase/storage/') &&
		!request.headers.has('range') &&
		isCompressible(h.get('content-type'))
	);
}

/** The response compressed for the request, or unchanged when it should not or need not be. */
export async function compressResponse(
	request: Request,
	response: Response,
	pathname = new URL(request.url).pathname
): Promise<Response> {
	if (!eligible(request, response, pathname)) return response;
	const length = response.headers.get('content-length');
	const encoding = negotiateEncoding(request.headers.get('accept-encoding'));
	if (!encoding || (length !== null && Number(length) < MIN_BYTES)) return withVary(response);
	const reader = (response.body as ReadableStream<Uint8Array>).getReader();
	const start = await readStart(reader);
	const headers = new Headers(response.headers);
	addVary(headers);
	const init = { status: response.status, statusText: response.statusText, headers };
	if (start.done && start.size < MIN_BYTES) {
		return new Response(concat(start.chunks, start.size), init);
	}
	headers.delete('content-length');
	headers.set('content-encoding', encoding);
	// A strong validator names these exact bytes; the compressed body is a different one.
	const etag = headers.get('etag');
	if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	return new Response(compressStream(start.chunks, start.done ? null : reader, encoding), init);
}

/** The hook: outermost, so every dynamic response passes through it. */
export const compression: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	// A load function's fetch of the app's own routes never leaves the process: leave it plain.
	if (event.isSubRequest) return response;
	return compressResponse(event.request, response, event.url.pathname);
};
