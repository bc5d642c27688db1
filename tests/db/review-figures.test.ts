/**
 * Review figures (20261122000600_review.sql) against a small fixture computed by hand.
 *
 * The seed's three groups are deleted first (as the database owner; their sessions, enrolments,
 * register, notes and concerns go with them by cascade), so every figure below comes only from
 * this fixture. The seed's interest list (2 families not yet invited) is kept; one more family,
 * already invited, is added and must not count.
 *
 * Dates are relative to now. Q0 is the current London quarter, Q-1 the one before; "wN" is N
 * weeks after 00:00 London on day 1 of Q-1 (while British Summer Time is on, that instant is
 * still the day before in UTC — the last day of the quarter before — so A's quarter and the date
 * filters only come out right if they use London dates). Programme thresholds: Reflective Parenting 6 of 8,
 * the two-day workshop 2 of 2. Marks: P present, L late, AP apologies, A absent, - none.
 *
 * Facilitators: Priya Shah (seed facilitator 1), Tom Ellis (seed facilitator 2), Zara Quinn (new).
 *
 * A "Riverside autumn" — Reflective Parenting, funded by Riverside Trust, capacity 12, COMPLETED.
 *   Priya + Tom. Sessions (all in Q-1, all past): s1 w0, s2 w1, s3 w2, s4x w3 CANCELLED (reason
 *   given; Gail had sent apologies for it beforehand), s4 w4 (the replacement), s5 w5 … s8 w8.
 *   All 8 live sessions held; s1–s7 released; notes written for s1 (Priya) and s2 (Tom), an empty
 *   notes row for s3, none after.
 *
 *   family        enrolment                             s1 s2 s3 s4x s4 s5 s6 s7 s8 | att apol marks started compl commit on-track
 *   Alice Archer  enrolled                              P  P  P  -   P  P  P  P  P  |  8   0    8     yes     yes   yes    yes
 *   Bella Brook   enrolled                              P  A  P  -   P  P  A  P  P  |  6   0    8     yes     yes   yes    yes
 *   Cara Croft    enrolled                              P  L  P  -   AP L  P  AP P  |  6   2    8     yes     yes   yes    yes
 *   Dina Dale     enrolled                              P  P  AP -   P  A  P  A  P  |  5   1    8     yes     no    yes    no
 *   Erin Eves     withdrawn on w3's date (mid-way)      P  P  A  -   -  -  -  -  -  |  2   0    3     yes     no    no     no
 *   Fay Frost     withdrawn 3 days before s1            -  -  -  -   -  -  -  -  -  |  0   0    0     no      -     -      -
 *   Gail Grant    enrolled                              P  AP A  AP  P  A  AP P  A  |  3   2    8     yes     no    no     no
 *   Hana Hill     still waitlisted                      -  (never had a place)       |                   no
 *   (Gail's AP on the cancelled s4x must not count: with it she would be "committed", 3 + 3 = 6.)
 *   → filled 6 (= started), started 6, completed 3, committed 4, on track 3 (nothing to come),
 *     attended 30 / marks 43 = 69.8 %, sessions held 8 of 8, waitlist 0 (not open any more).
 *
 * B "Winter evenings" — Reflective Parenting, SELF-FUNDED, fee £150 (15000 p), capacity 10, RUNNING.
 *   Tom + Zara. s1 seven days before Q0 starts (so in Q-1: the group's quarter), s2 and s3 in Q0
 *   between its start and now (held), s4 … s8 from tomorrow, weekly (scheduled: 5 to come).
 *   s1, s2 released; s3 not. Notes: s1 written (Zara), s2 an empty row, s3 none.
 *
 *   family        enrolment                          s1 s2 s3 s5(future) | att apol marks started on-track (att + 5 to come >= 6)
 *   Iris Irwin    enrolled                           P  P  P  -          |  3   0    3     yes     yes
 *   Jade Jones    enrolled                           A  A  AP -          |  0   1    3     yes     no  (0 + 5)
 *   Kate Kerr     enrolled (sent apologies for s5)   P  A  L  AP         |  2   0    3     yes     yes (2 + 5)
 *   Lena Lowe     withdrawn on s2's date             P  A  -  -          |  1   0    2     yes     no  (withdrawn)
 *   → filled 4, started 4, completed 0, committed 0, on track 2, attended 6 / marks 11 = 54.5 %
 *     (only sessions that have started count, so Kate's apologies sent ahead for s5 are not in),
 *     sessions held 3 of 8; fees 15000 × 4 started = 60000 p.
 *
 * C "Hilltop course" — the two-day workshop, a daily programme (2 sessions), funded by Hilltop Council,
 *   capacity 3, OPEN: s1 in 14 days, s2 the day after. Priya + Tom.
 *   Nina North enrolled (sent apologies for s2: not started, so it does not count),
 *   Olga Oak enrolled, Pam Pike offered, Quin Quay and Rita Rowe waitlisted, Sara Stone declined,
 *   Tara Tate withdrawn.
 *   → filled 3 (enrolled + offered, before the start), started 0, waitlist 2, rate none.
 *
 * D "Cancelled spring" — Reflective Parenting, funded by Riverside Trust, capacity 12, CANCELLED;
 *   8 scheduled sessions from 21 days ahead. Priya + Zara. Uma Upton enrolled.
 *   → in by_status (cancelled 1), the groups count and the group rows; not in places, families,
 *     quarters or facilitators' counts.
 *
 * Concerns: K1 A/Erin/s3 wellbeing medium (Priya); K2 A/Dina safeguarding high (Tom);
 *   K3 B/Jade/s2 wellbeing low (Zara), already reviewed by Helen Marsh; K4 B safeguarding high
 *   (Tom, no family). Open: high 2, medium 1, low 0.
 *
 * Dashboard, no filters (live groups A, B, C):
 *   by_status draft 0, open 1, running 1, completed 1, cancelled 1; groups 4 (cancelled included)
 *   places offered 12 + 10 + 3 = 25; filled 6 + 4 + 3 = 13; started 10; completed 3; committed 4;
 *   on track 3 + 2 = 5; attendance 36 / 54 = 66.7 %; waitlist 2; interest list 2.
 *   quarters: Q-1 funded 1 group / 6 families, self-funded 1 / 4; C's quarter funded 1 / 0.
 *   facilitators: Priya 2 (A, C), Tom 3 (A, B, C), Zara 1 (B; D is cancelled).
 */
import { TZDate } from '@date-fns/tz';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedBackend } from '../../src/lib/server/embedded/backend';
import { ids, startBackend } from './harness';
import {
	addDailyProgramme,
	clients,
	createAccount,
	DAILY_PROGRAMME,
	londonParts,
	londonSession,
	ok,
	rpc,
	type Account,
	type Session
} from './groups-fixtures';

const DAY = 24 * 60 * 60 * 1000;
const PARENTING = 'reflective-parenting';
const FOSTERING = DAILY_PROGRAMME.id;
const RIVERSIDE = 'Riverside Trust';
const HILLTOP = 'Hilltop Council';

