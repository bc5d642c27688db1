/**
 * The linter's rules (tests/shared/lint-rules.ts) on PostgreSQL 15, on a database built from the
 * bootstrap and every migration, as a Supabase project would have it. Plus the sequence finding
 * on a real server: a client's setval would make every later audited write fail.
 */
import { describe, expect, it } from 'vitest';
import { LINT_RULES, offenders, type RunRolledBack } from '../shared/lint-rules';
import { asUser, ids, sqlState, useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 4 });

const run: RunRolledBack = async (statements, params) => {
	const client = await db().pool.connect();
	try {
		await client.query('begin');
		let rows: { offender: string }[] = [];
		for (const [i, sql] of statements.entries()) {
			const last = i === statements.length - 1;
			rows = (await client.query<{ offender: string }>(sql, last ? params : [])).rows;
		}
		return rows;
	} finally {
		await client.query('rollback');
		client.release();
	}
};

describe('the schema passes the linter rules (PostgreSQL 15)', () => {
	it.each(LINT_RULES.map((r) => [r.name, r] as const))('%s', async (_name, rule) => {
		expect(await offenders(rule, run), rule.why).toEqual([]);
	});
});

describe('each rule reports an offence planted for it (so a pass means something)', () => {
	it.each(LINT_RULES.map((r) => [r.name, r] as const))('%s', async (_name, rule) => {
		expect(await offenders(rule, run, { planted: true })).toContain(rule.planted.offender);
		expect(await offenders(rule, run)).toEqual([]);
	});
});

describe('sequences on a real server', () => {
	it('setval, nextval and reading a sequence are refused for anon and signed-in people (42501)', async () => {
		for (const who of [null, ids.parent(1), ids.lead]) {
			for (const seq of ['public.audit_log_id_seq', 'public.notifications_id_seq']) {
				expect(await sqlState(db().pool, who, `select setval('${seq}', 1)`), `${who} ${seq}`).toBe(
					'42501'
				);
				expect(await sqlState(db().pool, who, `select nextval('${seq}')`)).toBe('42501');
				expect(await sqlState(db().pool, who, `select last_value from ${seq}`)).toBe('42501');
			}
		}
	});

	it('audited writes go on working after those attempts', async () => {
		const before = await db().pool.query<{ n: number }>(
			'select count(*)::int as n from public.audit_log'
		);
		const renamed = await asUser(db().pool, ids.parent(1), async (c) => {
			const r = await c.query(
				"update public.profiles set full_name = 'Margaret Doyle' where id = $1 returning id",
				[ids.parent(1)]
			);
			return r.rowCount;
		});
		expect(renamed).toBe(1);
		const after = await db().pool.query<{ n: number }>(
			'select count(*)::int as n from public.audit_log'
		);
		expect(after.rows[0]!.n).toBe(before.rows[0]!.n + 1);
	});
});
