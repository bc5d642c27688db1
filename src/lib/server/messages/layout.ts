import { escapeHtml } from '$lib/html';
import type { MessageContext } from './types';

/**
 * The common shape of every email: a greeting by first name, the body, the clinic's sign-off and
 * contact, and a footer saying why the person gets it. Templates write the body twice, as plain
 * text lines and as html paragraphs (each value escaped with escapeHtml).
 */
export interface Body {
	/** Paragraphs of plain text. */
	text: string[];
	/** The same paragraphs as html. */
	html: string[];
	/** Why this person gets this email, in one sentence. */
	why: string;
}

export function firstName(fullName: string): string {
	return fullName.trim().split(/\s+/)[0] || fullName;
}

export function layout(body: Body, ctx: MessageContext): { text: string; html: string } {
	const c = ctx.clinic;
	const hello = `Dear ${firstName(ctx.recipient.full_name)},`;
	const contact = [c.phone, c.email].filter(Boolean).join(' · ');
	const text = [hello, ...body.text, `With best wishes,\n${c.name}`, contact, '--', body.why]
		.filter(Boolean)
		.join('\n\n');
	const html = [
		`<p>${escapeHtml(hello)}</p>`,
		...body.html,
		`<p>With best wishes,<br>${escapeHtml(c.name)}</p>`,
		contact ? `<p>${escapeHtml(contact)}</p>` : '',
		`<p style="color:#555;font-size:0.9em">${escapeHtml(body.why)}</p>`
	].join('\n');
	return { text, html };
}

/** A link as html, with the address escaped. */
export function link(href: string, label: string): string {
	return `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`;
}
