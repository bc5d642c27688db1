import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { openDatabase } from '../../src/lib/server/embedded/database';

/**
 * Now and then a PGlite instance starts with pgcrypto unable to hash ("Cipher cannot be
 * initialized"), which refused every sign-in of that server (seen about one start in fifteen).
 * openDatabase opens again until the hashes work; ten starts in a row must all hash, which
 * without that would fail about half the runs.
 */
describe('every start of the embedded database can hash', () => {
	it('ten starts in a row: digest and hmac work in each', { timeout: 120_000 }, async () => {
		const dump = new Blob([readFileSync(inject('schemaDump'))]);
		for (let start = 0; start < 10; start++) {
			const db = await openDatabase({ loadDataDir: dump });
			try {
				const { rows } = await db.query<{ hex: string }>(
					`select encode(extensions.digest('x', 'sha256'), 'hex') as hex,
					   extensions.hmac('a', 'b', 'sha256') is not null as signed`
				);
				expect(rows[0]).toEqual({
					hex: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881',
					signed: true
				});
			} finally {
				await db.close();
			}
		}
	});
});
