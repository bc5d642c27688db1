// Every role's main pages for `npm run bench`, with the ids they need read from the database
// before the server opens it (a running server holds the data directory's lock).

export const PASSWORD = 'reflective-demo';

/**
 * The accounts and pages, from the database `db` (PGlite, as its owner).
 * @param {import('@electric-sql/pglite').PGlite} db
 * @param {{ scale: boolean }} options at scale the facilitator is the one who runs most groups
 */
export async function choosePages(db, { scale }) {
	const one = async (sql, what) => {
		const { rows } = await db.query(sql);
		if (!rows[0]) throw new Error(`bench: no ${what} in this database`);
		return rows[0];
	};
	// A finished group full of registers (the drill-down's and outcomes page's usual case).
	const done = await one(
		`select g.id from public.groups g
     where g.status = 'open'
       and (select max(ends_at) from public.sessions s where s.group_id = g.id and s.status <> 'cancelled') < now()
     order by (select count(*) from public.enrolments e where e.group_id = g.id) desc, g.id limit 1`,
		'completed group'
	);
	const facilitator = await one(
		scale
			? `select u.email, count(*)::int as groups from public.group_facilitators gf
         join auth.users u on u.id = gf.facilitator_id
         where u.encrypted_password is not null
         group by u.email order by count(*) desc, u.email limit 1`
			: `select email from auth.users where email = 'facilitator1@example.org'`,
		'facilitator'
	);
	// Their running group (a session held, one to come), else their latest; its last held session.
	const mine = await one(
		`select g.id, coalesce((select max(s.number) from public.sessions s
            where s.group_id = g.id and s.status = 'held'), 1) as n
     from public.groups g
     join public.group_facilitators gf on gf.group_id = g.id
     join auth.users u on u.id = gf.facilitator_id and u.email = '${facilitator.email}'
     where g.status = 'open'
     order by exists (select 1 from public.sessions s where s.group_id = g.id and s.status = 'held')
          and exists (select 1 from public.sessions s where s.group_id = g.id and s.status = 'scheduled'
                      and s.starts_at > now()) desc,
       (select max(starts_at) from public.sessions s where s.group_id = g.id and s.starts_at <= now()) desc nulls last
     limit 1`,
		"facilitator's group"
	);
	const course = await one(
		`select c.id from public.courses c
     order by (select count(*) from public.course_places p where p.course_id = c.id) desc, c.id limit 1`,
		'course'
	);
	const { rows: counts } = await db.query(
		`select (select count(*) from public.groups)::int as groups,
       (select count(*) from public.enrolments)::int as enrolments,
       (select count(*) from public.courses)::int as courses,
       (select count(*) from public.course_places)::int as places`
	);
	const today = new Date().toISOString().slice(0, 10);
	const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10);
	return {
		counts: counts[0],
		// Not a goal: a signed-in page whose load asks the database nothing (the same hooks, session
		// check and layout as every signed-in page). Beside the sign-in page it shows what being
		// signed in costs before any database work, so the rest of a page's gap is its rpc.
		reference: {
			label: 'reference: signed in, no rpc (parent /account/password)',
			email: 'parent1@example.org',
			path: '/account/password'
		},
		roles: [
			{
				role: 'lead',
				email: 'lead@example.org',
				pages: [
					'/review',
					'/review/people',
					'/groups',
					`/review/groups/${done.id}`,
					`/review/report?from_date=${twoYearsAgo}&to_date=${today}`,
					'/review/facilitators',
					'/review/concerns',
					'/review/interest',
					`/groups/${done.id}/outcomes`
				]
			},
			{
				role: 'facilitator',
				email: facilitator.email,
				pages: ['/groups', `/groups/${mine.id}`, `/groups/${mine.id}/sessions/${mine.n}/register`]
			},
			{ role: 'parent', email: 'parent1@example.org', pages: ['/my', '/my/measures'] },
			{
				role: 'training admin',
				email: 'training@example.org',
				pages: ['/admin/courses', `/admin/courses/${course.id}`]
			},
			{ role: 'booker', email: 'booker@example.org', pages: ['/bookings'] },
			{ role: 'trainee', email: 'trainee1@example.org', pages: ['/training'] }
		]
	};
}

/** A page's path with its ids shortened, for the tables ("/groups/…9000-0000000007d0"). */
export function shortPath(path) {
	return path
		.replace(
			/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{4}-[0-9a-f]{12})/g,
			(_, tail) => `…${tail.slice(-4)}`
		)
		.replace(/from_date=[0-9-]+&to_date=[0-9-]+/, '2 years');
}