type Mark = 'P' | 'L' | 'AP' | 'A' | '-';
const STATUS: Record<Exclude<Mark, '-'>, string> = {
	P: 'present',
	L: 'late',
	AP: 'apologies',
	A: 'absent'
};

let backend: EmbeddedBackend;
const as = clients(() => backend);
const lead = () => as('lead@example.org');

let zara: Account;
const PRIYA = ids.facilitator1;
const TOM = ids.facilitator2;

/** Group ids, live session ids by number (A also has `cancelled`), enrolment ids by family. */
const group: Record<'A' | 'B' | 'C' | 'D', string> = { A: '', B: '', C: '', D: '' };
const sA: Record<number, string> = {};
let sAcancelled = '';
const sB: Record<number, string> = {};
const sC: Record<number, string> = {};
const enrol: Record<string, string> = {};
const concern: Record<'K1' | 'K2' | 'K3' | 'K4', string> = { K1: '', K2: '', K3: '', K4: '' };

/** Dates the figures depend on. */
let Q_PREV = ''; // Q-1 label, e.g. 2026-Q3
let Q_C = ''; // C's quarter label
let qPrevFrom = ''; // first day of Q-1 (London)
let qPrevTo = ''; // last day of Q-1
let bFirstDate = ''; // London date of B's s1
let dFirstDate = '';
let laterDate = ''; // 60 days ahead
let bStarts: string[] = []; // B's sessions' starts_at, s1 first

const A_MARKS: Record<string, Mark[]> = {
	//               s1   s2   s3   s4   s5   s6   s7   s8   (live sessions)
	'Alice Archer': ['P', 'P', 'P', 'P', 'P', 'P', 'P', 'P'],
	'Bella Brook': ['P', 'A', 'P', 'P', 'P', 'A', 'P', 'P'],
	'Cara Croft': ['P', 'L', 'P', 'AP', 'L', 'P', 'AP', 'P'],
	'Dina Dale': ['P', 'P', 'AP', 'P', 'A', 'P', 'A', 'P'],
	'Erin Eves': ['P', 'P', 'A', '-', '-', '-', '-', '-'],
	'Fay Frost': ['-', '-', '-', '-', '-', '-', '-', '-'],
	'Gail Grant': ['P', 'AP', 'A', 'P', 'A', 'AP', 'P', 'A']
};
const B_MARKS: Record<string, Mark[]> = {
	//             s1   s2   s3   s4   s5   s6   s7   s8
	'Iris Irwin': ['P', 'P', 'P', '-', '-', '-', '-', '-'],
	'Jade Jones': ['A', 'A', 'AP', '-', '-', '-', '-', '-'],
	'Kate Kerr': ['P', 'A', 'L', '-', 'AP', '-', '-', '-'],
	'Lena Lowe': ['P', 'A', '-', '-', '-', '-', '-', '-']
};

async function db<T = Record<string, unknown>>(sql: string, params: unknown[] = []) {
	return (await backend.db.query<T>(sql, params)).rows;
}
/** Act as this user for the stamping triggers (session-wide; null clears it). */
async function actAs(userId: string | null) {
	await db("select set_config('request.jwt.claims', $1, false)", [
		userId ? JSON.stringify({ sub: userId, role: 'authenticated' }) : ''
	]);
}
const londonDate = (at: Date | string | number) => {
	const p = londonParts(new Date(at));
	return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
};
const quarterOf = (at: Date | string | number) => {
	const p = londonParts(new Date(at));
	return `${p.year}-Q${Math.ceil(p.month / 3)}`;
};
const at = (ms: number, minutes = 120): Session => ({
	starts_at: new Date(ms).toISOString(),
	ends_at: new Date(ms + minutes * 60_000).toISOString()
});

async function insertGroup(g: {
	name: string;
	programme: string;
	capacity: number;
	funder?: string;
	fee?: number;
	cancelled?: boolean;
	facilitators: [string, string];
}): Promise<string> {
	const [row] = await db<{ id: string }>(
		`insert into public.groups (programme_id, name, audience, start_time, venue, capacity,
		   funding, funder, fee_pence, status, cancelled_reason, cancelled_at, created_by)
		 values ($1, $2, 'Special Guardians', '10:00', 'Family Centre', $3,
		   $4::public.funding_kind, $5, $6, $7::public.group_status,
		   case when $8::boolean then 'Too few families' end, case when $8::boolean then now() end, $9)
		 returning id`,
		[
			g.programme,
			g.name,
			g.capacity,
			g.fee === undefined ? 'funded' : 'self_funded',
			g.funder ?? null,
			g.fee ?? null,
			g.cancelled ? 'cancelled' : 'open',
			g.cancelled ?? false,
			ids.lead
		]
	);
	// Both in one statement: an open group must have two facilitators when each statement commits.
	await db(
		'insert into public.group_facilitators (group_id, facilitator_id) values ($1, $2), ($1, $3)',
		[row!.id, ...g.facilitators]
	);
	return row!.id;
}

async function insertSession(
	groupId: string,
	number: number,
	s: Session,
	status: 'scheduled' | 'held' = 'scheduled',
	released = false
): Promise<string> {
	const [row] = await db<{ id: string }>(
		`insert into public.sessions (group_id, number, starts_at, ends_at, status, released_at, released_by)
		 values ($1, $2, $3, $4, $5::public.session_status,
		   case when $6::boolean then $4::timestamptz end, case when $6::boolean then $7::uuid end)
		 returning id`,
		[groupId, number, s.starts_at, s.ends_at, status, released, PRIYA]
	);
	return row!.id;
}

async function insertEnrolment(
	groupId: string,
	parent: Account,
	e: {
		status: string;
		enrolledAt?: string;
		withdrawnOn?: string;
		waitlistedAt?: string;
		offered?: boolean;
	}
) {
	const [row] = await db<{ id: string }>(
		`insert into public.enrolments (group_id, parent_id, status, enrolled_at, withdrawn_on,
		   withdrawal_reason, waitlisted_at, offered_at, offer_expires_at, created_by)
		 values ($1, $2, $3::public.enrolment_status, $4, $5::date,
		   case when $5::date is not null then 'Moved away' end, $6,
		   case when $7::boolean then now() end, case when $7::boolean then now() + interval '2 days' end, $8)
		 returning id`,
		[
			groupId,
			parent.id,
			e.status,
			e.enrolledAt ?? null,
			e.withdrawnOn ?? null,
			e.waitlistedAt ?? null,
			e.offered ?? false,
			ids.lead
		]
	);
	enrol[parent.full_name] = row!.id;
	return row!.id;
}

async function mark(sessionId: string, enrolmentId: string, m: Mark) {
	if (m === '-') return;
	await db(
		'insert into public.attendance (session_id, enrolment_id, status) values ($1, $2, $3::public.attendance_status)',
		[sessionId, enrolmentId, STATUS[m]]
	);
}

