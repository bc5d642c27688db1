/**
 * The linter's rules (tests/shared/lint-rules.ts) on PGlite: the database the embedded backend
 * builds from the bootstrap and every migration, reopened as the app reopens it (the bootstrap
 * runs again on every start, and must not undo what the migrations narrowed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { LINT_RULES, offenders, type RunRolledBack } from '../shared/lint-rules';
import { startBackend } from './harness';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

const run: RunRolledBack = (statements, params) =>
	backend.db.transaction(async (tx) => {
		let rows: { offender: string }[] = [];
		for (const [i, sql] of statements.entries()) {
			const last = i === statements.length - 1;
			rows = (await tx.query<{ offender: string }>(sql, last ? params : [])).rows;
		}
		await tx.rollback();
		return rows;
	});

describe('the schema passes the linter rules (PGlite)', () => {
	it.each(LINT_RULES.map((r) => [r.name, r] as const))('%s', async (_name, rule) => {
		expect(await offenders(rule, run), rule.why).toEqual([]);
	});
});

describe('each rule reports an offence planted for it (so a pass means something)', () => {
	it.each(LINT_RULES.map((r) => [r.name, r] as const))('%s', async (_name, rule) => {
		expect(await offenders(rule, run, { planted: true })).toContain(rule.planted.offender);
		// and the plant was rolled back
		expect(await offenders(rule, run)).toEqual([]);
	});
});
