/**
 * What the trainee actually played of a stored film, as [from, to] second intervals for
 * report_online_progress. Only time that passes while the film plays counts: a jump of more than
 * `maxJump` seconds (a seek, forwards or back) closes the interval and starts a new one, so
 * skipping ahead never fills the gap. The server merges and caps what it is sent; this only has
 * to be honest about what played.
 */
export type Interval = [number, number];

/** More than the server takes in one report (it refuses over 50). */
const MAX_PER_REPORT = 50;

export class PlayedIntervals {
	private open: Interval | null = null;
	private closed: Interval[] = [];

	constructor(private readonly maxJump = 2) {}

	/** The film is playing and is now at `t` seconds (a timeupdate while not paused or seeking). */
	tick(t: number): void {
		if (!Number.isFinite(t) || t < 0) return;
		if (this.open && t >= this.open[1] && t - this.open[1] <= this.maxJump) {
			this.open[1] = t;
			return;
		}
		this.stop();
		this.open = [t, t];
	}

	/** Playback stopped or jumped (pause, seeking, ended): the open interval ends where it got to. */
	stop(): void {
		if (this.open && this.open[1] > this.open[0]) this.closed.push(this.open);
		this.open = null;
	}

	/**
	 * The intervals to report now, forgotten once taken; an interval still playing is cut at
	 * where it has got to and carries on from there.
	 */
	take(): Interval[] {
		const out = this.closed;
		this.closed = [];
		if (this.open && this.open[1] > this.open[0]) {
			out.push([this.open[0], this.open[1]]);
			this.open = [this.open[1], this.open[1]];
		}
		return out.length > MAX_PER_REPORT ? merge(out).slice(-MAX_PER_REPORT) : out;
	}

	/** Put back what a report could not deliver (the network failed), to send with the next. */
	restore(intervals: Interval[]): void {
		this.closed = [...intervals, ...this.closed];
	}
}

/** Overlapping or touching intervals as one, in order. */
export function merge(intervals: Interval[]): Interval[] {
	const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
	const out: Interval[] = [];
	for (const [from, to] of sorted) {
		const last = out.at(-1);
		if (last && from <= last[1]) last[1] = Math.max(last[1], to);
		else out.push([from, to]);
	}
	return out;
}
