/**
 * The same SQL the embedded backend runs on PGlite, on PostgreSQL 15 as Supabase runs it:
 * it applies, RLS is on everywhere, column grants hold, and the sign-in limit survives a race.
 */
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/lib/server/embedded/database';
import { asUser, connectServer, ids, inTransaction, sqlState, useFreshDatabase } from './harness';

const db = useFreshDatabase({ max: 30 });

describe('PostgreSQL 15 compatibility', () => {
	it('runs on PostgreSQL 15 (required in CI)', async () => {
		const client = await connectServer();
		try {
			const { rows } = await client.query<{ num: string; version: string }>(
				"select current_setting('server_version_num') as num, version() as version"
			);
			const num = Number(rows[0]?.num);
			console.log(`[pg] server: ${rows[0]?.version}`);
			if (process.env.CI === 'true') {
				expect(num).toBeGreaterThanOrEqual(150000);
				expect(num).toBeLessThanOrEqual(159999);
			} else {
				expect(num).toBeGreaterThan(0);
			}
		} finally {
			await client.end();
		}
	});

	it('applies the bootstrap, every migration in order, and the seed', async () => {
		const { applied, pool } = db();
		console.log(
			`[pg] applied: ${applied.map((a) => `${a.name.split('/').pop()} (${a.ms} ms)`).join(', ')}`
		);
		expect(applied.map((a) => a.name)).toEqual([
			'supabase/embedded-bootstrap.sql',
			...migrations().map((m) => `supabase/migrations/${m.version}_${m.name}.sql`),
			'supabase/seed.sql'
		]);
		const { rows } = await pool.query<{ role: string; n: number }>(
			'select role::text, count(*)::int as n from public.profiles group by role order by role'
		);
		expect(rows).toEqual([
			{ role: 'booker', n: 1 },
			{ role: 'clinical_lead', n: 1 },
			{ role: 'facilitator', n: 4 },
			{ role: 'parent', n: 25 },
			{ role: 'trainee', n: 5 },
			{ role: 'training_admin', n: 1 }
		]);
	});

	it('has Row Level Security enabled on every table in public and private', async () => {
		const { rows } = await db().pool.query<{ name: string; rls: boolean }>(
			`select n.nspname || '.' || c.relname as name, c.relrowsecurity as rls
			   from pg_class c join pg_namespace n on n.oid = c.relnamespace
			  where n.nspname in ('public', 'private') and c.relkind in ('r', 'p')
			  order by 1`
		);
		expect(rows.length).toBeGreaterThan(0);
		expect(rows.filter((r) => !r.rls).map((r) => r.name)).toEqual([]);
	});
});

describe('column grants on profiles', () => {
	const parent = ids.parent(1);

	it('a parent cannot make themselves clinical lead (42501)', async () => {
		expect(
			await sqlState(
				db().pool,
				parent,
				"update public.profiles set role = 'clinical_lead' where id = $1",
				[parent]
			)
		).toBe('42501');
		const { rows } = await db().pool.query('select role::text from public.profiles where id = $1', [
			parent
		]);
		expect(rows).toEqual([{ role: 'parent' }]);
	});

	it('a parent can change their own name', async () => {
		const updated = await asUser(db().pool, parent, async (c) => {
			const r = await c.query(
				"update public.profiles set full_name = 'Margaret D.' where id = $1 returning full_name",
				[parent]
			);
			return r.rows;
		});
		expect(updated).toEqual([{ full_name: 'Margaret D.' }]);
	});
});

describe('races', () => {
	it('20 simultaneous failed sign-ins for an account at the hook ceiling: it refuses from the 100th failure', async () => {
		const { pool } = db();
		const who = ids.parent(1);
		const event = JSON.stringify({ user_id: who, valid: false });
		const attempts = 20;
		// 90 failures from anywhere in the last 15 minutes; the ceiling is 100.
		await pool.query(
			`insert into private.sign_in_attempts (user_id, outcome, at)
			 select $1, 'failed', now() - interval '5 minutes' from generate_series(1, 90)`,
			[who]
		);

		// Open every connection and transaction first, so the calls all start together.
		const clients = await Promise.all(Array.from({ length: attempts }, () => pool.connect()));
		try {
			await Promise.all(
				clients.map(async (c) => {
					await c.query('begin');
					await c.query('set local role supabase_auth_admin');
				})
			);
			const decisions = await Promise.all(
				clients.map(async (c) => {
					const { rows } = await c.query<{ r: { decision: string } }>(
						'select public.hook_password_verification_attempt($1::jsonb) as r',
						[event]
					);
					await c.query('commit');
					return rows[0]?.r.decision;
				})
			);
			expect(decisions.filter((d) => d === 'continue')).toHaveLength(9);
			expect(decisions.filter((d) => d === 'reject')).toHaveLength(11);
		} finally {
			for (const c of clients) c.release();
		}

		const { rows } = await pool.query<{ outcome: string; n: number }>(
			`select outcome, count(*)::int as n from private.sign_in_attempts
			  where user_id = $1 group by outcome order by outcome`,
			[who]
		);
		expect(rows).toEqual([{ outcome: 'failed', n: 100 }]);
		// The hook leaves the auditing to the server-side functions.
		const { rows: audit } = await pool.query(
			"select 1 from public.audit_log where actor = $1 and action like 'sign_in%'",
			[who]
		);
		expect(audit).toEqual([]);
	});

	it('the hook is not callable by an authenticated user', async () => {
		expect(
			await sqlState(
				db().pool,
				ids.parent(2),
				'select public.hook_password_verification_attempt($1::jsonb)',
				[JSON.stringify({ user_id: ids.parent(2), valid: false })]
			)
		).toBe('42501');
		await inTransaction(db().pool, 'postgres', null, async (c) => {
			const { rows } = await c.query(
				'select count(*)::int as n from private.sign_in_attempts where user_id = $1',
				[ids.parent(2)]
			);
			expect(rows).toEqual([{ n: 0 }]);
		});
	});
});

describe("the lead's review on PostgreSQL 15", () => {
	// The rpcs run as their owner and inline private.review_groups; that must hold on a real
	// server too, where the owner is not necessarily the one who calls.
	it('the lead gets the dashboard; a facilitator and a parent get 42501', async () => {
		const dashboard = await asUser(db().pool, ids.lead, async (c) => {
			const r = await c.query('select public.review_dashboard() as d');
			return r.rows[0].d;
		});
		expect(dashboard.totals.groups).toBe(5);
		expect(dashboard).toMatchObject({ page: 1, pages: 1, page_size: 50 });
		expect(dashboard.groups).toHaveLength(5);
		for (const who of [ids.facilitator1, ids.parent(1)]) {
			expect(await sqlState(db().pool, who, 'select public.review_dashboard()')).toBe('42501');
		}
	});

	it('no client may call private.review_groups directly, not even the lead', async () => {
		const sql = 'select * from private.review_groups(null, null, null, null, null, null)';
		expect(await sqlState(db().pool, ids.lead, sql)).toBe('42501');
		expect(await sqlState(db().pool, ids.facilitator1, sql)).toBe('42501');
	});
});