async function raise(
	by: string,
	g: string,
	enrolmentId: string | null,
	sessionId: string | null,
	kind: string,
	urgency: string,
	description: string
): Promise<string> {
	await actAs(by);
	const [row] = await db<{ id: string }>(
		`insert into public.concerns (group_id, enrolment_id, session_id, kind, urgency, description)
		 values ($1, $2, $3, $4::public.concern_kind, $5::public.concern_urgency, $6) returning id`,
		[g, enrolmentId, sessionId, kind, urgency, description]
	);
	return row!.id;
}

async function notes(by: string, sessionId: string, covered: string) {
	await actAs(by);
	await db(
		`insert into public.session_notes (session_id, covered, how_it_went, reflection)
		 values ($1, $2, '', '')`,
		[sessionId, covered]
	);
}

async function parents(names: string[]): Promise<Record<string, Account>> {
	const out: Record<string, Account> = {};
	for (const full_name of names)
		out[full_name] = await createAccount(backend, 'parent', { full_name });
	return out;
}

beforeAll(async () => {
	backend = await startBackend();
	await addDailyProgramme(backend);
	// Start from no groups at all (cascades to sessions, enrolments, register, notes, concerns).
	await backend.db.exec(`
		delete from public.notifications;
		delete from public.groups;
	`);
	zara = await createAccount(backend, 'facilitator', { full_name: 'Zara Quinn' });

	const now = Date.now();
	const today = londonParts(new Date(now));
	const q0Month = Math.floor((today.month - 1) / 3) * 3; // 0-based first month of Q0
	const q0 = new TZDate(today.year, q0Month, 1, 0, 0, 'Europe/London').getTime();
	const qPrev = new TZDate(today.year, q0Month - 3, 1, 0, 0, 'Europe/London').getTime();
	Q_PREV = quarterOf(qPrev);
	qPrevFrom = londonDate(qPrev);
	qPrevTo = londonDate(q0 - 12 * 60 * 60 * 1000);
	laterDate = londonDate(now + 60 * DAY);
	const qp = londonParts(new Date(qPrev));
	/** Week n of A: day 1 of Q-1 + 7n, 00:00 London. */
	const week = (n: number) => londonSession(qp.year, qp.month - 1, 1 + 7 * n, 0);

	const p = await parents([
		'Alice Archer',
		'Bella Brook',
		'Cara Croft',
		'Dina Dale',
		'Erin Eves',
		'Fay Frost',
		'Gail Grant',
		'Hana Hill',
		'Iris Irwin',
		'Jade Jones',
		'Kate Kerr',
		'Lena Lowe',
		'Nina North',
		'Olga Oak',
		'Pam Pike',
		'Quin Quay',
		'Rita Rowe',
		'Sara Stone',
		'Tara Tate',
		'Uma Upton'
	]);

	// Enrolments are written as they stood, so the closure trigger (which rightly refuses places
	// in a group that has started) is paused for the fixture, as the seed does.
	await backend.db.exec('alter table public.enrolments disable trigger enrolments_check');

	// ---- A: completed, funded, Q-1, with a cancelled and replaced session.
	group.A = await insertGroup({
		name: 'Riverside autumn',
		programme: PARENTING,
		capacity: 12,
		funder: RIVERSIDE,
		facilitators: [PRIYA, TOM]
	});
	const aBefore = new Date(qPrev - 14 * DAY).toISOString();
	for (const name of Object.keys(A_MARKS).filter((n) => !['Erin Eves', 'Fay Frost'].includes(n)))
		await insertEnrolment(group.A, p[name]!, { status: 'enrolled', enrolledAt: aBefore });
	await insertEnrolment(group.A, p['Erin Eves']!, {
		status: 'withdrawn',
		enrolledAt: aBefore,
		withdrawnOn: londonDate(week(3).starts_at)
	});
	await insertEnrolment(group.A, p['Fay Frost']!, {
		status: 'withdrawn',
		enrolledAt: aBefore,
		withdrawnOn: londonDate(new Date(week(0).starts_at).getTime() - 3 * DAY)
	});
	await insertEnrolment(group.A, p['Hana Hill']!, { status: 'waitlisted', waitlistedAt: aBefore });

	await actAs(PRIYA);
	// s4x: scheduled when Gail sent apologies for it, then cancelled and replaced a week later.
	sAcancelled = await insertSession(group.A, 4, week(3));
	await mark(sAcancelled, enrol['Gail Grant']!, 'AP');
	await db(
		"update public.sessions set status = 'cancelled', cancelled_reason = 'Venue flooded' where id = $1",
		[sAcancelled]
	);
	for (let n = 1; n <= 8; n++)
		sA[n] = await insertSession(group.A, n, week(n <= 3 ? n - 1 : n), 'held', n <= 7);
	for (const [name, marks] of Object.entries(A_MARKS))
		for (let i = 0; i < 8; i++) await mark(sA[i + 1]!, enrol[name]!, marks[i]!);
	await notes(PRIYA, sA[1]!, 'Welcome and the parent map.');
	await notes(TOM, sA[2]!, 'Reflective conversations.');
	await notes(TOM, sA[3]!, '');

	// ---- B: running, self-funded, first session in Q-1, the rest in Q0.
	group.B = await insertGroup({
		name: 'Winter evenings',
		programme: PARENTING,
		capacity: 10,
		fee: 15000,
		facilitators: [TOM, zara.id]
	});
	const b1 = londonSession(today.year, q0Month, 1 - 7, 18);
	const bSessions: Session[] = [
		b1,
		at(q0 + (now - q0) / 3),
		at(q0 + (2 * (now - q0)) / 3),
		...[1, 8, 15, 22, 29].map((d) => at(now + d * DAY))
	];
	bStarts = bSessions.map((x) => x.starts_at);
	bFirstDate = londonDate(b1.starts_at);
	const bBefore = new Date(new Date(b1.starts_at).getTime() - 10 * DAY).toISOString();
	for (const name of ['Iris Irwin', 'Jade Jones', 'Kate Kerr'])
		await insertEnrolment(group.B, p[name]!, { status: 'enrolled', enrolledAt: bBefore });
	await insertEnrolment(group.B, p['Lena Lowe']!, {
		status: 'withdrawn',
		enrolledAt: bBefore,
		withdrawnOn: londonDate(bSessions[1]!.starts_at)
	});
	for (let n = 1; n <= 8; n++)
		sB[n] = await insertSession(
			group.B,
			n,
			bSessions[n - 1]!,
			n <= 3 ? 'held' : 'scheduled',
			n <= 2
		);
	await actAs(TOM);
	for (const [name, marks] of Object.entries(B_MARKS))
		for (let i = 0; i < 8; i++) await mark(sB[i + 1]!, enrol[name]!, marks[i]!);
	await notes(zara.id, sB[1]!, 'Welcome.');
	await notes(zara.id, sB[2]!, '');

	// ---- C: open fostering course, funded by Hilltop, two daily sessions from 14 days ahead.
	group.C = await insertGroup({
		name: 'Hilltop course',
		programme: FOSTERING,
		capacity: 3,
		funder: HILLTOP,
		facilitators: [PRIYA, TOM]
	});
	const c = londonParts(new Date(now + 14 * DAY));
	sC[1] = await insertSession(group.C, 1, londonSession(c.year, c.month - 1, c.day, 9, 360));
	sC[2] = await insertSession(group.C, 2, londonSession(c.year, c.month - 1, c.day + 1, 9, 360));
	Q_C = quarterOf(londonSession(c.year, c.month - 1, c.day, 9, 360).starts_at);
	const yesterday = new Date(now - DAY).toISOString();
	await insertEnrolment(group.C, p['Nina North']!, { status: 'enrolled', enrolledAt: yesterday });
	await insertEnrolment(group.C, p['Olga Oak']!, { status: 'enrolled', enrolledAt: yesterday });
	await insertEnrolment(group.C, p['Pam Pike']!, { status: 'offered', offered: true });
	await insertEnrolment(group.C, p['Quin Quay']!, {
		status: 'waitlisted',
		waitlistedAt: yesterday
	});
	await insertEnrolment(group.C, p['Rita Rowe']!, {
		status: 'waitlisted',
		waitlistedAt: yesterday
	});
	await insertEnrolment(group.C, p['Sara Stone']!, { status: 'declined' });
	await insertEnrolment(group.C, p['Tara Tate']!, {
		status: 'withdrawn',
		enrolledAt: yesterday,
		withdrawnOn: londonDate(now)
	});
	await actAs(PRIYA);
	await mark(sC[2]!, enrol['Nina North']!, 'AP');

	// ---- D: cancelled before it started.
	group.D = await insertGroup({
		name: 'Cancelled spring',
		programme: PARENTING,
		capacity: 12,
		funder: RIVERSIDE,
		cancelled: true,
		facilitators: [PRIYA, zara.id]
	});
	const d0 = londonParts(new Date(now + 21 * DAY));
	for (let n = 1; n <= 8; n++)
		await insertSession(group.D, n, londonSession(d0.year, d0.month - 1, d0.day + 7 * (n - 1), 10));
	dFirstDate = londonDate(londonSession(d0.year, d0.month - 1, d0.day, 10).starts_at);
	await insertEnrolment(group.D, p['Uma Upton']!, { status: 'enrolled', enrolledAt: yesterday });

	await backend.db.exec('alter table public.enrolments enable trigger enrolments_check');

	// ---- Concerns, each in its own statement so raised_at orders them K1 < K2 < K3 < K4.
	concern.K1 = await raise(
		PRIYA,
		group.A,
		enrol['Erin Eves']!,
		sA[3]!,
		'wellbeing',
		'medium',
		'Erin seemed exhausted and left early.'
	);
	concern.K2 = await raise(
		TOM,
		group.A,
		enrol['Dina Dale']!,
		null,
		'safeguarding',
		'high',
		'Dina described a worrying contact visit.'
	);
	concern.K3 = await raise(
		zara.id,
		group.B,
		enrol['Jade Jones']!,
		sB[2]!,
		'wellbeing',
		'low',
		'Jade missed two sessions without a word.'
	);
	concern.K4 = await raise(
		TOM,
		group.B,
		null,
		null,
		'safeguarding',
		'high',
		'A child was left alone in the car park.'
	);
	await actAs(null);
	await db(
		`update public.concerns set reviewed_at = now(), reviewed_by = $2,
		   review_note = 'Rang Jade: a family funeral; back next week.' where id = $1`,
		[concern.K3, ids.lead]
	);

	// One more family on the interest list, already invited: not counted.
	await db(
		`insert into public.interest_list (full_name, email, invited_to, invited_at)
		 values ('Vera Vale', 'vera.vale@example.org', $1, now())`,
		[group.C]
	);
});
afterAll(() => backend.close());

