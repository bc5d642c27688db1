/**
 * The browser half of the player: watches a <video> and reports what was played to the page's
 * `?/progress` action (report_online_progress). `[]` on the first play starts a sitting; then a
 * report every ten seconds while playing, and at each pause and at the end. A report the server
 * refuses (more than could have played) is dropped; one the network loses is sent again with
 * the next.
 */
import { deserialize } from '$app/forms';
import { PlayedIntervals, type Interval } from './player';

const EVERY_MS = 10_000;

export interface Tracked {
	/** The module's percent watched after each accepted report. */
	onProgress: (p: { percent: number; complete: boolean }) => void;
}

export function trackPlayback(video: HTMLVideoElement, options: Tracked) {
	const played = new PlayedIntervals();
	let started = false;
	let queue: Promise<void> = Promise.resolve();

	const send = (intervals: Interval[]) => {
		queue = queue.then(async () => {
			const body = new FormData();
			body.set('intervals', JSON.stringify(intervals));
			try {
				const res = await fetch('?/progress', {
					method: 'POST',
					body,
					headers: { 'x-sveltekit-action': 'true' },
					keepalive: true
				});
				const result = deserialize(await res.text());
				if (result.type === 'success' && result.data) {
					const data = result.data as { percent: number; complete: boolean };
					options.onProgress({ percent: data.percent, complete: data.complete });
				}
			} catch {
				played.restore(intervals);
			}
		});
	};
	const flush = () => {
		const intervals = played.take();
		if (intervals.length) send(intervals);
	};

	const onPlay = () => {
		if (!started) {
			started = true;
			send([]);
		}
	};
	const onTime = () => {
		if (!video.paused && !video.seeking) played.tick(video.currentTime);
	};
	const onSeeking = () => played.stop();
	const onStop = () => {
		played.stop();
		flush();
	};
	const onHidden = () => {
		if (document.visibilityState === 'hidden') flush();
	};
	video.addEventListener('play', onPlay);
	video.addEventListener('timeupdate', onTime);
	video.addEventListener('seeking', onSeeking);
	video.addEventListener('pause', onStop);
	video.addEventListener('ended', onStop);
	document.addEventListener('visibilitychange', onHidden);
	const timer = setInterval(() => {
		if (!video.paused) flush();
	}, EVERY_MS);

	return {
		destroy() {
			clearInterval(timer);
			onStop();
			video.removeEventListener('play', onPlay);
			video.removeEventListener('timeupdate', onTime);
			video.removeEventListener('seeking', onSeeking);
			video.removeEventListener('pause', onStop);
			video.removeEventListener('ended', onStop);
			document.removeEventListener('visibilitychange', onHidden);
		}
	};
}
