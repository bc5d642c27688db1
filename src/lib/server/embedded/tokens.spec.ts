import { describe, expect, it } from 'vitest';
import { SignJWT, createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JWK } from 'jose';
import { newSigningKey, publicJwk, Tokens } from './tokens';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256-0123456789';
const session = { sub: '00000000-0000-0000-0000-000000000001', role: 'authenticated' };

async function pair() {
	const key = await newSigningKey();
	return { key, tokens: new Tokens(SECRET, key) };
}

describe('access tokens (ES256 with a kid, as a Supabase project with signing keys)', () => {
	it('are ES256 with the key id, and the public key set verifies them', async () => {
		const { key, tokens } = await pair();
		const token = await tokens.signAccess(session, 3600);
		expect(decodeProtectedHeader(token)).toEqual({ alg: 'ES256', typ: 'JWT', kid: key.kid });
		const jwks = tokens.jwks();
		expect(jwks.keys).toHaveLength(1);
		// The public part only: no private scalar in what is served.
		expect(jwks.keys[0]).not.toHaveProperty('d');
		expect(jwks.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', kid: key.kid, alg: 'ES256' });
		const { payload } = await jwtVerify(token, createLocalJWKSet(jwks as { keys: JWK[] }));
		expect(payload.sub).toBe(session.sub);
		expect((await tokens.verify(token))?.sub).toBe(session.sub);
	});

	it('verify the way auth-js getClaims does (WebCrypto with the served JWK)', async () => {
		const { tokens } = await pair();
		const token = await tokens.signAccess(session, 3600);
		const [h, p, s] = token.split('.') as [string, string, string];
		const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: { name: 'SHA-256' } };
		const key = await crypto.subtle.importKey('jwk', tokens.jwks().keys[0]!, algorithm, true, [
			'verify'
		]);
		const data = new TextEncoder().encode(`${h}.${p}`);
		const sig = Buffer.from(s, 'base64url');
		expect(await crypto.subtle.verify(algorithm, key, sig, data)).toBe(true);
		expect(
			await crypto.subtle.verify(algorithm, key, sig, new TextEncoder().encode(`${h}.x`))
		).toBe(false);
	});

	it('a tampered token is refused', async () => {
		const { tokens } = await pair();
		const token = await tokens.signAccess(session, 3600);
		const [h, , s] = token.split('.');
		const forged = Buffer.from(JSON.stringify({ ...session, user_role: 'clinical_lead' })).toString(
			'base64url'
		);
		expect(await tokens.verify(`${h}.${forged}.${s}`)).toBeNull();
	});

	it('an expired token is refused', async () => {
		const { tokens } = await pair();
		const token = await tokens.signAccess(session, 60, Math.floor(Date.now() / 1000) - 3600);
		expect(await tokens.verify(token)).toBeNull();
	});

	it("another key's token is refused, with its own kid or this key's", async () => {
		const { key, tokens } = await pair();
		const other = new Tokens(SECRET, await newSigningKey());
		expect(await tokens.verify(await other.signAccess(session, 3600))).toBeNull();
		const impostor = new Tokens(SECRET, { ...(await newSigningKey()), kid: key.kid });
		expect(await tokens.verify(await impostor.signAccess(session, 3600))).toBeNull();
	});

	it('HS256 claiming a session is refused (alg confusion), with the secret or the public key', async () => {
		const { key, tokens } = await pair();
		const now = Math.floor(Date.now() / 1000);
		const hs = (secret: Uint8Array, kid?: string) =>
			new SignJWT({ ...session, iat: now, exp: now + 3600 })
				.setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...(kid ? { kid } : {}) })
				.sign(secret);
		expect(await tokens.verify(await hs(new TextEncoder().encode(SECRET)))).toBeNull();
		expect(await tokens.verify(await hs(new TextEncoder().encode(SECRET), key.kid))).toBeNull();
		const publicBytes = new TextEncoder().encode(JSON.stringify(publicJwk(key)));
		expect(await tokens.verify(await hs(publicBytes, key.kid))).toBeNull();
		expect(() => tokens.sign(session, 3600)).toThrow();
	});

	it('an unsigned (alg none) token is refused', async () => {
		const { tokens } = await pair();
		const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
		const now = Math.floor(Date.now() / 1000);
		const token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ ...session, exp: now + 60 })}.`;
		expect(await tokens.verify(token)).toBeNull();
	});
});

describe('API keys (HS256 with the secret, as Supabase legacy keys)', () => {
	it('verify with the secret, and not with another', async () => {
		const { key, tokens } = await pair();
		const anon = await tokens.apiKey('anon');
		expect(decodeProtectedHeader(anon).alg).toBe('HS256');
		expect((await tokens.verify(anon))?.role).toBe('anon');
		expect((await tokens.verify(await tokens.apiKey('service_role')))?.role).toBe('service_role');
		const other = new Tokens('another-secret-another-secret-another-secret-000', key);
		expect(await tokens.verify(await other.apiKey('service_role'))).toBeNull();
	});

	it('an ES256 token is only ever a session: one claiming service_role is refused', async () => {
		const { tokens } = await pair();
		expect(await tokens.verify(await tokens.signAccess({ role: 'service_role' }, 3600))).toBeNull();
	});
});