/** The functions return jsonb; read it loosely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- jsonb read loosely in tests
type Json = Record<string, any>;

async function dashboard(args: Record<string, unknown> = {}): Promise<Json> {
	return ok<Json>(await lead(), 'review_dashboard', args);
}
const rowOf = (d: Json, id: string) => (d.groups as Json[]).find((g) => g.id === id);
const noConcerns = { high: 0, medium: 0, low: 0 };

describe('the fixture is as the table says', () => {
	it('the register holds exactly the marks in the table, the cancelled session included', async () => {
		const [row] = await db<{ n: number }>(
			'select count(*)::int as n from public.attendance a join public.enrolments e on e.id = a.enrolment_id where e.group_id = $1',
			[group.A]
		);
		// 8 + 8 + 8 + 8 + 3 + 0 + 8 live, plus Gail's apologies on the cancelled s4x
		expect(row!.n).toBe(44);
		const [b] = await db<{ n: number }>(
			'select count(*)::int as n from public.attendance a join public.enrolments e on e.id = a.enrolment_id where e.group_id = $1',
			[group.B]
		);
		expect(b!.n).toBe(12);
		const [past] = await db<{ a: number; b: number; b_future: number }>(
			`select count(*) filter (where group_id = $1 and starts_at <= now() and ends_at < now())::int as a,
			        count(*) filter (where group_id = $2 and starts_at <= now())::int as b,
			        count(*) filter (where group_id = $2 and starts_at > now())::int as b_future
			   from public.sessions where status <> 'cancelled'`,
			[group.A, group.B]
		);
		expect(past).toEqual({ a: 8, b: 3, b_future: 5 });
		const [a1] = await db<{ date: string }>(
			"select (starts_at at time zone 'Europe/London')::date::text as date from public.sessions where id = $1",
			[sA[1]]
		);
		expect(a1!.date).toBe(qPrevFrom);
		expect(quarterOf(bStarts[0]!)).toBe(Q_PREV);
		expect(quarterOf(bStarts[1]!)).not.toBe(Q_PREV);
	});
});

describe('review_dashboard, no filters', () => {
	let d: Json;
	beforeAll(async () => {
		d = await dashboard();
	});

	it('echoes the (empty) filters', () => {
		expect(d.filters).toEqual({
			from_date: null,
			to_date: null,
			programme_id: null,
			funding: null,
			facilitator_id: null
		});
	});

	it('counts groups by status, the cancelled one included', () => {
		expect(d.by_status).toEqual({ draft: 0, open: 1, running: 1, completed: 1, cancelled: 1 });
	});

	it('totals places, families, attendance, waitlist and interest list (cancelled group left out)', () => {
		expect(d.totals).toEqual({
			groups: 4,
			places_offered: 25,
			places_filled: 13,
			families_started: 10,
			families_completed: 3,
			families_committed: 4,
			families_on_track: 5,
			attendance_rate: 66.7,
			waitlist: 2,
			interest_list: 2
		});
	});

	it("puts each group in its first session's quarter, funded and self-funded apart", () => {
		expect(Q_C).not.toBe(Q_PREV);
		expect(d.quarters).toEqual(
			[
				{
					quarter: Q_PREV,
					funded_groups: 1,
					funded_placed: 6,
					funded_started: 6,
					self_funded_groups: 1,
					self_funded_placed: 4,
					self_funded_started: 4
				},
				{
					// C has not begun: its 3 places are taken (2 enrolled, 1 offered), none started.
					quarter: Q_C,
					funded_groups: 1,
					funded_placed: 3,
					funded_started: 0,
					self_funded_groups: 0,
					self_funded_placed: 0,
					self_funded_started: 0
				}
			].sort((a, b) => a.quarter.localeCompare(b.quarter))
		);
	});

	it('counts open concerns by urgency (the reviewed one left out)', () => {
		expect(d.concerns).toEqual({ high: 2, medium: 1, low: 0 });
	});

	it("counts each facilitator's live groups", () => {
		expect(d.facilitators).toEqual([
			// Demo facilitators 4 and 3 (the pathway's trained ones) run none of these groups.
			{ id: ids.facilitator4, full_name: 'Jamal Hussain', groups: 0 },
			{ id: ids.facilitator3, full_name: 'Leah Morgan', groups: 0 },
			{ id: PRIYA, full_name: 'Priya Shah', groups: 2 },
			{ id: TOM, full_name: 'Tom Ellis', groups: 3 },
			{ id: zara.id, full_name: 'Zara Quinn', groups: 1 }
		]);
	});

	it('lists both programmes', () => {
		expect(d.programmes).toEqual([
			{ id: PARENTING, name: 'Reflective Parenting group' },
			{ id: FOSTERING, name: DAILY_PROGRAMME.name }
		]);
	});

	it('gives one row per group, latest first, with the per-group figures', () => {
		expect((d.groups as Json[]).map((g) => g.id)).toEqual([group.D, group.C, group.B, group.A]);
		expect(rowOf(d, group.A)).toMatchObject({
			name: 'Riverside autumn',
			phase: 'completed',
			programme: 'Reflective Parenting group',
			funding: 'funded',
			funder: RIVERSIDE,
			quarter: Q_PREV,
			capacity: 12,
			filled: 6,
			started: 6,
			completed: 3,
			committed: 4,
			on_track: 3,
			waitlist: 0,
			attendance_rate: 69.8,
			sessions_held: 8,
			sessions_planned: 8
		});
		expect(rowOf(d, group.B)).toMatchObject({
			name: 'Winter evenings',
			phase: 'running',
			funding: 'self_funded',
			funder: null,
			quarter: Q_PREV,
			capacity: 10,
			filled: 4,
			started: 4,
			completed: 0,
			committed: 0,
			on_track: 2,
			waitlist: 0,
			attendance_rate: 54.5,
			sessions_held: 3,
			sessions_planned: 8
		});
		expect(rowOf(d, group.C)).toMatchObject({
			name: 'Hilltop course',
			phase: 'open',
			programme: DAILY_PROGRAMME.name,
			funding: 'funded',
			funder: HILLTOP,
			quarter: Q_C,
			capacity: 3,
			filled: 3,
			started: 0,
			completed: 0,
			committed: 0,
			on_track: 0,
			waitlist: 2,
			attendance_rate: null,
			sessions_held: 0,
			sessions_planned: 2
		});
		expect(rowOf(d, group.D)).toMatchObject({
			name: 'Cancelled spring',
			phase: 'cancelled',
			capacity: 12,
			filled: 1,
			started: 0,
			waitlist: 0,
			attendance_rate: null,
			sessions_held: 0,
			sessions_planned: 8
		});
	});
});

describe('review_dashboard filters', () => {
	it('a date range keeps groups whose first session falls in it (inclusive)', async () => {
		const from = await dashboard({ from_date: bFirstDate });
		expect((from.groups as Json[]).map((g) => g.id)).toEqual([group.D, group.C, group.B]);
		expect(from.by_status).toEqual({ draft: 0, open: 1, running: 1, completed: 0, cancelled: 1 });
		expect(from.totals).toMatchObject({
			groups: 3,
			places_offered: 13,
			places_filled: 7,
			families_started: 4,
			families_completed: 0,
			families_committed: 0,
			families_on_track: 2,
			attendance_rate: 54.5,
			waitlist: 2,
			interest_list: 2
		});
		expect(from.concerns).toEqual({ high: 1, medium: 0, low: 0 });

		const dayBefore = londonDate(new Date(`${bFirstDate}T12:00:00Z`).getTime() - DAY);
		const to = await dashboard({ to_date: dayBefore });
		expect((to.groups as Json[]).map((g) => g.id)).toEqual([group.A]);
		expect(to.totals).toMatchObject({
			groups: 1,
			places_offered: 12,
			places_filled: 6,
			families_started: 6,
			families_completed: 3,
			families_committed: 4,
			families_on_track: 3,
			attendance_rate: 69.8,
			waitlist: 0
		});
		expect(to.quarters).toEqual([
			{
				quarter: Q_PREV,
				funded_groups: 1,
				funded_placed: 6,
				funded_started: 6,
				self_funded_groups: 0,
				self_funded_placed: 0,
				self_funded_started: 0
			}
		]);
		expect(to.concerns).toEqual({ high: 1, medium: 1, low: 0 });

		// A's first session is at 00:00 London on the first day of Q-1: in range from that day,
		// not in a range that ends the day before (whatever the date is in UTC).
		const aDay = await dashboard({ from_date: qPrevFrom, to_date: qPrevFrom });
		expect((aDay.groups as Json[]).map((g) => g.id)).toEqual([group.A]);
		const dayBeforeA = londonDate(new Date(`${qPrevFrom}T12:00:00Z`).getTime() - DAY);
		expect((await dashboard({ to_date: dayBeforeA })).groups).toEqual([]);

		const oneDay = await dashboard({ from_date: bFirstDate, to_date: bFirstDate });
		expect((oneDay.groups as Json[]).map((g) => g.id)).toEqual([group.B]);
		expect(oneDay.filters).toMatchObject({ from_date: bFirstDate, to_date: bFirstDate });

		const dOnly = await dashboard({ from_date: dFirstDate, to_date: dFirstDate });
		expect((dOnly.groups as Json[]).map((g) => g.id)).toEqual([group.D]);
		expect(dOnly.by_status).toMatchObject({ cancelled: 1 });
		expect(dOnly.totals).toMatchObject({
			groups: 1,
			places_offered: 0,
			places_filled: 0,
			families_started: 0,
			attendance_rate: null,
			waitlist: 0
		});
		expect(dOnly.quarters).toEqual([]);
	});

	it('a range with no groups gives zeros, no rate, no quarters, no rows', async () => {
		const none = await dashboard({ from_date: '2000-01-01', to_date: '2000-12-31' });
		expect(none.by_status).toEqual({ draft: 0, open: 0, running: 0, completed: 0, cancelled: 0 });
		expect(none.totals).toEqual({
			groups: 0,
			places_offered: 0,
			places_filled: 0,
			families_started: 0,
			families_completed: 0,
			families_committed: 0,
			families_on_track: 0,
			attendance_rate: null,
			waitlist: 0,
			interest_list: 2
		});
		expect(none.quarters).toEqual([]);
		expect(none.groups).toEqual([]);
		expect(none.concerns).toEqual(noConcerns);
		expect((none.facilitators as Json[]).map((f) => f.groups)).toEqual([0, 0, 0, 0, 0]);
	});

	it('by programme', async () => {
		const course = await dashboard({ programme_id: FOSTERING });
		expect((course.groups as Json[]).map((g) => g.id)).toEqual([group.C]);
		expect(course.by_status).toEqual({ draft: 0, open: 1, running: 0, completed: 0, cancelled: 0 });
		expect(course.totals).toMatchObject({
			groups: 1,
			places_offered: 3,
			places_filled: 3,
			families_started: 0,
			attendance_rate: null,
			waitlist: 2
		});
		expect(course.concerns).toEqual(noConcerns);
		expect((course.facilitators as Json[]).map((f) => f.groups)).toEqual([0, 0, 1, 1, 0]); // Jamal and Leah (demo facilitators 4 and 3) run none of these

		const parenting = await dashboard({ programme_id: PARENTING });
		expect((parenting.groups as Json[]).map((g) => g.id)).toEqual([group.D, group.B, group.A]);
		expect(parenting.totals).toMatchObject({
			groups: 3,
			places_offered: 22,
			places_filled: 10,
			families_started: 10,
			families_completed: 3,
			families_committed: 4,
			families_on_track: 5,
			attendance_rate: 66.7,
			waitlist: 0
		});
		expect(parenting.concerns).toEqual({ high: 2, medium: 1, low: 0 });
	});

	it('by funding', async () => {
		const self = await dashboard({ funding: 'self_funded' });
		expect((self.groups as Json[]).map((g) => g.id)).toEqual([group.B]);
		expect(self.totals).toMatchObject({
			groups: 1,
			places_offered: 10,
			places_filled: 4,
			families_started: 4,
			families_completed: 0,
			families_committed: 0,
			families_on_track: 2,
			attendance_rate: 54.5,
			waitlist: 0
		});
		expect(self.quarters).toEqual([
			{
				quarter: Q_PREV,
				funded_groups: 0,
				funded_placed: 0,
				funded_started: 0,
				self_funded_groups: 1,
				self_funded_placed: 4,
				self_funded_started: 4
			}
		]);
		expect(self.concerns).toEqual({ high: 1, medium: 0, low: 0 });

		const funded = await dashboard({ funding: 'funded' });
		expect((funded.groups as Json[]).map((g) => g.id)).toEqual([group.D, group.C, group.A]);
		expect(funded.by_status).toEqual({ draft: 0, open: 1, running: 0, completed: 1, cancelled: 1 });
		expect(funded.totals).toMatchObject({
			groups: 3,
			places_offered: 15,
			places_filled: 9,
			families_started: 6,
			families_completed: 3,
			families_committed: 4,
			families_on_track: 3,
			attendance_rate: 69.8,
			waitlist: 2
		});
		expect(funded.concerns).toEqual({ high: 1, medium: 1, low: 0 });
	});

	it('by facilitator', async () => {
		const z = await dashboard({ facilitator_id: zara.id });
		expect((z.groups as Json[]).map((g) => g.id)).toEqual([group.D, group.B]);
		expect(z.by_status).toEqual({ draft: 0, open: 0, running: 1, completed: 0, cancelled: 1 });
		expect(z.totals).toMatchObject({
			groups: 2,
			places_offered: 10,
			places_filled: 4,
			families_started: 4,
			families_on_track: 2,
			attendance_rate: 54.5
		});
		expect(z.concerns).toEqual({ high: 1, medium: 0, low: 0 });
		expect(z.facilitators).toEqual([
			// Demo facilitators 4 and 3 (the pathway's trained ones) run none of these groups.
			{ id: ids.facilitator4, full_name: 'Jamal Hussain', groups: 0 },
			{ id: ids.facilitator3, full_name: 'Leah Morgan', groups: 0 },
			{ id: PRIYA, full_name: 'Priya Shah', groups: 0 },
			{ id: TOM, full_name: 'Tom Ellis', groups: 1 },
			{ id: zara.id, full_name: 'Zara Quinn', groups: 1 }
		]);

		const priya = await dashboard({ facilitator_id: PRIYA });
		expect((priya.groups as Json[]).map((g) => g.id)).toEqual([group.D, group.C, group.A]);
		expect(priya.totals).toMatchObject({ groups: 3, places_offered: 15, families_started: 6 });
	});

	it('filters combine', async () => {
		const d = await dashboard({ funding: 'funded', facilitator_id: TOM, to_date: qPrevTo });
		expect((d.groups as Json[]).map((g) => g.id)).toEqual([group.A]);
	});
});

/** The marks a group_review parent row should have, keyed by live session id. */
function expectedMarks(marks: Mark[], sessions: Record<number, string>) {
	const out: Record<string, string> = {};
	marks.forEach((m, i) => {
		if (m !== '-') out[sessions[i + 1]!] = STATUS[m];
	});
	return out;
}
const count = (marks: Mark[], ...of: Mark[]) => marks.filter((m) => of.includes(m)).length;

