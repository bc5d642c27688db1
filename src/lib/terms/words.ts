import type { BookingChangePage } from './types';

/** A percentage without needless decimals: 10, 12.5. */
export function percent(n: number): string {
	return `${Number(n.toFixed(2))}%`;
}

/** The course's booking terms as three plain sentences. */
export function termsInWords(t: BookingChangePage['terms']): string[] {
	return [
		`Cancelling: ${percent(t.refund_full_percent)} of a place’s price back with at least ${t.refund_full_notice_days} days’ notice before the first day, ${percent(t.refund_part_percent)} with at least ${t.refund_part_notice_days} days, nothing with less.`,
		`Moving a place to a later course (once per place): a fee of ${percent(t.transfer_fee_percent)} of its price, or ${percent(t.late_transfer_fee_percent)} with fewer than ${t.late_notice_days} days’ notice.`,
		'Changing who attends a place: free.'
	];
}

/** What a finished change did, for the notice at the top of the page. */
export const DONE: Record<string, string> = {
	cancel: 'The places are cancelled. The credit note, if any, is listed below.',
	transfer: 'The places have moved to the new course, on a new booking with its own invoice.',
	substitute: 'The attendee is changed, and we have emailed them an invitation.'
};
