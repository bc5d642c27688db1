/**
 * Where a place stands with the online training, in the words the trainee (and their booker)
 * read. The SQL gives the facts (private.place_online_status); this is the one place they become
 * words, so /training, the online training pages and /bookings never disagree.
 */
import { printedDate } from '$lib/money/format';
import { londonDate } from '$lib/schedule/london';
import type { AttendeeOnlineStatus } from './status';

export interface WordsFor {
	/** 'trainee': the person whose place it is; 'booker': the person who booked it for them. */
	reader: 'trainee' | 'booker';
	/** For the trainee: whether someone else (their employer) booked the place. */
	bookedBySomeoneElse?: boolean;
}

function videos(done: number, of: number): string {
	return `${done} of ${of} ${of === 1 ? 'video' : 'videos'} watched`;
}

function opens(s: AttendeeOnlineStatus): string {
	return s.opens_on ? `Opens on ${printedDate(s.opens_on)}` : 'Opens a month before the course';
}

/** The place's online training in one line, e.g. "Open — 3 of 9 videos watched". */
export function onlineWords(s: AttendeeOnlineStatus, who: WordsFor): string {
	const booker = who.reader === 'booker';
	const partPaid = s.money_state === 'part paid';
	switch (s.state) {
		case 'not_included':
			return booker ? 'Not included in this place' : 'Not included in your place';
		case 'withdrawn':
			if (s.money_state === 'refunded')
				return booker ? 'Closed: the place was refunded' : 'Closed: this place was refunded';
			return booker ? 'Closed: the place was cancelled' : 'Closed: this place was cancelled';
		case 'not_ready':
			return 'Opens a month before the course, once its dates are set';
		case 'unpaid':
			if (!s.date_reached)
				return `${opens(s)}, once ${booker ? 'the' : 'your'} place is ${partPaid ? 'paid in full' : 'paid for'}`;
			if (booker) return partPaid ? 'Waiting for the rest of the payment' : 'Waiting for payment';
			if (who.bookedBySomeoneElse)
				return partPaid
					? 'Your employer’s invoice is part paid'
					: 'Your employer’s invoice is awaiting payment';
			return partPaid ? 'Your invoice is part paid' : 'Your invoice is awaiting payment';
		case 'before_opening':
			return opens(s);
		case 'open':
		case 'open_early':
			if (s.complete) {
				if (booker) return 'Finished';
				return s.done >= s.modules
					? `Complete — all ${s.modules} ${s.modules === 1 ? 'video' : 'videos'} watched`
					: 'Complete — marked complete by the training team';
			}
			if (booker) return videos(s.done, s.modules);
			return `${s.state === 'open' ? 'Open' : 'Opened early for you'} — ${videos(s.done, s.modules)}`;
	}
}

/** What became of the trainee's request to start early, or null when there is nothing to say. */
export function requestWords(
	request: { requested_at: string; answer: 'granted' | 'declined' | null } | null
): string | null {
	if (!request) return null;
	const on = printedDate(londonDate(new Date(request.requested_at))).replace(/ \d{4}$/, '');
	if (request.answer === null) return `You asked on ${on}; the training team will reply by email.`;
	if (request.answer === 'declined')
		return `You asked on ${on}; the training team could not open it early.`;
	return null;
}

/** A film's length: "20 seconds", "1 minute", "38 minutes", "1 hour 5 minutes". */
export function filmLength(seconds: number): string {
	if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
	const minutes = Math.round(seconds / 60);
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	const mins = `${m} ${m === 1 ? 'minute' : 'minutes'}`;
	if (h === 0) return mins;
	return `${h} ${h === 1 ? 'hour' : 'hours'}${m ? ` ${mins}` : ''}`;
}

/** A booking's attendees' online training: "1 of 3 have finished", "0 of 1 has finished". */
export function teamProgress({ finished, places }: { finished: number; places: number }): string {
	return `${finished} of ${places} ${places === 1 ? 'has' : 'have'} finished`;
}
