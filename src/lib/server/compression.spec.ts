import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib';
import { compressResponse, isCompressible, MIN_BYTES, negotiateEncoding } from './compression';

describe('negotiateEncoding', () => {
	it('prefers br, then gzip, and nothing when neither is offered', () => {
		expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
		expect(negotiateEncoding('deflate')).toBeNull();
		expect(negotiateEncoding('identity')).toBeNull();
		expect(negotiateEncoding('')).toBeNull();
		expect(negotiateEncoding(null)).toBeNull();
	});

	it('respects q values, q=0 refusing', () => {
		expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
		expect(negotiateEncoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
		expect(negotiateEncoding('br;q=0.8, gzip;q=0.8')).toBe('br');
		expect(negotiateEncoding('br;q=0, gzip;q=0')).toBeNull();
		expect(negotiateEncoding('GZIP ; Q=0.3')).toBe('gzip');
		expect(negotiateEncoding('gzip;q=nonsense')).toBeNull();
	});

	it('reads * as every encoding not named, and x-gzip as gzip', () => {
		expect(negotiateEncoding('*')).toBe('br');
		expect(negotiateEncoding('br;q=0, *')).toBe('gzip');
		expect(negotiateEncoding('*;q=0')).toBeNull();
		expect(negotiateEncoding('gzip, *;q=0')).toBe('gzip');
		expect(negotiateEncoding('x-gzip')).toBe('gzip');
	});
});

describe('isCompressible', () => {
	it('takes text, JSON, CSV and calendars but not images, video, PDF or zip', () => {
		for (const t of [
			'text/html; charset=utf-8',
			'application/json',
			'text/csv; charset=utf-8',
			'text/calendar',
			'image/svg+xml',
			'application/problem+json'
		])
			expect(isCompressible(t), t).toBe(true);
		for (const t of ['image/png', 'video/mp4', 'application/pdf', 'application/zip', null])
			expect(isCompressible(t), String(t)).toBe(false);
	});
});

const big = '<p>Reflective parenting</p>\n'.repeat(200);
const req = (init: RequestInit & { path?: string } = {}) =>
	new Request(`http://app.test${init.path ?? '/review'}`, {
		...init,
		headers: { 'accept-encoding': 'br, gzip', ...(init.headers as Record<string, string>) }
	});
const html = (body: BodyInit | null = big, init: ResponseInit = {}) =>
	new Response(body, {
		status: 200,
		...init,
		headers: { 'content-type': 'text/html; charset=utf-8', ...(init.headers ?? {}) }
	});
const bytes = async (r: Response) => Buffer.from(await r.arrayBuffer());

describe('compressResponse', () => {
	it('compresses with br and gzip to bodies that decode to the same text, with Vary', async () => {
		const br = await compressResponse(req(), html());
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toBe('Accept-Encoding');
		expect(br.headers.has('content-length')).toBe(false);
		const brBytes = await bytes(br);
		expect(brBytes.length).toBeLessThan(big.length / 4);
		expect(brotliDecompressSync(brBytes).toString()).toBe(big);

		const gz = await compressResponse(req({ headers: { 'accept-encoding': 'gzip' } }), html());
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		expect(gunzipSync(await bytes(gz)).toString()).toBe(big);
	});

	it('adds to an existing Vary and weakens a strong ETag', async () => {
		const r = await compressResponse(
			req(),
			html(big, { headers: { vary: 'Cookie', etag: '"abc"' } })
		);
		expect(r.headers.get('vary')).toBe('Cookie, Accept-Encoding');
		expect(r.headers.get('etag')).toBe('W/"abc"');
	});

	it('leaves alone what must not or need not be compressed', async () => {
		const small = await compressResponse(req(), html('<p>short</p>'));
		expect(small.headers.has('content-encoding')).toBe(false);
		expect(small.headers.get('vary')).toBe('Accept-Encoding');
		expect(await small.text()).toBe('<p>short</p>');

		const noAccept = await compressResponse(
			req({ headers: { 'accept-encoding': 'identity' } }),
			html()
		);
		expect(noAccept.headers.has('content-encoding')).toBe(false);
		expect(noAccept.headers.get('vary')).toBe('Accept-Encoding');
		expect(await noAccept.text()).toBe(big);

		const head = await compressResponse(req({ method: 'HEAD' }), html());
		expect(head.headers.has('content-encoding')).toBe(false);

		for (const status of [204, 304]) {
			const r = await compressResponse(req(), html(null, { status }));
			expect(r.headers.has('content-encoding')).toBe(false);
		}

		const already = await compressResponse(
			req(),
			html(big, { headers: { 'content-encoding': 'gzip' } })
		);
		expect(already.headers.get('content-encoding')).toBe('gzip');
		expect(await already.text()).toBe(big);

		const image = await compressResponse(
			req(),
			new Response(big, { headers: { 'content-type': 'image/png' } })
		);
		expect(image.headers.has('content-encoding')).toBe(false);

		const stored = await compressResponse(
			req({ path: '/supabase/storage/v1/object/sign/films/a.txt' }),
			new Response(big, { headers: { 'content-type': 'text/plain' } })
		);
		expect(stored.headers.has('content-encoding')).toBe(false);

		const ranged = await compressResponse(req({ headers: { range: 'bytes=0-99' } }), html());
		expect(ranged.headers.has('content-encoding')).toBe(false);

		const partial = await compressResponse(
			req(),
			html(big, { status: 206, headers: { 'content-range': 'bytes 0-99/5600' } })
		);
		expect(partial.headers.has('content-encoding')).toBe(false);

		const declaredSmall = await compressResponse(
			req(),
			html('x'.repeat(MIN_BYTES - 1), { headers: { 'content-length': String(MIN_BYTES - 1) } })
		);
		expect(declaredSmall.headers.has('content-encoding')).toBe(false);
	});

	it('streams: each chunk is sent compressed before the next one exists', async () => {
		let release: () => void = () => {};
		const later = new Promise<void>((r) => (release = r));
		const encoder = new TextEncoder();
		const body = new ReadableStream<Uint8Array>({
			async start(controller) {
				controller.enqueue(encoder.encode(big));
				await later;
				controller.enqueue(encoder.encode('<p>deferred</p>'));
				controller.close();
			}
		});
		const r = await compressResponse(req({ headers: { 'accept-encoding': 'gzip' } }), html(body));
		expect(r.headers.get('content-encoding')).toBe('gzip');
		const reader = r.body!.getReader();
		const received: Uint8Array[] = [];
		// Before the deferred part exists, what has arrived already decodes to the whole first chunk.
		const gunzip = createGunzip();
		let decoded = '';
		gunzip.on('data', (d: Buffer) => (decoded += d.toString()));
		while (decoded.length < big.length) {
			const { done, value } = await reader.read();
			expect(done).toBe(false);
			received.push(value!);
			await new Promise<void>((resolve) => gunzip.write(value!, () => resolve()));
			await new Promise((resolve) => setImmediate(resolve));
		}
		expect(decoded).toBe(big);
		release();
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			received.push(value);
		}
		expect(gunzipSync(Buffer.concat(received)).toString()).toBe(big + '<p>deferred</p>');
	});
});
