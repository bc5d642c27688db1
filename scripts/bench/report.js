// Pure helpers of `npm run bench`: percentiles, the goals and how they are judged, and the
// tables it prints. No I/O here (scripts/bench/report.spec.js tests them).

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Median and p95 of a list of numbers (any order). */
export function summarise(values) {
	const sorted = [...values].sort((a, b) => a - b);
	return { median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

export const GOALS = {
	medianMs: 50,
	compressedKB: 150,
	authPerRequest: 0,
	throughputRatio: 1 / 3,
	rssMB: 512
};

/**
 * The compressed size a page is judged on: what the server sent when it compressed, else the
 * size node:zlib's gzip makes of the HTML here.
 */
export function compressedBytes(page) {
	return page.encoding ? page.wireBytes : page.gzipBytes;
}

/**
 * Every goal for one scale's results, each { page, goal, value, shown, met } where met is true,
 * false, or null when it could not be measured (e.g. no /dev/backend-calls route, or no load run).
 * results: { signin: { rps }, pages: [{ path, median, encoding, wireBytes, gzipBytes, auth, rps,
 * error }], rss: { peakMB } }
 */
export function judge(results, goals = GOALS) {
	const out = [];
	const signinRps = results.signin?.rps ?? null;
	for (const p of results.pages) {
		if (p.error) {
			out.push({ page: p.path, goal: 'page answers 200', value: null, shown: p.error, met: false });
			continue;
		}
		out.push({
			page: p.path,
			goal: `median ≤ ${goals.medianMs} ms`,
			value: p.median,
			shown: `${p.median.toFixed(1)} ms`,
			met: p.median <= goals.medianMs
		});
		const kb = compressedBytes(p) / 1024;
		out.push({
			page: p.path,
			goal: `≤ ${goals.compressedKB} KB compressed`,
			value: kb,
			shown: `${kb.toFixed(1)} KB`,
			met: kb <= goals.compressedKB
		});
		out.push({
			page: p.path,
			goal: `${goals.authPerRequest} Auth calls`,
			value: p.auth,
			shown: p.auth == null ? 'n/a' : `${fmtCount(p.auth)} /req`,
			met: p.auth == null ? null : p.auth <= goals.authPerRequest
		});
		const ratio = p.rps != null && signinRps ? p.rps / signinRps : null;
		out.push({
			page: p.path,
			goal: `throughput ≥ ${fmtRatio(goals.throughputRatio)} × sign-in`,
			value: ratio,
			shown: ratio == null ? 'n/a' : `×${ratio.toFixed(2)}`,
			met: ratio == null ? null : ratio >= goals.throughputRatio
		});
	}
	const peak = results.rss?.peakMB ?? null;
	out.push({
		page: '(server)',
		goal: `RSS ≤ ${goals.rssMB} MB under load`,
		value: peak,
		shown: peak == null ? 'n/a' : `${peak.toFixed(0)} MB`,
		met: peak == null ? null : peak <= goals.rssMB
	});
	return out;
}

/** "N of M goals met" and the ones not met or not measured, as lines. */
export function summary(judged) {
	const met = judged.filter((g) => g.met === true).length;
	const failed = judged.filter((g) => g.met === false);
	const unknown = judged.filter((g) => g.met === null);
	const lines = [`${met} of ${judged.length} goals met`];
	if (failed.length) {
		lines.push(`Not met (${failed.length}):`);
		for (const g of failed) lines.push(`  ✗ ${g.page}: ${g.goal}, is ${g.shown}`);
	}
	if (unknown.length) {
		lines.push(`Not measured (${unknown.length}):`);
		for (const g of unknown) lines.push(`  ? ${g.page}: ${g.goal}`);
	}
	return lines;
}

function fmtRatio(r) {
	return Math.abs(r - 1 / 3) < 1e-9 ? '1/3' : r.toFixed(2);
}

/** A per-request count: whole numbers as such, else one decimal. */
export function fmtCount(n) {
	return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

const kb = (bytes) => (bytes / 1024).toFixed(1);

/**
 * The table of one scale: page, median, p95, KB raw, KB sent (with the encoding the server
 * used, or "raw"), KB gzip (node:zlib, here), rpc/req, auth/req, req/s, ×sign-in. The
 * reference row (a signed-in page with no rpc), when measured, comes second; it is not judged.
 */
export function pageTable(results) {
	const head = [
		'page',
		'median ms',
		'p95 ms',
		'KB raw',
		'KB sent',
		'KB gzip*',
		'rpc/req',
		'auth/req',
		'req/s',
		'×sign-in'
	];
	const signinRps = results.signin?.rps ?? null;
	const row = (p) => {
		if (p.error) return [p.label, p.error, '', '', '', '', '', '', '', ''];
		const ratio = p.rps != null && signinRps ? `×${(p.rps / signinRps).toFixed(2)}` : 'n/a';
		return [
			p.label,
			p.median.toFixed(1),
			p.p95.toFixed(1),
			kb(p.rawBytes),
			`${kb(p.wireBytes)} ${p.encoding ?? 'raw'}`,
			kb(p.gzipBytes),
			p.rpc == null ? 'n/a' : fmtCount(p.rpc),
			p.auth == null ? 'n/a' : fmtCount(p.auth),
			p.rps == null ? 'n/a' : p.rps.toFixed(0),
			ratio
		];
	};
	const rows = [];
	if (results.signin) {
		const s = results.signin;
		rows.push([
			'GET /signin (anon)',
			s.median.toFixed(1),
			s.p95.toFixed(1),
			kb(s.rawBytes),
			`${kb(s.wireBytes)} ${s.encoding ?? 'raw'}`,
			kb(s.gzipBytes),
			s.rpc == null ? 'n/a' : fmtCount(s.rpc),
			s.auth == null ? 'n/a' : fmtCount(s.auth),
			s.rps == null ? 'n/a' : s.rps.toFixed(0),
			s.rps == null ? 'n/a' : '×1.00'
		]);
	}
	if (results.reference) rows.push(row(results.reference));
	rows.push(...results.pages.map(row));
	return formatTable(head, rows);
}

/** Columns padded to their widest cell; the first left-aligned, the rest right-aligned. */
export function formatTable(head, rows) {
	const all = [head, ...rows];
	const widths = head.map((_, i) => Math.max(...all.map((r) => String(r[i] ?? '').length)));
	const line = (r) =>
		r
			.map((c, i) =>
				i === 0 ? String(c ?? '').padEnd(widths[i]) : String(c ?? '').padStart(widths[i])
			)
			.join('  ')
			.trimEnd();
	return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The pages' goals as a table, one row per page, a ✓ / ✗ / ? and the figure in each column. */
export function goalsTable(judged) {
	const perPage = judged.filter((g) => g.page !== '(server)');
	const goals = [...new Set(perPage.map((g) => g.goal))];
	const pages = [...new Set(perPage.map((g) => g.page))];
	const rows = pages.map((page) => [
		page,
		...goals.map((goal) => {
			const g = perPage.find((x) => x.page === page && x.goal === goal);
			return g ? `${mark(g)} ${g.shown}` : '';
		})
	]);
	return formatTable(['page', ...goals], rows);
}

/** ✓ met, ✗ not met, ? not measured. */
export function mark(g) {
	return g.met === true ? '✓' : g.met === false ? '✗' : '?';
}
