import type { PGlite } from '@electric-sql/pglite';
import { json } from './http';
import { actAs, type RestContext } from './rest';
import type { ApiRole } from './tokens';

/**
 * The part of Supabase Storage this app uses, with its shapes: upload (POST/PUT
 * /object/<bucket>/<name>), remove (DELETE /object/<bucket>), sign (POST
 * /object/sign/<bucket>/<name>, giving a short-lived address) and reading a signed address (GET
 * /object/sign/<bucket>/<name>?token=…, with byte ranges for video).
 *
 * As Storage does, every upload, removal and signing runs as the caller's role with their claims,
 * so the policies on storage.objects decide; a signed address is then the only authority, until
 * it expires. The bytes live in embedded.storage_blobs beside the object rows.
 */

export interface StorageContext extends RestContext {
	/** Verifies the caller's token; null when it is missing or forged. */
	claims: Record<string, unknown> | null;
}

const SIGNED_TYPE = 'storage-url';

function storageError(status: number, statusCode: string, error: string, message: string) {
	return json({ statusCode, error, message }, status);
}

/** An object name as Storage accepts it: path segments, no empty ones, no ".." or control chars. */
function validName(name: string): boolean {
	return (
		name.length > 0 &&
		name.length <= 900 &&
		!name.split('/').some((s) => s === '' || s === '.' || s === '..') &&
		![...name].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)
	);
}

function splitPath(rest: string): { bucket: string; name: string } | null {
	const slash = rest.indexOf('/');
	if (slash <= 0) return null;
	let name: string;
	try {
		name = decodeURIComponent(rest.slice(slash + 1));
	} catch {
		return null;
	}
	const bucket = rest.slice(0, slash);
	return validName(name) ? { bucket, name } : null;
}

async function asCaller<T>(
	ctx: StorageContext,
	role: ApiRole,
	method: string,
	work: (tx: Parameters<Parameters<PGlite['transaction']>[0]>[0]) => Promise<T>
): Promise<T> {
	return ctx.db.transaction(async (tx) => {
		await actAs(tx, ctx, role, ctx.claims ?? { role }, method);
		return work(tx);
	});
}

async function sign(
	ctx: StorageContext,
	role: ApiRole,
	req: Request,
	bucket: string,
	name: string
) {
	let expiresIn: number;
	try {
		const body = (await req.json()) as { expiresIn?: unknown };
		expiresIn = Number(body.expiresIn);
	} catch {
		return storageError(400, '400', 'invalid_request', 'The body must be JSON with expiresIn');
	}
	if (!Number.isInteger(expiresIn) || expiresIn < 1) {
		return storageError(400, '400', 'invalid_request', 'expiresIn must be a positive whole number');
	}
	const found = await asCaller(ctx, role, 'POST', async (tx) => {
		const { rows } = await tx.query(
			'select 1 from storage.objects where bucket_id = $1 and name = $2',
			[bucket, name]
		);
		return rows.length > 0;
	});
	if (!found) return storageError(400, '404', 'not_found', 'Object not found');
	const token = await ctx.tokens.sign({ url: `${bucket}/${name}`, typ: SIGNED_TYPE }, expiresIn);
	return json({ signedURL: `/object/sign/${bucket}/${name}?token=${token}` });
}

/** One byte range of `size` from a Range header ("bytes=a-b", "bytes=a-", "bytes=-n"). */
function byteRange(header: string | null, size: number): [number, number] | 'bad' | null {
	if (!header) return null;
	const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
	if (!m || (m[1] === '' && m[2] === '')) return 'bad';
	let start: number;
	let end: number;
	if (m[1] === '') {
		start = Math.max(0, size - Number(m[2]));
		end = size - 1;
	} else {
		start = Number(m[1]);
		end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
	}
	return start > end || start >= size ? 'bad' : [start, end];
}

