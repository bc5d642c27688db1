/**
 * Fixtures for the groups db tests: extra accounts, London-time schedules, a group factory and a
 * loosely typed rpc helper (the generated Database type may lag behind the groups migration).
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { TZDate } from '@date-fns/tz';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { DEMO_PASSWORD, ids, signIn, type Client } from './harness';

export const PROGRAMME = 'reflective-parenting';
const DAY = 24 * 60 * 60 * 1000;

export interface RpcError {
	code: string;
	message: string;
	hint: string | null;
}
export interface RpcResult<T> {
	data: T | null;
	error: RpcError | null;
}

/** Call a function through PostgREST as `client`, returning {data, error}. */
export async function rpc<T = Record<string, unknown>>(
	client: Client | SupabaseClient,
	name: string,
	args: Record<string, unknown> = {}
): Promise<RpcResult<T>> {
	const { data, error } = await (client as unknown as SupabaseClient).rpc(name, args);
	return { data: (data as T) ?? null, error: error as RpcError | null };
}

/** Like rpc, but throws unless the call succeeded. */
export async function ok<T = Record<string, unknown>>(
	client: Client | SupabaseClient,
	name: string,
	args: Record<string, unknown> = {}
): Promise<T> {
	const { data, error } = await rpc<T>(client, name, args);
	if (error) throw new Error(`${name} failed: ${error.code} ${error.message}`);
	return data as T;
}

/** The error code of a call, or null when it succeeded. */
export async function rpcCode(
	client: Client | SupabaseClient,
	name: string,
	args: Record<string, unknown> = {}
): Promise<string | null> {
	return (await rpc(client, name, args)).error?.code ?? null;
}

export interface Session {
	starts_at: string;
	ends_at: string;
}

/** `count` weekly 120-minute sessions at 10:00 London time, the first `daysAhead` days from now. */
export function weeklySessions(count = 8, daysAhead = 14, minutes = 120): Session[] {
	const first = new Date(Date.now() + daysAhead * DAY);
	const parts = londonParts(first);
	return Array.from({ length: count }, (_, i) =>
		londonSession(parts.year, parts.month - 1, parts.day + 7 * i, 10, minutes)
	);
}

/** A session starting at hh:00 on a London calendar day (month 0-based; day may overflow). */
export function londonSession(
	year: number,
	month: number,
	day: number,
	hour: number,
	minutes = 120
): Session {
	const start = new TZDate(year, month, day, hour, 0, 'Europe/London').getTime();
	return {
		starts_at: new Date(start).toISOString(),
		ends_at: new Date(start + minutes * 60_000).toISOString()
	};
}

/** The London calendar date and wall-clock time of an instant. */
export function londonParts(at: Date | string) {
	const f = new Intl.DateTimeFormat('en-GB', {
		timeZone: 'Europe/London',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		hourCycle: 'h23'
	});
	const p = Object.fromEntries(
		f.formatToParts(new Date(at)).map((x) => [x.type, x.value])
	) as Record<string, string>;
	return {
		year: Number(p.year),
		month: Number(p.month),
		day: Number(p.day),
		time: `${p.hour}:${p.minute}`,
		/** Days since the epoch of the London calendar date, for whole-day differences. */
		dayNumber: Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day)) / DAY
	};
}

/** Arguments for create_group: a valid funded Reflective Parenting group, with overrides. */
export function groupArgs(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		name: `Group ${randomUUID().slice(0, 8)}`,
		programme_id: PROGRAMME,
		audience: 'Special Guardians',
		start_time: '10:00',
		venue: 'Family Centre, Room 2',
		video_link: null,
		capacity: 12,
		funding: 'funded',
		funder: 'Local Authority',
		fee_pence: null,
		facilitator_ids: [ids.facilitator1, ids.facilitator2],
		sessions: weeklySessions(),
		open_now: true,
		...overrides
	};
}

/** Create a group as `lead` and return its id. */
export async function createGroup(
	lead: Client,
	overrides: Record<string, unknown> = {}
): Promise<string> {
	return (await ok<{ id: string }>(lead, 'create_group', groupArgs(overrides))).id;
}

export interface Account {
	id: string;
	email: string;
	full_name: string;
}

let counter = 0;

/**
 * Insert an account straight into auth.users and public.profiles as superuser. With
 * `password` it can sign in with the demo password (bcrypt is slow-ish, so only when needed).
 */
