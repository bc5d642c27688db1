// `explain (analyze, buffers)` of what the lead's dashboard reads: the per-group facts in the
// view private.review_group_facts, unfiltered (the dashboard as the page first loads), as the
// functions' owner with the lead's claims, which is how the rpcs (security definer) read it.
const LEAD = '00000000-0000-4000-8000-000000000001';

export async function explainReviewGroups(db) {
	return db.transaction(async (tx) => {
		await tx.query(`select set_config('request.jwt.claims', $1, true)`, [
			JSON.stringify({ sub: LEAD, role: 'authenticated' })
		]);
		await tx.exec(`set local search_path = ''`);
		const plan = await tx.query(
			'explain (analyze, buffers, costs off) select * from private.review_group_facts'
		);
		return plan.rows.map((r) => r['QUERY PLAN']).join('\n');
	});
}