async function readSigned(ctx: StorageContext, req: Request, bucket: string, name: string) {
	const token = new URL(req.url).searchParams.get('token');
	const claims = await ctx.tokens.verify(token);
	if (!claims || claims.typ !== SIGNED_TYPE || claims.url !== `${bucket}/${name}`) {
		return storageError(
			400,
			'InvalidJWT',
			'invalid_token',
			'The signed address is invalid or has expired'
		);
	}
	const { rows } = await ctx.db.query<{ data: Uint8Array; mimetype: string | null }>(
		`select b.data, o.metadata ->> 'mimetype' as mimetype
		   from storage.objects o
		   join embedded.storage_blobs b on b.bucket_id = o.bucket_id and b.name = o.name
		  where o.bucket_id = $1 and o.name = $2`,
		[bucket, name]
	);
	const row = rows[0];
	if (!row) return storageError(400, '404', 'not_found', 'Object not found');
	const size = row.data.byteLength;
	const headers: Record<string, string> = {
		'content-type': row.mimetype ?? 'application/octet-stream',
		'accept-ranges': 'bytes',
		'cache-control': 'private, max-age=60'
	};
	const range = byteRange(req.headers.get('range'), size);
	if (range === 'bad') {
		return new Response(null, { status: 416, headers: { 'content-range': `bytes */${size}` } });
	}
	if (range) {
		const [start, end] = range;
		return new Response(
			req.method === 'HEAD' ? null : Buffer.from(row.data.slice(start, end + 1)),
			{
				status: 206,
				headers: {
					...headers,
					'content-range': `bytes ${start}-${end}/${size}`,
					'content-length': String(end - start + 1)
				}
			}
		);
	}
	return new Response(req.method === 'HEAD' ? null : Buffer.from(row.data), {
		status: 200,
		headers: { ...headers, 'content-length': String(size) }
	});
}

/** The uploaded file and its type, from a multipart form (supabase-js with a Blob) or a raw body. */
async function uploadedFile(req: Request): Promise<{ bytes: Uint8Array; type: string } | null> {
	const type = req.headers.get('content-type') ?? '';
	if (type.startsWith('multipart/form-data')) {
		const form = await req.formData();
		const file = [...form.values()].find((v): v is File => typeof v !== 'string');
		if (!file) return null;
		return {
			bytes: new Uint8Array(await file.arrayBuffer()),
			type: file.type || 'application/octet-stream'
		};
	}
	return {
		bytes: new Uint8Array(await req.arrayBuffer()),
		type: type || 'application/octet-stream'
	};
}

async function upload(
	ctx: StorageContext,
	role: ApiRole,
	req: Request,
	bucket: string,
	name: string
) {
	const buckets = await ctx.db.query<{
		file_size_limit: number | null;
		allowed_mime_types: string[] | null;
	}>('select file_size_limit, allowed_mime_types from storage.buckets where id = $1', [bucket]);
	const b = buckets.rows[0];
	if (!b) return storageError(400, '404', 'Bucket not found', 'Bucket not found');
	const file = await uploadedFile(req);
	if (!file) return storageError(400, '400', 'invalid_request', 'No file in the request');
	if (b.file_size_limit !== null && file.bytes.byteLength > Number(b.file_size_limit)) {
		return storageError(
			400,
			'413',
			'Payload too large',
			'The object exceeded the maximum allowed size'
		);
	}
	const mime = file.type.split(';')[0]!.trim();
	if (b.allowed_mime_types && !b.allowed_mime_types.includes(mime)) {
		return storageError(400, '415', 'invalid_mime_type', `mime type ${mime} is not supported`);
	}
	const upsert = req.method === 'PUT' || req.headers.get('x-upsert') === 'true';
	const owner = typeof ctx.claims?.sub === 'string' ? ctx.claims.sub : null;
	const metadata = JSON.stringify({ mimetype: mime, size: file.bytes.byteLength });
	try {
		const id = await asCaller(ctx, role, req.method, async (tx) => {
			const sql = upsert
				? `insert into storage.objects (bucket_id, name, owner, metadata) values ($1, $2, $3, $4)
				   on conflict (bucket_id, name) do update set metadata = excluded.metadata,
				     owner = excluded.owner, updated_at = now()
				   returning id`
				: `insert into storage.objects (bucket_id, name, owner, metadata) values ($1, $2, $3, $4)
				   returning id`;
			const { rows } = await tx.query<{ id: string }>(sql, [bucket, name, owner, metadata]);
			await tx.exec('reset role');
			await tx.query(
				`insert into embedded.storage_blobs (bucket_id, name, data) values ($1, $2, $3)
				 on conflict (bucket_id, name) do update set data = excluded.data`,
				[bucket, name, file.bytes]
			);
			return rows[0]?.id;
		});
		return json({ Id: id, Key: `${bucket}/${name}` });
	} catch (e) {
		const code = (e as { code?: string }).code;
		if (code === '23505')
			return storageError(400, '409', 'Duplicate', 'The resource already exists');
		if (code === '42501') {
			return storageError(400, '403', 'Unauthorized', 'new row violates row-level security policy');
		}
		throw e;
	}
}

