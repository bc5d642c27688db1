import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { signIn, startBackend } from './harness';

/**
 * The embedded Auth server reads request bodies as GoTrue does (Go's json.Unmarshal into the
 * endpoint's parameters): text that is not JSON, JSON that is not an object, or a field of the
 * wrong type is a 400 `bad_json` "Could not parse request body as JSON: …", never a 500, and
 * changes nothing. GoTrue: internal/api/helpers.go, retrieveRequestParams.
 */

let backend: EmbeddedBackend;
let userToken: string;
beforeAll(async () => {
	backend = await startBackend();
	const client = await signIn(backend, 'parent3@example.org');
	userToken = (await client.auth.getSession()).data.session!.access_token;
});
afterAll(() => backend.close());

const BAD_BODIES: [string, string][] = [
	['text that is not JSON', 'email=a@example.org'],
	['an empty body', ''],
	['cut-off JSON', '{"email": "a@example.org"'],
	['an array', '[{"email": "a@example.org"}]'],
	['a string', '"a@example.org"'],
	['a number', '42'],
	['a field of the wrong type', '{"email": 5, "password": ["x"], "refresh_token": {}}']
];

const ENDPOINTS: {
	name: string;
	method: string;
	path: string;
	key: 'anon' | 'service' | 'user';
}[] = [
	{ name: 'password sign-in', method: 'POST', path: 'token?grant_type=password', key: 'anon' },
	{ name: 'refresh', method: 'POST', path: 'token?grant_type=refresh_token', key: 'anon' },
	{ name: 'verify', method: 'POST', path: 'verify', key: 'anon' },
	{ name: 'recover', method: 'POST', path: 'recover', key: 'anon' },
	{ name: 'update user', method: 'PUT', path: 'user', key: 'user' },
	{ name: 'invite', method: 'POST', path: 'invite', key: 'service' },
	{ name: 'create user', method: 'POST', path: 'admin/users', key: 'service' }
];

function send(e: (typeof ENDPOINTS)[number], body: string): Promise<Response> {
	const apikey = e.key === 'service' ? backend.serviceRoleKey : backend.anonKey;
	const bearer = e.key === 'user' ? userToken : apikey;
	return backend.handle(
		new Request(`${backend.url}/auth/v1/${e.path}`, {
			method: e.method,
			headers: { apikey, authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
			body
		})
	);
}

async function counts() {
	const { rows } = await backend.db.query<{ users: number; mail: number; sessions: number }>(
		`select (select count(*)::int from auth.users) as users,
		        (select count(*)::int from auth.sessions) as sessions,
		        (select count(*)::int from embedded.mail_outbox) as mail`
	);
	return rows[0];
}

describe.each(ENDPOINTS)('$name ($method /auth/v1/$path)', (endpoint) => {
	it.each(BAD_BODIES)('answers %s with 400 bad_json and changes nothing', async (_, body) => {
		const before = await counts();
		const res = await send(endpoint, body);
		expect(res.status).toBe(400);
		const answer = (await res.json()) as { code: string; message: string };
		expect(answer.code).toBe('bad_json');
		expect(answer.message).toMatch(/^Could not parse request body as JSON: \S/);
		expect(await counts()).toEqual(before);
	});
});

describe('what GoTrue accepts', () => {
	it('reads a JSON null as no fields, as Go does (then the endpoint says what is missing)', async () => {
		const res = await send(ENDPOINTS[0]!, 'null');
		expect(res.status).toBe(400);
		expect(((await res.json()) as { code: string }).code).toBe('invalid_credentials');
	});

	it('still checks the grant type before reading the body', async () => {
		const res = await send({ ...ENDPOINTS[0]!, path: 'token?grant_type=magic' }, 'not json');
		expect(((await res.json()) as { code: string }).code).toBe('unsupported_grant_type');
	});

	it('still checks the caller before reading the body of an admin call', async () => {
		const res = await send({ ...ENDPOINTS[5]!, key: 'anon' }, 'not json');
		expect(res.status).toBe(403);
		expect(((await res.json()) as { code: string }).code).toBe('not_admin');
	});
});
