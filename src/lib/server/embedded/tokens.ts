import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { createHash, randomBytes } from 'node:crypto';

export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/** 2026-01-01T00:00:00Z: when the embedded backend's API keys say they were issued. */
const API_KEYS_ISSUED_AT = 1767225600;

/** Signs and verifies the HS256 JWTs that Supabase uses for API keys and access tokens. */
export class Tokens {
	readonly #key: Uint8Array;

	constructor(secret: string) {
		this.#key = new TextEncoder().encode(secret);
	}

	sign(claims: JWTPayload, expiresInSeconds: number, issuedAt = Math.floor(Date.now() / 1000)) {
		return new SignJWT({ ...claims, iat: issuedAt, exp: issuedAt + expiresInSeconds })
			.setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
			.sign(this.#key);
	}

	/** The verified claims, or null for a missing, forged or expired token. */
	async verify(
		token: string | null | undefined
	): Promise<(JWTPayload & Record<string, unknown>) | null> {
		if (!token) return null;
		try {
			const { payload } = await jwtVerify(token, this.#key, { algorithms: ['HS256'] });
			return payload as JWTPayload & Record<string, unknown>;
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
