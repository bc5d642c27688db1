/** Full screen and an idle pointer: what the audience window and single-screen mode share. */

/** Whether the page is full screen (the Fullscreen API, or F11 filling the screen). */
export class FullscreenState {
	active = $state(false);

	/** Start tracking; returns the cleanup. */
	watch(): () => void {
		const update = () => (this.active = document.fullscreenElement !== null);
		update();
		document.addEventListener('fullscreenchange', update);
		return () => document.removeEventListener('fullscreenchange', update);
	}

	/** Must run in a user gesture (a click or a key press). Refusal is harmless: F11 still works. */
	async enter(): Promise<void> {
		if (document.fullscreenElement || !document.documentElement.requestFullscreen) return;
		await document.documentElement.requestFullscreen({ navigationUI: 'hide' }).catch(() => {});
	}

	async exit(): Promise<void> {
		if (document.fullscreenElement) await document.exitFullscreen().catch(() => {});
	}

	toggle(): Promise<void> {
		return document.fullscreenElement ? this.exit() : this.enter();
	}
}

/**
 * Hides on-screen controls and the pointer after a few seconds without moving the mouse, so
 * the projector shows only the slide; any movement or touch brings them back.
 */
export class Idle {
	idle = $state(false);
	#timer: ReturnType<typeof setTimeout> | undefined;
	readonly #after: number;

	constructor(afterMs = 3000) {
		this.#after = afterMs;
	}

	poke = (): void => {
		this.idle = false;
		clearTimeout(this.#timer);
		this.#timer = setTimeout(() => (this.idle = true), this.#after);
	};

	stop(): void {
		clearTimeout(this.#timer);
	}
}
