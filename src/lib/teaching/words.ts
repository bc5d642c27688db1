/**
 * The attendee table's cells in plain words. Where a trainee stands comes from the rule
 * (private.online_access) and their progress from private.online_progress_summary: these only
 * say it, never decide it.
 */
import { printedDate } from '$lib/money/format';
import type { Attendee } from './types';

/** The booking's payment state as the training staff say it. */
export function paymentWords(state: string | null): string {
	switch (state) {
		case 'paid':
			return 'Paid';
		case 'part paid':
			return 'Part paid';
		case 'awaiting payment':
			return 'Awaiting payment';
		case 'refunded':
			return 'Refunded';
		case 'cancelled':
			return 'Cancelled';
		default:
			return '—';
	}
}

/** The online training: progress when it is open or done, else why it is not open. */
export function onlineWords(a: Pick<Attendee, 'access' | 'progress' | 'marked'>): string {
	const { access, progress, marked } = a;
	if (access.state === 'not_included') return 'Not included';
	if (marked) return `Marked finished by ${marked.by ?? 'the training staff'}: ${marked.reason}`;
	if (progress?.complete) return 'Finished';
	switch (access.state) {
		case 'withdrawn':
			return 'Withdrawn';
		case 'unpaid':
			return 'Unpaid';
		case 'not_ready':
			return 'Not ready: the course has no dates yet';
		case 'before_opening':
			return access.opens_on ? `Opens on ${printedDate(access.opens_on)}` : 'Not open yet';
		default: {
			const early = access.state === 'open_early' ? ' (early access)' : '';
			if (!progress) return `Open${early}: no account yet`;
			return `${progress.done} of ${progress.modules}${early}`;
		}
	}
}

/** Whether the attendee has finished the online training (by the summary, or marked by hand). */
export function finished(a: Pick<Attendee, 'progress' | 'marked'>): boolean {
	return Boolean(a.marked || a.progress?.complete);
}

/** One day's register mark: "Present", "Late 09:50", "Left 15:10", "Absent", or "—". */
export function attendanceWords(mark: { status: string | null; at_time: string | null }): string {
	switch (mark.status) {
		case 'present':
			return 'Present';
		case 'late':
			return `Late ${mark.at_time ?? ''}`.trim();
		case 'left_early':
			return `Left ${mark.at_time ?? ''}`.trim();
		case 'absent':
			return 'Absent';
		default:
			return '—';
	}
}

/** The summary line under the table: "5 of 8 have finished the online training". */
export function summaryLine(attendees: Pick<Attendee, 'progress' | 'marked' | 'access'>[]): string {
	const counted = attendees.filter((a) => a.access.state !== 'not_included');
	const done = counted.filter(finished).length;
	if (counted.length === 0) return 'No attendee’s place includes the online training.';
	return `${done} of ${counted.length} ${counted.length === 1 ? 'has' : 'have'} finished the online training`;
}
