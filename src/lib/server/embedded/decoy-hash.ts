import type { PGlite, Transaction } from '@electric-sql/pglite';
import { randomToken } from './tokens';

/**
 * A bcrypt hash of a random secret, to check a password against when the email has no account
 * (or no password): answering without hashing would be quicker, and tell which emails have
 * accounts. It takes the cost of the hashes already stored, so both take as long; GoTrue's cost
 * (10) when there are none yet. Made once per database.
 */
const decoys = new WeakMap<PGlite, string>();

export async function decoyHash(db: PGlite, tx: PGlite | Transaction): Promise<string> {
	const known = decoys.get(db);
	if (known) return known;
	const { rows } = await tx.query<{ hash: string }>(
		`select extensions.crypt($1, extensions.gen_salt('bf', coalesce(
		   (select substr(encrypted_password, 5, 2)::int from auth.users
		     where encrypted_password ~ '^\\$2[abxy]?\\$[0-9]{2}\\$' limit 1),
		   10))) as hash`,
		[randomToken(24)]
	);
	const hash = rows[0]?.hash;
	if (!hash) throw new Error('could not make the decoy password hash');
	decoys.set(db, hash);
	return hash;
}