async function remove(ctx: StorageContext, role: ApiRole, req: Request, bucket: string) {
	let prefixes: unknown;
	try {
		prefixes = ((await req.json()) as { prefixes?: unknown }).prefixes;
	} catch {
		prefixes = undefined;
	}
	if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string')) {
		return storageError(400, '400', 'invalid_request', 'prefixes must be a list of names');
	}
	const removed = await asCaller(ctx, role, 'DELETE', async (tx) => {
		const { rows } = await tx.query<{ name: string; bucket_id: string; id: string }>(
			'delete from storage.objects where bucket_id = $1 and name = any($2) returning id, name, bucket_id',
			[bucket, prefixes]
		);
		await tx.exec('reset role');
		await tx.query('delete from embedded.storage_blobs where bucket_id = $1 and name = any($2)', [
			bucket,
			rows.map((r) => r.name)
		]);
		return rows;
	});
	return json(removed);
}

/** True for a request that carries its own authority (a signed address) instead of an API key. */
export function isSignedRead(req: Request, path: string): boolean {
	return (req.method === 'GET' || req.method === 'HEAD') && path.startsWith('object/sign/');
}

export async function handleStorage(
	ctx: StorageContext,
	req: Request,
	path: string
): Promise<Response> {
	if (path.startsWith('object/sign/')) {
		const target = splitPath(path.slice('object/sign/'.length));
		if (!target) return storageError(400, '400', 'invalid_request', 'Invalid object name');
		if (req.method === 'GET' || req.method === 'HEAD') {
			return readSigned(ctx, req, target.bucket, target.name);
		}
	}
	const role = ctx.claims?.role as ApiRole | undefined;
	if (!ctx.claims || !role || !['anon', 'authenticated', 'service_role'].includes(role)) {
		return storageError(400, '403', 'Unauthorized', 'Invalid JWT');
	}
	if (path.startsWith('object/sign/') && req.method === 'POST') {
		const target = splitPath(path.slice('object/sign/'.length))!;
		return sign(ctx, role, req, target.bucket, target.name);
	}
	if (path.startsWith('object/')) {
		const rest = path.slice('object/'.length);
		if (req.method === 'DELETE' && !rest.includes('/')) return remove(ctx, role, req, rest);
		const target = splitPath(rest);
		if (!target) return storageError(400, '400', 'invalid_request', 'Invalid object name');
		if (req.method === 'POST' || req.method === 'PUT') {
			return upload(ctx, role, req, target.bucket, target.name);
		}
	}
	return storageError(400, '404', 'not_found', 'Not found');
}

/**
 * Fill in the bytes of objects the demo seed recorded (metadata.seed_file names a file in
 * supabase/seed-storage/), so the demo's films play. Files are bundled at build time.
 */
export async function loadSeedFiles(
	db: PGlite,
	files: Record<string, Uint8Array>
): Promise<number> {
	const { rows } = await db.query<{ bucket_id: string; name: string; seed_file: string }>(
		`select bucket_id, name, metadata ->> 'seed_file' as seed_file from storage.objects
		  where metadata ? 'seed_file'`
	);
	let loaded = 0;
	for (const r of rows) {
		const bytes = files[r.seed_file];
		if (!bytes) continue;
		await db.query(
			`insert into embedded.storage_blobs (bucket_id, name, data) values ($1, $2, $3)
			 on conflict (bucket_id, name) do update set data = excluded.data`,
			[r.bucket_id, r.name, bytes]
		);
		await db.query(
			`update storage.objects set metadata = metadata - 'seed_file' || jsonb_build_object('size', $3::int)
			  where bucket_id = $1 and name = $2`,
			[r.bucket_id, r.name, bytes.byteLength]
		);
		loaded++;
	}
	return loaded;
}
