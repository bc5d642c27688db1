// `explain (analyze, buffers)` of what private.review_groups runs, as the lead. It is a SQL
// function, security definer, so a call shows only a Function Scan: prepare its body with the
// parameters as $1..$n and explain executing that with the dashboard's (null) filters.
const LEAD = '00000000-0000-4000-8000-000000000001';

export async function explainReviewGroups(db) {
	const { rows } = await db.query(`
    select p.prosrc, p.pronargs, (p.proargnames)[1:p.pronargs] as names,
      array(select format_type(t, null) from unnest(p.proargtypes::oid[]) t) as types
    from pg_proc p where p.oid = 'private.review_groups'::regproc`);
	const { prosrc, names, types } = rows[0];
	let body = prosrc;
	names.forEach((name, i) => {
		body = body.replace(new RegExp(`\\b${name}\\b(?!\\s*\\()`, 'g'), `$${i + 1}`);
	});
	return db.transaction(async (tx) => {
		await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
			JSON.stringify({ sub: LEAD, role: 'authenticated' })
		]);
		await tx.exec(`set local search_path = ''`);
		await tx.exec(`prepare review_groups_body (${types.join(', ')}) as ${body}`);
		const nulls = types.map(() => 'null').join(', ');
		const plan = await tx.query(
			`explain (analyze, buffers, costs off) execute review_groups_body(${nulls})`
		);
		await tx.exec('deallocate review_groups_body');
		return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
	});
}