describe('group_review', () => {
	it('A: the group figures, facilitators and fidelity checklist per session', async () => {
		const r = await ok<Json>(await lead(), 'group_review', { group_id: group.A });
		expect(r.group).toEqual({
			id: group.A,
			name: 'Riverside autumn',
			phase: 'completed',
			programme: 'Reflective Parenting group',
			funding: 'funded',
			funder: RIVERSIDE,
			fee_pence: null,
			capacity: 12,
			threshold: 6,
			filled: 6,
			started: 6,
			completed: 3,
			committed: 4,
			on_track: 3,
			attendance_rate: 69.8,
			facilitators: ['Priya Shah', 'Tom Ellis']
		});
		// The cancelled s4x is not in the checklist; the replacement s4 is.
		expect((r.sessions as Json[]).map((s) => s.id)).toEqual(
			[1, 2, 3, 4, 5, 6, 7, 8].map((n) => sA[n])
		);
		expect(
			(r.sessions as Json[]).map((s) => [s.number, s.status, s.held, s.released, s.notes_written])
		).toEqual([
			[1, 'held', true, true, true],
			[2, 'held', true, true, true],
			[3, 'held', true, true, false],
			[4, 'held', true, true, false],
			[5, 'held', true, true, false],
			[6, 'held', true, true, false],
			[7, 'held', true, true, false],
			[8, 'held', true, false, false]
		]);
		const s = r.sessions as Json[];
		expect(s[0]!.notes).toMatchObject({
			covered: 'Welcome and the parent map.',
			written_by: 'Priya Shah'
		});
		expect(s[1]!.notes).toMatchObject({
			covered: 'Reflective conversations.',
			written_by: 'Tom Ellis'
		});
		expect(s[2]!.notes).toMatchObject({ covered: '', how_it_went: '', reflection: '' });
		expect(s[3]!.notes).toBeNull();
	});

	it('A: the register grid, attended and apologies per parent (waitlisted Hana not listed)', async () => {
		const r = await ok<Json>(await lead(), 'group_review', { group_id: group.A });
		const rows = r.parents as Json[];
		expect(rows.map((p) => p.full_name)).toEqual(Object.keys(A_MARKS));
		for (const row of rows) {
			const marks = A_MARKS[row.full_name]!;
			const live = Object.fromEntries(
				Object.entries(row.marks as Record<string, string>).filter(([id]) => id !== sAcancelled)
			);
			expect(live, row.full_name).toEqual(expectedMarks(marks, sA));
			expect(row.attended, row.full_name).toBe(count(marks, 'P', 'L'));
			expect(row.apologies, row.full_name).toBe(count(marks, 'AP'));
			expect(row.enrolment_id).toBe(enrol[row.full_name]);
		}
		// by hand, as in the table
		expect(rows.map((p) => [p.full_name, p.status, p.attended, p.apologies])).toEqual([
			['Alice Archer', 'enrolled', 8, 0],
			['Bella Brook', 'enrolled', 6, 0],
			['Cara Croft', 'enrolled', 6, 2],
			['Dina Dale', 'enrolled', 5, 1],
			['Erin Eves', 'withdrawn', 2, 0],
			['Fay Frost', 'withdrawn', 0, 0],
			['Gail Grant', 'enrolled', 3, 2]
		]);
		const erin = rows.find((p) => p.full_name === 'Erin Eves')!;
		expect(erin.withdrawal_reason).toBe('Moved away');
		expect(erin.withdrawn_on).toBe(
			londonDate(
				(
					await db<{ s: Date }>('select starts_at as s from public.sessions where id = $1', [
						sAcancelled
					])
				)[0]!.s
			)
		);
	});

	it('A: concerns with who raised them, open first, newest first', async () => {
		const r = await ok<Json>(await lead(), 'group_review', { group_id: group.A });
		expect(r.concerns).toHaveLength(2);
		expect(r.concerns[0]).toMatchObject({
			id: concern.K2,
			kind: 'safeguarding',
			urgency: 'high',
			raised_by: 'Tom Ellis',
			family: 'Dina Dale',
			session_number: null,
			reviewed_at: null,
			review_note: null,
			reviewed_by: null
		});
		expect(r.concerns[1]).toMatchObject({
			id: concern.K1,
			kind: 'wellbeing',
			urgency: 'medium',
			description: 'Erin seemed exhausted and left early.',
			raised_by: 'Priya Shah',
			family: 'Erin Eves',
			session_number: 3,
			reviewed_at: null
		});
	});

	it('B: running group — fidelity, register and the reviewed concern', async () => {
		const r = await ok<Json>(await lead(), 'group_review', { group_id: group.B });
		expect(r.group).toMatchObject({
			phase: 'running',
			funding: 'self_funded',
			funder: null,
			fee_pence: 15000,
			capacity: 10,
			threshold: 6,
			filled: 4,
			started: 4,
			completed: 0,
			committed: 0,
			on_track: 2,
			attendance_rate: 54.5,
			facilitators: ['Tom Ellis', 'Zara Quinn']
		});
		expect(
			(r.sessions as Json[]).map((s) => [s.number, s.held, s.released, s.notes_written])
		).toEqual([
			[1, true, true, true],
			[2, true, true, false],
			[3, true, false, false],
			[4, false, false, false],
			[5, false, false, false],
			[6, false, false, false],
			[7, false, false, false],
			[8, false, false, false]
		]);
		expect((r.sessions as Json[])[0]!.notes).toMatchObject({ written_by: 'Zara Quinn' });
		const rows = r.parents as Json[];
		expect(rows.map((p) => [p.full_name, p.status, p.attended, p.apologies])).toEqual([
			['Iris Irwin', 'enrolled', 3, 0],
			['Jade Jones', 'enrolled', 0, 1],
			['Kate Kerr', 'enrolled', 2, 0],
			['Lena Lowe', 'withdrawn', 1, 0]
		]);
		for (const row of rows)
			expect(row.marks, row.full_name).toEqual(expectedMarks(B_MARKS[row.full_name]!, sB));
		expect((r.concerns as Json[]).map((c) => c.id)).toEqual([concern.K4, concern.K3]);
		expect(r.concerns[0]).toMatchObject({
			raised_by: 'Tom Ellis',
			family: null,
			reviewed_at: null
		});
		expect(r.concerns[1]).toMatchObject({
			raised_by: 'Zara Quinn',
			family: 'Jade Jones',
			session_number: 2,
			review_note: 'Rang Jade: a family funeral; back next week.',
			reviewed_by: 'Helen Marsh'
		});
		expect(r.concerns[1].reviewed_at).not.toBeNull();
	});

	it('C and D: open and cancelled groups have no register yet', async () => {
		const c = await ok<Json>(await lead(), 'group_review', { group_id: group.C });
		expect(c.group).toMatchObject({
			phase: 'open',
			threshold: 2,
			filled: 3,
			started: 0,
			attendance_rate: null
		});
		// enrolled and withdrawn families with a place; offered, waitlisted and declined are not
		expect((c.parents as Json[]).map((p) => p.full_name)).toEqual([
			'Nina North',
			'Olga Oak',
			'Tara Tate'
		]);
		// Nina's apologies for a session still to come are on the grid but not counted yet.
		expect((c.parents as Json[])[0]).toMatchObject({ attended: 0, apologies: 0 });
		const d = await ok<Json>(await lead(), 'group_review', { group_id: group.D });
		expect(d.group).toMatchObject({ phase: 'cancelled', filled: 1, started: 0 });
	});

	it('an unknown group is P0002', async () => {
		const { error } = await rpc(await lead(), 'group_review', {
			group_id: '00000000-0000-4000-8000-00000000dead'
		});
		expect(error?.code).toBe('P0002');
	});
});

