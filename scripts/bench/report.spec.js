import { describe, expect, it } from 'vitest';
import {
	compressedBytes,
	fmtCount,
	formatTable,
	goalsTable,
	judge,
	pageTable,
	percentile,
	summarise,
	summary
} from './report.js';

const page = (over = {}) => ({
	path: 'lead: /review',
	label: 'lead: /review',
	median: 20,
	p95: 30,
	rawBytes: 40 * 1024,
	wireBytes: 8 * 1024,
	encoding: 'br',
	gzipBytes: 10 * 1024,
	rpc: 1,
	auth: 0,
	rps: 100,
	...over
});

describe('percentile (nearest rank)', () => {
	it('picks the ranked value, not an interpolation', () => {
		const xs = Array.from({ length: 20 }, (_, i) => i + 1); // 1..20
		expect(percentile(xs, 50)).toBe(10);
		expect(percentile(xs, 95)).toBe(19);
		expect(percentile(xs, 100)).toBe(20);
		expect(percentile(xs, 0)).toBe(1);
		expect(percentile([7], 95)).toBe(7);
		expect(percentile([], 50)).toBeNaN();
	});
	it('summarise sorts first', () => {
		expect(summarise([5, 1, 4, 2, 3])).toEqual({ median: 3, p95: 5 });
	});
});

describe('judge', () => {
	const results = (pages, more = {}) => ({
		signin: { rps: 200 },
		pages,
		rss: { peakMB: 300 },
		...more
	});

	it('passes a page within every goal', () => {
		const goals = judge(results([page()]));
		expect(goals).toHaveLength(5);
		expect(goals.every((g) => g.met === true)).toBe(true);
		expect(summary(goals)[0]).toBe('5 of 5 goals met');
	});

	it('fails each goal just past its limit, and passes it at the limit', () => {
		const at = judge(
			results([page({ median: 50, wireBytes: 150 * 1024, rps: 200 / 3 })], { rss: { peakMB: 512 } })
		);
		expect(at.map((g) => g.met)).toEqual([true, true, true, true, true]);
		const past = judge(
			results([page({ median: 50.1, wireBytes: 150 * 1024 + 1, auth: 1, rps: 66 })], {
				rss: { peakMB: 513 }
			})
		);
		expect(past.map((g) => g.met)).toEqual([false, false, false, false, false]);
		const lines = summary(past);
		expect(lines[0]).toBe('0 of 5 goals met');
		expect(lines).toContain('  ✗ lead: /review: median ≤ 50 ms, is 50.1 ms');
	});

	it('judges the size the server sent when it compressed, else gzip made here', () => {
		expect(compressedBytes(page({ encoding: 'br', wireBytes: 1, gzipBytes: 2 }))).toBe(1);
		expect(compressedBytes(page({ encoding: null, wireBytes: 9, gzipBytes: 2 }))).toBe(2);
		// sent raw at 200 KB but 100 KB gzip'd: judged on the 100
		const g = judge(
			results([page({ encoding: null, wireBytes: 200 * 1024, gzipBytes: 100 * 1024 })])
		);
		expect(g.find((x) => x.goal.includes('KB')).met).toBe(true);
	});

	it('marks what was not measured as such, and counts it as not met', () => {
		const goals = judge(results([page({ auth: null, rps: null })], { rss: null }));
		expect(goals.filter((g) => g.met === null)).toHaveLength(3);
		const lines = summary(goals);
		expect(lines[0]).toBe('2 of 5 goals met');
		expect(lines).toContain('Not measured (3):');
		expect(lines).toContain('  ? lead: /review: 0 Auth calls');
	});

	it('a page that did not answer 200 fails one goal saying so', () => {
		const goals = judge(results([page({ error: '303 → /signin' })]));
		expect(goals[0]).toMatchObject({
			goal: 'page answers 200',
			met: false,
			shown: '303 → /signin'
		});
	});
});

describe('tables', () => {
	it('pads columns: the first to the left, the rest to the right', () => {
		const t = formatTable(
			['page', 'ms'],
			[
				['a', '1.0'],
				['longer', '10.5']
			]
		).split('\n');
		expect(t).toEqual(['page      ms', '──────  ────', 'a        1.0', 'longer  10.5']);
	});

	it('the page table shows n/a for counts it could not take, and the ratio to sign-in', () => {
		const out = pageTable({
			signin: {
				median: 5,
				p95: 6,
				rawBytes: 2048,
				wireBytes: 2048,
				encoding: null,
				gzipBytes: 1024,
				rpc: null,
				auth: null,
				rps: 200
			},
			pages: [page({ rpc: null, auth: null, rps: 50 })]
		});
		const [, , signin, lead] = out.split('\n');
		expect(signin).toMatch(
			/^GET \/signin \(anon\)\s+5\.0\s+6\.0\s+2\.0\s+2\.0 raw\s+1\.0\s+n\/a\s+n\/a\s+200\s+×1\.00$/
		);
		expect(lead).toMatch(
			/^lead: \/review\s+20\.0\s+30\.0\s+40\.0\s+8\.0 br\s+10\.0\s+n\/a\s+n\/a\s+50\s+×0\.25$/
		);
	});

	it('the reference row comes after sign-in, with its ratio, and is never judged', () => {
		const reference = page({ label: 'reference: signed in, no rpc', rpc: 0, rps: 140 });
		const results = { signin: { ...page(), rps: 200 }, reference, pages: [page()], rss: null };
		const [, , , ref, lead] = pageTable(results).split('\n');
		expect(ref).toMatch(/^reference: signed in, no rpc\s.*\s0\s+0\s+140\s+×0\.70$/);
		expect(lead).toMatch(/^lead: \/review\s/);
		expect(judge(results).some((g) => g.page.startsWith('reference'))).toBe(false);
		expect(judge(results)).toHaveLength(judge({ ...results, reference: null }).length);
	});

	it('the goals table has a mark and a figure per goal', () => {
		const out = goalsTable(
			judge({ signin: { rps: 200 }, pages: [page({ median: 80 })], rss: null })
		);
		const [head, , row] = out.split('\n');
		expect(head).toContain('median ≤ 50 ms');
		expect(row).toContain('✗ 80.0 ms');
		expect(row).toContain('✓ 8.0 KB');
		expect(out).not.toContain('RSS');
	});

	it('counts print whole when whole', () => {
		expect(fmtCount(2)).toBe('2');
		expect(fmtCount(1.25)).toBe('1.3');
	});
});
