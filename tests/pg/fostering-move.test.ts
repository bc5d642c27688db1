/**
 * The migration that moves Reflective Fostering out of the parents' programmes and into courses
 * (20261201173002_i14_reflective_fostering_to_courses) keeps any data: a database that ran a
 * group as that programme gets a course with the same name, days (London times), venue, places
 * and facilitators as trainers, and keeps the group with its people; the programme row goes only
 * where nothing uses it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScript } from '../../scripts/db/build.js';
import { migrations } from '../../src/lib/server/embedded/database';
import { freshDatabase, type FreshDatabase } from './harness';

const MOVE = '20261201173000'; // the first of issue 14's migrations (the roles), and all after it
const LEAD = '00000000-0000-4000-8000-00000000a001';
const F1 = '00000000-0000-4000-8000-00000000a101';
const F2 = '00000000-0000-4000-8000-00000000a102';
const GROUP = '00000000-0000-4000-8000-00000000a201';

let withGroup: FreshDatabase;
let withoutGroup: FreshDatabase;

beforeAll(async () => {
	// One after the other: two bootstraps at once on a new server race to create its roles.
	withGroup = await freshDatabase({ seed: false, before: MOVE, max: 2 });
	withoutGroup = await freshDatabase({ seed: false, max: 2 });
	const c = await withGroup.pool.connect();
	try {
		await c.query(
			`insert into auth.users (instance_id, id, aud, role, email, encrypted_password,
			   email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at,
			   confirmation_token, recovery_token)
			 select '00000000-0000-0000-0000-000000000000', id, 'authenticated', 'authenticated', email,
			   '', now(), '{}', '{}', now(), now(), '', ''
			 from (values ($1::uuid, 'lead@old.example'), ($2::uuid, 'f1@old.example'),
			   ($3::uuid, 'f2@old.example')) v (id, email)`,
			[LEAD, F1, F2]
		);
		await c.query(
			`insert into public.profiles (id, email, full_name, role) values
			   ($1, 'lead@old.example', 'Old Lead', 'clinical_lead'),
			   ($2, 'f1@old.example', 'First Trainer', 'facilitator'),
			   ($3, 'f2@old.example', 'Second Trainer', 'facilitator')`,
			[LEAD, F1, F2]
		);
		await c.query(
			`insert into public.groups (id, programme_id, name, audience, start_time, venue,
			   venue_postcode, capacity, funding, funder, created_by)
			 values ($1, 'reflective-fostering', 'Reflective Fostering, Leeds', 'Professionals',
			   '09:30', 'Leeds Training Centre', 'LS1 4AP', 18, 'funded', 'Leeds Council', $2)`,
			[GROUP, LEAD]
		);
		await c.query(
			'insert into public.group_facilitators (group_id, facilitator_id) values ($1, $2), ($1, $3)',
			[GROUP, F1, F2]
		);
		// Two daily sessions in the summer (British Summer Time), far ahead.
		await c.query(
			`insert into public.sessions (group_id, number, starts_at, ends_at) values
			   ($1, 1, timestamp '2031-06-19 09:30' at time zone 'Europe/London',
			           timestamp '2031-06-19 15:30' at time zone 'Europe/London'),
			   ($1, 2, timestamp '2031-06-20 09:30' at time zone 'Europe/London',
			           timestamp '2031-06-20 15:30' at time zone 'Europe/London')`,
			[GROUP]
		);
		for (const m of migrations().filter((x) => x.version >= MOVE)) {
			await applyScript(c, `${m.version}_${m.name}`, m.sql);
		}
	} finally {
		c.release();
	}
});
afterAll(async () => {
	await Promise.all([withGroup?.drop(), withoutGroup?.drop()]);
});

describe('moving Reflective Fostering into courses', () => {
	it('makes a course of a group run as it: name, days in London time, venue, places, trainers', async () => {
		const { rows } = await withGroup.pool.query(
			`select c.title, c.status, c.capacity, c.venue_name, c.venue_postcode, c.online,
			   (select json_agg(json_build_object('day', d.day::text, 'starts', d.starts::text,
			      'ends', d.ends::text) order by d.day) from public.course_days d where d.course_id = c.id) as days,
			   (select json_agg(p.full_name order by p.full_name) from public.course_trainers t
			      join public.profiles p on p.id = t.trainer_id where t.course_id = c.id) as trainers
			 from public.courses c`
		);
		expect(rows).toEqual([
			{
				title: 'Reflective Fostering, Leeds',
				status: 'closed',
				capacity: 18,
				venue_name: 'Leeds Training Centre',
				venue_postcode: 'LS1 4AP',
				online: false,
				days: [
					{ day: '2031-06-19', starts: '09:30:00', ends: '15:30:00' },
					{ day: '2031-06-20', starts: '09:30:00', ends: '15:30:00' }
				],
				trainers: ['First Trainer', 'Second Trainer']
			}
		]);
	});

	it('keeps the group, its sessions and facilitators, and the programme it still uses', async () => {
		const { rows } = await withGroup.pool.query(
			`select g.programme_id, (select count(*)::int from public.sessions s where s.group_id = g.id) as sessions,
			   (select count(*)::int from public.group_facilitators f where f.group_id = g.id) as facilitators
			 from public.groups g where g.id = $1`,
			[GROUP]
		);
		expect(rows).toEqual([{ programme_id: 'reflective-fostering', sessions: 2, facilitators: 2 }]);
		const programmes = await withGroup.pool.query('select id from public.programmes order by id');
		expect(programmes.rows.map((r) => r.id)).toEqual([
			'reflective-fostering',
			'reflective-parenting'
		]);
	});

	it('removes the programme where no group used it', async () => {
		const { rows } = await withoutGroup.pool.query('select id from public.programmes order by id');
		expect(rows.map((r) => r.id)).toEqual(['reflective-parenting']);
		const courses = await withoutGroup.pool.query('select count(*)::int as n from public.courses');
		expect(courses.rows[0].n).toBe(0);
	});
});
