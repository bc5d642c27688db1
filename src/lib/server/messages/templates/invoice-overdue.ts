import { printedDate } from '$lib/money/format';
import type { Renderer } from '../types';
import { invoiceEmail } from './invoice-mail';

/** To the finance contact of an invoice past its due date (at most once a week, in SQL). */
export const invoiceOverdue: Renderer = (payload, ctx) =>
	invoiceEmail(payload, ctx, (p) => ({
		subject: `Reminder: invoice ${p.number} is overdue`,
		intro:
			`Our invoice ${p.number} was due on ${printedDate(p.due_on)} and we have not yet received ` +
			'payment in full. If you have paid in the last few days, thank you, and please ignore this.'
	}));
