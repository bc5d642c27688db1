/**
 * Who may see the review figures: only the clinical lead. For each of review_dashboard,
 * group_review, review_concern and funder_report, a facilitator (of the group), a parent (in the
 * group) and anon are refused with 42501 and get no data; the lead is allowed. The per-group
 * facts behind them (private.review_groups) cannot be called by any client, and answer nobody
 * but the lead when the rpcs call them.
 *
 * The seed as it is: three groups, the running "Thursday evenings" one (facilitators 1 and 2,
 * parents 1–6) with a register and one open concern.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { anonClient, ids, sqlError, startBackend, type Client } from './harness';
import { clients, ok, rpc } from './groups-fixtures';

/** The functions return jsonb; read it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb read loosely in tests
type Json = Record<string, any>;

const THURSDAY = '00000000-0000-4000-8000-000000001002';

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');
const facilitator = () => as('facilitator1@example.org');
const parent = () => as('parent1@example.org');
const anon = async () => anonClient(backend);

let concernId = '';
let from = '';
let to = '';

beforeAll(async () => {
	backend = await startBackend();
	const [c] = (
		await backend.db.query<{ id: string }>('select id from public.concerns where group_id = $1', [
			THURSDAY
		])
	).rows;
	concernId = c!.id;
	const [range] = (
		await backend.db.query<{ from: string; to: string }>(
			`select ((now() - interval '1 year') at time zone 'Europe/London')::date::text as from,
			        ((now() + interval '1 year') at time zone 'Europe/London')::date::text as to`
		)
	).rows;
	from = range!.from;
	to = range!.to;
});
afterAll(() => backend.close());

const calls: Record<string, () => Record<string, unknown>> = {
	review_dashboard: () => ({}),
	group_review: () => ({ group_id: THURSDAY }),
	funder_report: () => ({ from_date: from, to_date: to }),
	review_concern: () => ({ concern_id: concernId, note: 'Looked into it.' })
};
const sqlOf: Record<string, string> = {
	review_dashboard: 'select public.review_dashboard()',
	group_review: 'select public.group_review($1)',
	funder_report: 'select public.funder_report($1, $2)',
	review_concern: 'select public.review_concern($1, $2)'
};
const paramsOf = (name: string) => Object.values(calls[name]!());

const refused: [string, () => Promise<Client>, string | null][] = [
	['a facilitator of the group', facilitator, ids.facilitator1],
	['a parent in the group', parent, ids.parent(1)],
	['anon', anon, null]
];

async function concernReviewed() {
	const { rows } = await backend.db.query<{ reviewed_at: Date | null }>(
		'select reviewed_at from public.concerns where id = $1',
		[concernId]
	);
	return rows[0]!.reviewed_at !== null;
}

describe.each(Object.keys(calls))('%s', (name) => {
	it.each(refused)('%s is refused with 42501 and gets no data', async (_who, client, userId) => {
		const { data, error } = await rpc(await client(), name, calls[name]!());
		expect(error?.code).toBe('42501');
		expect(data).toBeNull();
		// The same straight through SQL with their token's role and claims.
		expect(await sqlError(backend, userId, sqlOf[name]!, paramsOf(name))).toBe('42501');
		expect(await concernReviewed()).toBe(false);
	});
});

describe('the clinical lead is allowed', () => {
	it('review_dashboard', async () => {
		const d = await ok<Json>(await lead(), 'review_dashboard');
		expect(d.by_status).toMatchObject({ open: 2, running: 1, completed: 2 });
		expect(d.groups).toHaveLength(5);
	});

	it('group_review', async () => {
		const r = await ok<Json>(await lead(), 'group_review', calls.group_review!());
		expect(r.group.id).toBe(THURSDAY);
		expect(r.parents).toHaveLength(6);
		expect(r.concerns).toHaveLength(1);
	});

	it('funder_report', async () => {
		const r = await ok<Json>(await lead(), 'funder_report', calls.funder_report!());
		// Thursday evenings has begun and Monday mornings and Friday afternoons have finished;
		// Tuesday mornings and the online group are planned.
		expect(r.funded.groups).toBe(3);
		expect(r.funded.planned).toHaveLength(1);
		expect(r.self_funded.groups).toBe(0);
		expect(r.self_funded.planned).toHaveLength(1);
	});

	it('review_concern (after everyone else was refused)', async () => {
		expect(await ok(await lead(), 'review_concern', calls.review_concern!())).toEqual({
			id: concernId
		});
		expect(await concernReviewed()).toBe(true);
	});
});

describe('private.review_groups, the per-group facts', () => {
	const sql =
		'select count(*)::int as n from private.review_groups(null, null, null, null, null, null)';

	/** As the functions' owner (as the lead's rpcs run it), with someone's claims. */
	async function asOwnerWithClaims(userId: string, query: string, params: unknown[] = []) {
		return backend.db.transaction(async (tx) => {
			const claims = { sub: userId, role: 'authenticated' };
			await tx.query("select set_config('request.jwt.claims', $1, true)", [JSON.stringify(claims)]);
			return (await tx.query<{ n: number }>(query, params)).rows;
		});
	}

	it('no signed-in client may call it directly, not even the lead', async () => {
		for (const who of [ids.lead, ids.facilitator1, ids.facilitator2, ids.parent(1)]) {
			expect(await sqlError(backend, who, sql)).toBe('42501');
		}
	});

	it('called by the rpcs on behalf of anyone but the lead, it returns no rows', async () => {
		expect(await asOwnerWithClaims(ids.lead, sql)).toEqual([{ n: 5 }]);
		expect(await asOwnerWithClaims(ids.facilitator1, sql)).toEqual([{ n: 0 }]);
		expect(await asOwnerWithClaims(ids.parent(1), sql)).toEqual([{ n: 0 }]);
		expect(
			await asOwnerWithClaims(
				ids.facilitator1,
				`select count(*)::int as n from private.review_groups(null, null, null, null, $1, null)`,
				[ids.facilitator1]
			)
		).toEqual([{ n: 0 }]);
	});

	it('anon cannot reach it at all', async () => {
		expect(await sqlError(backend, null, sql)).toBe('42501');
	});

	it('is not exposed through the API', async () => {
		const { data, error } = await rpc(await facilitator(), 'review_groups', {
			from_date: null,
			to_date: null,
			programme: null,
			funding_kind: null,
			facilitator: null,
			funder_name: null
		});
		expect(error).not.toBeNull();
		expect(data).toBeNull();
	});
});
