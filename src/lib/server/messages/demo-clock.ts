/**
 * The demo's clock for the worker (/dev/clock): real time plus an offset a tester can move
 * forward, kept in this server's memory, so a reminder or a retry can fall due without waiting.
 * The demo's worker reads it, and the embedded backend passes it to SQL's private.clock() (the
 * online training's opening date); the database's now() (offers, page times) does not move.
 */
let offsetMs = 0;

export const demoClock = {
	now: (): Date => new Date(Date.now() + offsetMs),
	offsetMs: (): number => offsetMs,
	/** Move forward (never back: what was due stays due). */
	forward(ms: number): void {
		if (Number.isFinite(ms) && ms > 0) offsetMs += ms;
	},
	/** Back to real time. */
	reset(): void {
		offsetMs = 0;
	}
};
