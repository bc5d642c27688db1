import type { Renderer } from '../types';
import { invoiceEmail } from './invoice-mail';

/**
 * To a booking's finance contact: its invoice, with the facts their accounts team needs and a
 * link to the invoice (page and PDF) that works without an account.
 */
export const invoiceIssued: Renderer = (payload, ctx) =>
	invoiceEmail(payload, ctx, (p) => ({
		subject: `Invoice ${p.number} from ${ctx.clinic.name}`,
		intro: `Here is our invoice ${p.number} for ${p.course_title}.`
	}));
