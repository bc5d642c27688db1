import type { Attachment } from 'svelte/attachments';
import { swipeAction } from './deck';

/** {@attach swipe(fn)}: a one-finger swipe left calls fn('next'), right fn('previous'). */
export function swipe(onSwipe: (action: 'next' | 'previous') => void): Attachment<HTMLElement> {
	return (node) => {
		let start: { x: number; y: number } | null = null;
		const down = (event: TouchEvent) => {
			const touch = event.touches[0];
			start = event.touches.length === 1 && touch ? { x: touch.clientX, y: touch.clientY } : null;
		};
		const up = (event: TouchEvent) => {
			const touch = event.changedTouches[0];
			if (!start || !touch) return;
			const action = swipeAction(touch.clientX - start.x, touch.clientY - start.y);
			start = null;
			if (action) onSwipe(action);
		};
		const cancel = () => (start = null);
		node.addEventListener('touchstart', down, { passive: true });
		node.addEventListener('touchend', up, { passive: true });
		node.addEventListener('touchcancel', cancel, { passive: true });
		return () => {
			node.removeEventListener('touchstart', down);
			node.removeEventListener('touchend', up);
			node.removeEventListener('touchcancel', cancel);
		};
	};
}
