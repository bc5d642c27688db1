import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, asRole, ids, signIn, sqlError, startBackend } from './harness';

let backend: EmbeddedBackend;
beforeAll(async () => {
	backend = await startBackend();
});
afterAll(() => backend.close());

describe('schema', () => {
	it('every table in an exposed or app schema has row level security', async () => {
		const { rows } = await backend.db.query<{ table: string }>(
			`select n.nspname || '.' || c.relname as table
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where c.relkind in ('r', 'p')
          and n.nspname not in ('pg_catalog', 'information_schema', 'auth', 'extensions')
          and n.nspname not like 'pg\\_%'
          and not c.relrowsecurity`
		);
		expect(rows).toEqual([]);
		// And the check is looking at something: the app's tables are there.
		const count = await backend.db.query<{ n: number }>(
			"select count(*)::int as n from pg_tables where schemaname = 'public'"
		);
		expect(count.rows[0]!.n).toBeGreaterThanOrEqual(3);
	});
});

describe('profiles', () => {
	it('a person reads only their own profile', async () => {
		const rows = await asRole(backend, ids.parent(1), 'select id from public.profiles');
		expect(rows).toEqual([{ id: ids.parent(1) }]);
		// Staff see each other (to pick co-facilitators) and only the parents in their groups.
		const seen = await asRole<{ id: string; role: string }>(
			backend,
			ids.facilitator1,
			'select id, role from public.profiles'
		);
		const theirParents = await backend.db.query<{ id: string }>(
			`select distinct e.parent_id as id from public.enrolments e
         join public.group_facilitators f on f.group_id = e.group_id
        where f.facilitator_id = $1`,
			[ids.facilitator1]
		);
		expect(seen.filter((r) => r.role === 'facilitator')).toHaveLength(4); // the demo's four
		expect(seen.some((r) => r.role === 'clinical_lead')).toBe(false);
		expect(
			seen
				.filter((r) => r.role === 'parent')
				.map((r) => r.id)
				.sort()
		).toEqual(theirParents.rows.map((r) => r.id).sort());
	});

	it('the clinical lead reads every profile', async () => {
		const rows = await asRole(backend, ids.lead, 'select id from public.profiles');
		const [all] = (
			await backend.db.query<{ n: number }>('select count(*)::int as n from public.profiles')
		).rows;
		expect(rows.length).toBe(all!.n);
		expect(rows.length).toBe(37); // the demo's 30 in the groups service and 7 in training
	});

	it('anon reads nothing', async () => {
		expect(await asRole(backend, null, 'select id from public.profiles')).toEqual([]);
	});

	it('nobody can change their own role, not even the clinical lead', async () => {
		for (const who of [ids.parent(1), ids.facilitator1, ids.lead]) {
			expect(
				await sqlError(
					backend,
					who,
					"update public.profiles set role = 'clinical_lead' where id = $1",
					[who]
				)
			).toBe('42501');
		}
		const { rows } = await backend.db.query<{ role: string }>(
			'select role from public.profiles where id = $1',
			[ids.parent(1)]
		);
		expect(rows[0]!.role).toBe('parent');
	});

	it('a person may change their own name but not someone else’s', async () => {
		const mine = await asRole(
			backend,
			ids.parent(1),
			"update public.profiles set full_name = 'Maggie Doyle' where id = $1 returning id",
			[ids.parent(1)]
		);
		expect(mine.length).toBe(1);
		const theirs = await asRole(
			backend,
			ids.parent(1),
			"update public.profiles set full_name = 'X' where id = $1 returning id",
			[ids.parent(2)]
		);
		expect(theirs).toEqual([]);
	});

	it('nobody can insert or delete profiles directly', async () => {
		expect(
			await sqlError(
				backend,
				ids.lead,
				"insert into public.profiles (id, email, full_name, role) values ($1, 'a@b.c', 'A', 'parent')",
				[ids.parent(1)]
			)
		).toBe('42501');
		expect(
			await sqlError(backend, ids.lead, 'delete from public.profiles where id = $1', [
				ids.parent(1)
			])
		).toBe('42501');
	});
});