export async function createAccount(
	backend: EmbeddedBackend,
	role: 'parent' | 'facilitator',
	options: {
		full_name?: string;
		email?: string;
		password?: boolean;
		/**
		 * A facilitator's stage on the pathway: accredited (the default, so any two can run a
		 * group, as before the pathway), trained, or none (untrained).
		 */
		pathway?: 'none' | 'trained' | 'accredited';
	} = {}
): Promise<Account> {
	counter += 1;
	const id = randomUUID();
	const email = options.email ?? `${role}.${counter}.${id.slice(0, 6)}@example.org`;
	const full_name =
		options.full_name ?? `Test ${role === 'parent' ? 'Parent' : 'Facilitator'} ${counter}`;
	await backend.db.query(
		`insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
		   email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
		   confirmation_token, recovery_token)
		 values ('00000000-0000-0000-0000-000000000000', $1, 'authenticated', 'authenticated', $2,
		   case when $3::boolean then extensions.crypt($4, extensions.gen_salt('bf')) else '' end,
		   now(), '{"provider":"email","providers":["email"]}', '{}', now(), now(), '', '')`,
		[id, email, options.password ?? false, DEMO_PASSWORD]
	);
	await backend.db.query(
		'insert into public.profiles (id, email, full_name, role) values ($1, $2, $3, $4)',
		[id, email, full_name, role]
	);
	const pathway = role === 'facilitator' ? (options.pathway ?? 'accredited') : 'none';
	if (pathway !== 'none') {
		// Written as the owner, as the lead's record_facilitator_training would (tests of the
		// pathway itself go through the rpcs).
		const accredited = pathway === 'accredited';
		await backend.db.query(
			`insert into public.facilitator_records (person_id, trained_on, trained_how,
			   training_evidence, accredited_on, accredited_how, renew_by)
			 values ($1, current_date - 100, 'elsewhere', 'Trained elsewhere (test fixture).',
			   case when $2 then current_date - 50 end, case when $2 then 'elsewhere' end,
			   case when $2 then current_date + 680 end)`,
			[id, accredited]
		);
	}
	return { id, email, full_name };
}

/** `n` parent accounts that cannot sign in (enough to fill groups and waitlists). */
export async function createParents(backend: EmbeddedBackend, n: number): Promise<Account[]> {
	const out: Account[] = [];
	for (let i = 0; i < n; i++) out.push(await createAccount(backend, 'parent'));
	return out;
}

/** The demo parents 1..12 as accounts. */
export async function demoParents(backend: EmbeddedBackend): Promise<Account[]> {
	const { rows } = await backend.db.query<Account>(
		"select id, email, full_name from public.profiles where role = 'parent' and email like 'parent%@example.org' order by id"
	);
	return rows;
}

/** Signed-in clients, one per email, reused across a file. */
export function clients(backend: () => EmbeddedBackend) {
	const cache = new Map<string, Promise<Client>>();
	return (email: string): Promise<Client> => {
		let c = cache.get(email);
		if (!c) {
			c = signIn(backend(), email);
			cache.set(email, c);
		}
		return c;
	};
}

/** Put a group's first session `minutesAgo` in the past (the group has started). */
export async function startGroup(backend: EmbeddedBackend, groupId: string, minutesAgo = 30) {
	await backend.db.query(
		`update public.sessions
		    set starts_at = now() - make_interval(mins => $2),
		        ends_at = now() - make_interval(mins => $2) + interval '120 minutes'
		  where group_id = $1 and number = 1 and status <> 'cancelled'`,
		[groupId, minutesAgo]
	);
}

/** One enrolment row, read as superuser. */
export async function enrolment(backend: EmbeddedBackend, id: string) {
	const { rows } = await backend.db.query<{
		id: string;
		parent_id: string;
		status: string;
		offer_expires_at: Date | null;
		offered_at: Date | null;
		waitlisted_at: Date | null;
	}>('select * from public.enrolments where id = $1', [id]);
	return rows[0]!;
}

/** Status counts for a group, read as superuser. */
export async function statusCounts(backend: EmbeddedBackend, groupId: string) {
	const { rows } = await backend.db.query<{ status: string; n: number }>(
		'select status::text, count(*)::int as n from public.enrolments where group_id = $1 group by status',
		[groupId]
	);
	return Object.fromEntries(rows.map((r) => [r.status, r.n])) as Record<string, number>;
}

/** place_offered notifications for a profile, read as superuser. */
export async function offersTo(backend: EmbeddedBackend, profileId: string) {
	const { rows } = await backend.db.query<{ payload: { enrolment_id: string } }>(
		"select payload from public.notifications where to_profile = $1 and kind = 'place_offered' order by id",
		[profileId]
	);
	return rows.map((r) => r.payload.enrolment_id);
}

/** The second programme the group tests use: two daily six-hour sessions (id, name). */
export const DAILY_PROGRAMME = { id: 'two-day-workshop', name: 'Two-day workshop' } as const;

/**
 * Add a second, daily programme to a test database. The app ships one programme (the Reflective
 * Parenting group; Reflective Fostering became a course), so the tests of how programmes differ
 * (cadence, session length, places, figures by programme) bring their own.
 */
export async function addDailyProgramme(backend: EmbeddedBackend): Promise<void> {
	await backend.db.query(
		`insert into public.programmes (id, name, kind, audience, session_count, session_minutes,
		   cadence, places, completion_threshold)
		 values ($1, $2, 'group', 'Professionals', 2, 360, 'daily', 20, 2) on conflict do nothing`,
		[DAILY_PROGRAMME.id, DAILY_PROGRAMME.name]
	);
}