describe('funder_report', () => {
	const empty = {
		groups: 0,
		families_started: 0,
		families_completed: 0,
		attendance_rate: null,
		sessions_held: 0,
		fees_pence: 0,
		rows: [],
		planned: []
	};

	it('last quarter, all funders: funded A, self-funded B with fees', async () => {
		const r = await ok<Json>(await lead(), 'funder_report', {
			from_date: qPrevFrom,
			to_date: qPrevTo
		});
		expect(r).toMatchObject({ from_date: qPrevFrom, to_date: qPrevTo, funder: null });
		expect(r.funders).toEqual([HILLTOP, RIVERSIDE]);
		expect(r.funded).toMatchObject({
			groups: 1,
			families_started: 6,
			families_completed: 3,
			attendance_rate: 69.8,
			sessions_held: 8,
			fees_pence: 0
		});
		expect(r.funded.rows).toHaveLength(1);
		expect(r.funded.planned).toEqual([]);
		expect(r.self_funded.planned).toEqual([]);
		expect(r.funded.rows[0]).toMatchObject({
			id: group.A,
			name: 'Riverside autumn',
			funder: RIVERSIDE,
			fee_pence: null,
			phase: 'completed',
			families_started: 6,
			families_completed: 3,
			attendance_rate: 69.8,
			sessions_held: 8
		});
		expect(r.self_funded).toMatchObject({
			groups: 1,
			families_started: 4,
			families_completed: 0,
			attendance_rate: 54.5,
			sessions_held: 3,
			fees_pence: 60000
		});
		expect(r.self_funded.rows).toHaveLength(1);
		expect(r.self_funded.rows[0]).toMatchObject({
			id: group.B,
			funder: null,
			fee_pence: 15000,
			phase: 'running',
			families_started: 4,
			families_completed: 0,
			attendance_rate: 54.5,
			sessions_held: 3
		});
	});

	it('one funder: only its funded groups; the self-funded section is unchanged', async () => {
		const riverside = await ok<Json>(await lead(), 'funder_report', {
			from_date: qPrevFrom,
			to_date: laterDate,
			funder: RIVERSIDE
		});
		expect(riverside.funder).toBe(RIVERSIDE);
		// A only: C is Hilltop's, D (Riverside's) was cancelled
		expect(riverside.funded).toMatchObject({
			groups: 1,
			families_started: 6,
			families_completed: 3
		});
		expect(riverside.funded.rows.map((x: Json) => x.id)).toEqual([group.A]);
		expect(riverside.self_funded).toMatchObject({
			groups: 1,
			families_started: 4,
			fees_pence: 60000
		});

		const hilltop = await ok<Json>(await lead(), 'funder_report', {
			from_date: qPrevFrom,
			to_date: laterDate,
			funder: HILLTOP
		});
		// C starts in 14 days: planned, not delivered.
		expect(hilltop.funded).toMatchObject({
			groups: 0,
			families_started: 0,
			families_completed: 0,
			attendance_rate: null,
			sessions_held: 0,
			fees_pence: 0,
			rows: []
		});
		expect(hilltop.funded.planned).toEqual([
			{
				id: group.C,
				name: 'Hilltop course',
				funder: HILLTOP,
				fee_pence: null,
				first_start: expect.any(String),
				phase: 'open',
				places_taken: 3,
				capacity: 3
			}
		]);

		const lastQuarterHilltop = await ok<Json>(await lead(), 'funder_report', {
			from_date: qPrevFrom,
			to_date: qPrevTo,
			funder: HILLTOP
		});
		expect(lastQuarterHilltop.funded).toEqual(empty);
		expect(lastQuarterHilltop.self_funded).toMatchObject({ groups: 1, fees_pence: 60000 });
	});

	it('all funders over a wide range: A delivered, C planned (not started), D left out', async () => {
		const r = await ok<Json>(await lead(), 'funder_report', {
			from_date: qPrevFrom,
			to_date: laterDate
		});
		expect(r.funded).toMatchObject({
			groups: 1,
			families_started: 6,
			families_completed: 3,
			attendance_rate: 69.8,
			sessions_held: 8
		});
		expect(r.funded.rows.map((x: Json) => x.id)).toEqual([group.A]);
		expect(r.funded.planned.map((x: Json) => x.id)).toEqual([group.C]);
	});

	it('a range with nothing in it gives empty sections', async () => {
		const r = await ok<Json>(await lead(), 'funder_report', {
			from_date: dFirstDate,
			to_date: dFirstDate
		});
		expect(r.funded).toEqual(empty);
		expect(r.self_funded).toEqual(empty);
	});

	it('a start after the end, or a missing date, is P0001', async () => {
		const bad = await rpc(await lead(), 'funder_report', {
			from_date: qPrevTo,
			to_date: qPrevFrom
		});
		expect(bad.data).toBeNull();
		expect(bad.error).toMatchObject({ code: 'P0001', hint: 'from_date' });
		const missing = await rpc(await lead(), 'funder_report', { from_date: null, to_date: qPrevTo });
		expect(missing.error?.code).toBe('P0001');
		const same = await rpc(await lead(), 'funder_report', { from_date: qPrevTo, to_date: qPrevTo });
		expect(same.error).toBeNull();
	});
});