describe('invitations', () => {
	it('a facilitator may invite a parent but not a facilitator', async () => {
		const facilitator = await signIn(backend, 'facilitator1@example.org');
		const ok = await facilitator.rpc('invite_person', {
			email: 'kin.carer@example.org',
			full_name: 'Kin Carer',
			role: 'parent'
		});
		expect(ok.error).toBeNull();
		const denied = await facilitator.rpc('invite_person', {
			email: 'colleague@example.org',
			full_name: 'Colleague',
			role: 'facilitator'
		});
		expect(denied.error?.code).toBe('42501');
	});

	it('a parent may not invite anyone', async () => {
		const parent = await signIn(backend, 'parent1@example.org');
		const { error } = await parent.rpc('invite_person', {
			email: 'friend@example.org',
			full_name: 'Friend',
			role: 'parent'
		});
		expect(error?.code).toBe('42501');
		expect(
			await sqlError(
				backend,
				ids.parent(1),
				"insert into public.invitations (email, full_name, role, invited_by) values ('f@example.org', 'F', 'parent', $1)",
				[ids.parent(1)]
			)
		).toBe('42501');
	});

	it('nobody can be invited as clinical lead, even by the lead', async () => {
		const lead = await signIn(backend, 'lead@example.org');
		const { error } = await lead.rpc('invite_person', {
			email: 'second.lead@example.org',
			full_name: 'Second Lead',
			role: 'clinical_lead'
		});
		expect(error).not.toBeNull();
	});

	it('an existing account or someone else’s invitation is refused with a clear message', async () => {
		const lead = await signIn(backend, 'lead@example.org');
		const existing = await lead.rpc('invite_person', {
			email: 'parent2@example.org',
			full_name: 'Denise',
			role: 'parent'
		});
		expect(existing.error?.code).toBe('P0001');
		expect(existing.error?.message).toBe('There is already an account for parent2@example.org.');
		const taken = await lead.rpc('invite_person', {
			email: 'kin.carer@example.org',
			full_name: 'Kin Carer',
			role: 'parent'
		});
		expect(taken.error?.message).toMatch(/already been invited/);
	});

	it('facilitators see only the invitations they sent; parents see none', async () => {
		const f2 = await asRole(backend, ids.facilitator2, 'select email from public.invitations');
		expect(f2).toEqual([]);
		const f1 = await asRole<{ email: string }>(
			backend,
			ids.facilitator1,
			'select email from public.invitations'
		);
		expect(f1.map((r) => r.email)).toContain('kin.carer@example.org');
		expect(await asRole(backend, ids.parent(1), 'select email from public.invitations')).toEqual(
			[]
		);
	});
});

describe('audit log', () => {
	it('records writes with the actor and never the values', async () => {
		const rows = await asRole<{ action: string; table_name: string; detail: unknown }>(
			backend,
			ids.lead,
			"select action, table_name, detail from public.audit_log where table_name = 'invitations' and action = 'insert'"
		);
		expect(rows.length).toBeGreaterThan(0);
		expect(JSON.stringify(rows)).not.toContain('Kin Carer');
	});

	it('is append-only for every role, including the database owner', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.parent(1)]) {
			expect(await sqlError(backend, who, 'delete from public.audit_log')).toBe('42501');
			expect(await sqlError(backend, who, "update public.audit_log set action = 'x'")).toBe(
				'42501'
			);
			expect(
				await sqlError(backend, who, "insert into public.audit_log (action) values ('forged')")
			).toBe('42501');
		}
		await expect(backend.db.query('delete from public.audit_log')).rejects.toThrow(/append-only/);
	});

	it('only the clinical lead can read it', async () => {
		expect(await asRole(backend, ids.facilitator1, 'select id from public.audit_log')).toEqual([]);
		expect(await asRole(backend, ids.parent(1), 'select id from public.audit_log')).toEqual([]);
		expect(
			(await asRole(backend, ids.lead, 'select id from public.audit_log')).length
		).toBeGreaterThan(0);
	});
});

describe('the API with only the public anon key', () => {
	it('gets nothing private from any function', async () => {
		const anon = anonClient(backend);
		for (const fn of ['review_home', 'groups_page', 'parent_home'] as const) {
			const { data, error, status } = await anon.rpc(fn);
			expect(data).toBeNull();
			expect(error?.code).toBe('42501');
			expect(status).toBe(401);
		}
		const { data } = await anon.rpc('my_profile');
		expect(data).toBeNull();
	});

	it('cannot call the auth hooks or private helpers', async () => {
		const anon = anonClient(backend);
		const hook = await anon.rpc('custom_access_token_hook' as never, { event: {} } as never);
		expect(hook.error).not.toBeNull();
		expect(hook.data).toBeNull();
		const parent = await signIn(backend, 'parent1@example.org');
		const attempt = await parent.rpc(
			'hook_password_verification_attempt' as never,
			{
				event: { user_id: ids.lead, valid: false }
			} as never
		);
		expect(attempt.error?.code).toBe('42501');
	});

	it('a role-restricted function refuses other roles', async () => {
		const parent = await signIn(backend, 'parent1@example.org');
		expect((await parent.rpc('review_home')).error?.code).toBe('42501');
		expect((await parent.rpc('groups_page')).error?.code).toBe('42501');
		expect((await parent.rpc('parent_home')).error).toBeNull();
		const facilitator = await signIn(backend, 'facilitator1@example.org');
		expect((await facilitator.rpc('review_home')).error?.code).toBe('42501');
		expect((await facilitator.rpc('parent_home')).error?.code).toBe('42501');
	});
});
