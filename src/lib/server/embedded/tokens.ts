import {
	SignJWT,
	decodeProtectedHeader,
	exportJWK,
	generateKeyPair,
	importJWK,
	jwtVerify,
	type JWK,
	type JWTPayload
} from 'jose';
import { createHash, randomBytes, randomUUID } from 'node:crypto';

export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/** 2026-01-01T00:00:00Z: when the embedded backend's API keys say they were issued. */
const API_KEYS_ISSUED_AT = 1767225600;

/** The access tokens' signing key as kept in a data directory: a private JWK with its kid. */
export type SigningKey = JWK & { kid: string; alg: 'ES256' };

/** A fresh ES256 key pair, as a private JWK (it holds the public part too). */
export async function newSigningKey(): Promise<SigningKey> {
	const { privateKey } = await generateKeyPair('ES256', { extractable: true });
	const jwk = await exportJWK(privateKey);
	return { ...jwk, kid: randomUUID(), alg: 'ES256' };
}

/** Only the public part of a signing key, as a JWKS lists it (GoTrue's PublicKey fields). */
export function publicJwk(key: SigningKey): JWK {
	const { kty, crv, x, y, kid, alg } = key;
	return { kty, crv, x, y, kid, alg, use: 'sig', key_ops: ['verify'], ext: true };
}

type Claims = JWTPayload & Record<string, unknown>;
type Verifier = CryptoKey | Uint8Array;

/**
 * The embedded backend's JWTs, as a Supabase project with asymmetric signing keys has them:
 * ACCESS tokens are ES256 with a `kid`, so anyone with the public key set
 * (/auth/v1/.well-known/jwks.json) can check them without asking the Auth server; the API keys
 * (anon, service_role) and signed file addresses stay HS256 with the project's secret, as
 * Supabase's legacy keys are. An HS256 token is never accepted as a person's session: one that
 * says `role: authenticated` is refused, whoever signed it (no alg confusion).
 */
export class Tokens {
	readonly #secret: Uint8Array;
	readonly #signingKey: SigningKey;
	#private: Promise<CryptoKey> | undefined;
	#public: Promise<CryptoKey> | undefined;

	constructor(secret: string, signingKey: SigningKey) {
		this.#secret = new TextEncoder().encode(secret);
		this.#signingKey = signingKey;
	}

	/** The public key set GoTrue serves at /.well-known/jwks.json. */
	jwks(): { keys: JWK[] } {
		return { keys: [publicJwk(this.#signingKey)] };
	}

	#privateKey(): Promise<CryptoKey> {
		this.#private ??= importJWK(this.#signingKey, 'ES256') as Promise<CryptoKey>;
		return this.#private;
	}

	#publicKey(): Promise<CryptoKey> {
		this.#public ??= importJWK(publicJwk(this.#signingKey), 'ES256') as Promise<CryptoKey>;
		return this.#public;
	}

	/** An HS256 token (API keys, signed file addresses): never a person's session. */
	sign(claims: JWTPayload, expiresInSeconds: number, issuedAt = Math.floor(Date.now() / 1000)) {
		if (claims.role === 'authenticated') {
			throw new Error('Access tokens are signed with signAccess (ES256), not the shared secret.');
		}
		return new SignJWT({ ...claims, iat: issuedAt, exp: issuedAt + expiresInSeconds })
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.sign(this.#secret);
	}

	/** A session's access token: ES256, with the signing key's kid in its header. */
	async signAccess(
		claims: JWTPayload,
		expiresInSeconds: number,
		issuedAt = Math.floor(Date.now() / 1000)
	): Promise<string> {
		return new SignJWT({ ...claims, iat: issuedAt, exp: issuedAt + expiresInSeconds })
			.setProtectedHeader({ alg: 'ES256', typ: 'JWT', kid: this.#signingKey.kid })
			.sign(await this.#privateKey());
	}

	/**
	 * The verified claims, or null for a missing, forged, expired or wrongly signed token. Each
	 * algorithm has its own key: ES256 the signing key (its kid must match), HS256 the secret and
	 * only for tokens that are not a session's.
	 */
	async verify(token: string | null | undefined): Promise<Claims | null> {
		if (!token) return null;
		try {
			const header = decodeProtectedHeader(token);
			let key: Verifier;
			if (header.alg === 'ES256') {
				if (header.kid !== this.#signingKey.kid) return null;
				key = await this.#publicKey();
			} else if (header.alg === 'HS256') {
				key = this.#secret;
			} else {
				return null;
			}
			const { payload } = await jwtVerify(token, key, { algorithms: [header.alg] });
			if (header.alg === 'HS256' && payload.role === 'authenticated') return null;
			if (header.alg === 'ES256' && payload.role !== 'authenticated') return null;
			return payload as Claims;
		} catch {
			return null;
		}
	}

	/**
	 * An API key: a long-lived JWT whose only claim of note is its role, as Supabase issues. Like
	 * a project's keys it is the same on every start (a fixed issue time), so scripts can keep it
	 * and the server's own signed cookies survive a restart.
	 */
	apiKey(role: Exclude<ApiRole, 'authenticated'>): Promise<string> {
		return this.sign(
			{ iss: 'supabase', ref: 'embedded', role },
			20 * 365 * 24 * 3600,
			API_KEYS_ISSUED_AT
		);
	}
}

export function randomToken(bytes = 32): string {
	return randomBytes(bytes).toString('base64url');
}

/** Link tokens are stored hashed, so a copy of the database cannot be used to take over accounts. */
export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}