describe('review_concern', () => {
	it('needs a note, and a short enough one', async () => {
		for (const note of ['', '   ', 'x'.repeat(5001)]) {
			const { error } = await rpc(await lead(), 'review_concern', { concern_id: concern.K1, note });
			expect(error, JSON.stringify(note.slice(0, 10))).toMatchObject({
				code: 'P0001',
				hint: 'note'
			});
		}
		const [row] = await db<{ reviewed_at: Date | null }>(
			'select reviewed_at from public.concerns where id = $1',
			[concern.K1]
		);
		expect(row!.reviewed_at).toBeNull();
	});

	it('marks the concern reviewed with the trimmed note, by the lead', async () => {
		expect(
			await ok(await lead(), 'review_concern', {
				concern_id: concern.K1,
				note: "  Spoke to Erin's social worker; support in place.  "
			})
		).toEqual({ id: concern.K1 });
		const [row] = await db<{ reviewed_at: Date | null; reviewed_by: string; review_note: string }>(
			'select reviewed_at, reviewed_by, review_note from public.concerns where id = $1',
			[concern.K1]
		);
		expect(row!.reviewed_at).not.toBeNull();
		expect(row!.reviewed_by).toBe(ids.lead);
		expect(row!.review_note).toBe("Spoke to Erin's social worker; support in place.");
	});

	it('a second review, or an unknown concern, is P0001', async () => {
		const again = await rpc(await lead(), 'review_concern', {
			concern_id: concern.K1,
			note: 'Again.'
		});
		expect(again.error?.code).toBe('P0001');
		const [row] = await db<{ review_note: string }>(
			'select review_note from public.concerns where id = $1',
			[concern.K1]
		);
		expect(row!.review_note).toBe("Spoke to Erin's social worker; support in place.");
		const unknown = await rpc(await lead(), 'review_concern', {
			concern_id: '00000000-0000-4000-8000-00000000beef',
			note: 'Done.'
		});
		expect(unknown.error?.code).toBe('P0001');
	});

	it('the dashboard and the group review follow', async () => {
		expect((await dashboard()).concerns).toEqual({ high: 2, medium: 0, low: 0 });
		const r = await ok<Json>(await lead(), 'group_review', { group_id: group.A });
		expect((r.concerns as Json[]).map((c) => c.id)).toEqual([concern.K2, concern.K1]);
		expect(r.concerns[1]).toMatchObject({
			reviewed_by: 'Helen Marsh',
			review_note: "Spoke to Erin's social worker; support in place."
		});
	});
});
