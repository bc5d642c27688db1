/**
 * Text made safe to put inside HTML, as element content or a quoted attribute: the five
 * characters HTML gives meaning to become numeric character references. Every email template
 * and the Markdown renderer use this one.
 */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
