import { replaceState } from '$app/navigation';
import {
	actionForKey,
	channelName,
	hashFor,
	indexFromHash,
	keyBelongsToTarget,
	readMessage,
	step,
	type DeckAction,
	type DeckMessage,
	type DeckRole,
	type DeckState
} from './deck';

/**
 * One window's view of the deck, kept in step with the other windows of the same browser over a
 * BroadcastChannel. Changing slide touches only this state, the URL hash (replaceState, so no
 * history entries and no navigation) and the channel: it never makes a network request.
 */
export class DeckController {
	index = $state(0);
	blank = $state(false);
	/** Whether an audience window is open: it said hello (or sent its state) and not goodbye. */
	audienceOpen = $state(false);
	readonly count: number;
	readonly #role: DeckRole;
	readonly #channelName: string;
	#channel: BroadcastChannel | null = null;

	constructor(options: { count: number; role: DeckRole; groupId: string; number: number }) {
		this.count = options.count;
		this.#role = options.role;
		this.#channelName = channelName(options.groupId, options.number);
	}

	get state(): DeckState {
		return { index: this.index, blank: this.blank };
	}

	act = (action: DeckAction): void => {
		this.#apply(step(this.state, action, this.count), true);
	};

	/** For <svelte:window onkeydown>: both windows answer the same keys. */
	onkeydown = (event: KeyboardEvent): void => {
		if (event.defaultPrevented) return;
		const action = actionForKey(event);
		if (!action) return;
		const target = event.target;
		if (
			target instanceof HTMLElement &&
			keyBelongsToTarget(event.key, {
				tagName: target.tagName,
				isContentEditable: target.isContentEditable,
				ownsKeys: target.closest('[data-deck-keys="own"]') !== null
			})
		) {
			return;
		}
		event.preventDefault();
		// Holding B down would flicker the screen; holding an arrow key moves on, as in any deck.
		if (action === 'blank' && event.repeat) return;
		this.act(action);
	};

	/**
	 * Start listening: take the slide from the URL hash, join the channel and ask the other
	 * windows where they are. Returns the cleanup, for $effect or onMount.
	 */
	connect(): () => void {
		const fromHash = indexFromHash(location.hash, this.count);
		if (fromHash !== null) this.index = fromHash;
		if (typeof BroadcastChannel !== 'function') return () => {};
		const channel = new BroadcastChannel(this.#channelName);
		channel.onmessage = (event: MessageEvent) => this.#receive(event.data);
		this.#channel = channel;
		const hello = () => this.#post({ type: 'hello', from: this.#role });
		const bye = () => this.#post({ type: 'bye', from: this.#role });
		const shown = (event: PageTransitionEvent) => {
			if (event.persisted) hello();
		};
		// Someone typed a slide number into the address bar.
		const typed = () => {
			const index = indexFromHash(location.hash, this.count);
			if (index !== null) this.#apply({ index, blank: this.blank }, true);
		};
		addEventListener('pagehide', bye);
		addEventListener('pageshow', shown);
		addEventListener('hashchange', typed);
		hello();
		return () => {
			removeEventListener('pagehide', bye);
			removeEventListener('pageshow', shown);
			removeEventListener('hashchange', typed);
			bye();
			channel.close();
			this.#channel = null;
		};
	}

	#receive(data: unknown): void {
		const message = readMessage(data, this.count);
		if (!message) return;
		if (message.from === 'audience') this.audienceOpen = message.type !== 'bye';
		if (message.type === 'hello') this.#post({ type: 'state', from: this.#role, ...this.state });
		if (message.type === 'state') {
			this.#apply({ index: message.index, blank: message.blank }, false);
		}
	}

	#apply(next: DeckState, announce: boolean): void {
		const moved = next.index !== this.index;
		if (!moved && next.blank === this.blank) return;
		this.index = next.index;
		this.blank = next.blank;
		// Only the fragment changes (the page stays), so there is no path to resolve().
		// eslint-disable-next-line svelte/no-navigation-without-resolve -- a '#slide-N' fragment
		if (moved) replaceState(hashFor(next.index), {});
		if (announce) this.#post({ type: 'state', from: this.#role, ...next });
	}

	#post(message: DeckMessage): void {
		this.#channel?.postMessage(message);
	}
}
