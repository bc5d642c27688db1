import { describe, expect, it } from 'vitest';
import { merge, PlayedIntervals } from './player';

/** timeupdates every quarter second from `from` to `to` (as a playing film sends them). */
function play(p: PlayedIntervals, from: number, to: number, step = 0.25) {
	for (let t = from; t <= to + 1e-9; t += step) p.tick(Math.round(t * 100) / 100);
}

describe('the seconds a film actually played', () => {
	it('is one interval while it plays, cut where it has got to at each report', () => {
		const p = new PlayedIntervals();
		play(p, 0, 6);
		expect(p.take()).toEqual([[0, 6]]);
		play(p, 6.25, 10);
		expect(p.take()).toEqual([[6, 10]]);
		expect(p.take()).toEqual([]);
	});

	it('does not fill the gap when the film jumps ahead: seeking starts a new interval', () => {
		const p = new PlayedIntervals();
		play(p, 0, 3);
		p.tick(15); // a seek from 3 s to 15 s, seen only as the next timeupdate
		play(p, 15.25, 17);
		expect(p.take()).toEqual([
			[0, 3],
			[15, 17]
		]);
	});

	it('treats a jump of up to 2 seconds as playing (a slow timeupdate), and more as a seek', () => {
		const p = new PlayedIntervals();
		p.tick(0);
		p.tick(2);
		p.tick(4.5);
		p.tick(5);
		expect(p.take()).toEqual([
			[0, 2],
			[4.5, 5]
		]);
	});

	it('starts again after a seek backwards, so re-watching is reported (and counted once by the server)', () => {
		const p = new PlayedIntervals();
		play(p, 0, 8);
		p.stop(); // the seeking event
		play(p, 2, 4);
		expect(p.take()).toEqual([
			[0, 8],
			[2, 4]
		]);
	});

	it('reports nothing for a pause, and keeps what a failed report did not deliver', () => {
		const p = new PlayedIntervals();
		p.tick(5);
		p.stop();
		expect(p.take()).toEqual([]);
		play(p, 5, 7);
		p.stop();
		const sent = p.take();
		p.restore(sent);
		play(p, 9, 10);
		expect(p.take()).toEqual([
			[5, 7],
			[9, 10]
		]);
	});

	it('never sends more than 50 intervals: they are merged first', () => {
		const p = new PlayedIntervals();
		for (let i = 0; i < 60; i++) {
			p.tick(i * 10);
			p.tick(i * 10 + 1);
			p.stop();
		}
		const sent = p.take();
		expect(sent.length).toBe(50);
		expect(sent.at(-1)).toEqual([590, 591]);
	});

	it('ignores times that are not a position in the film', () => {
		const p = new PlayedIntervals();
		p.tick(Number.NaN);
		p.tick(-1);
		expect(p.take()).toEqual([]);
	});

	it('merges overlapping and touching intervals', () => {
		expect(
			merge([
				[5, 7],
				[0, 2],
				[2, 3],
				[6, 9]
			])
		).toEqual([
			[0, 3],
			[5, 9]
		]);
	});
});
